// Chromium launched without the WebGPU flags: the page must say how to enable WebGPU
// (not go blank, not pretend to be ready).
import { expect, test } from '@playwright/test';

test('without WebGPU the page explains how to enable it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?tuning=default');
  await expect(page.locator('body')).toHaveAttribute('data-gpu', 'missing', { timeout: 30_000 });
  await expect(page.locator('body')).toHaveAttribute('data-state', 'error');
  await expect(page.locator('#gpu-notice')).toBeVisible();
  await expect(page.locator('#gpu-notice h2')).toHaveText('WebGPU is not available here');
  await expect(page.locator('#webgpu-help')).toContainText('--enable-unsafe-webgpu');
  await expect(page.locator('#adapter')).toContainText('none');
  await expect(page.locator('#run')).toBeDisabled();
  await expect(page.locator('#run-throughput')).toBeDisabled();
  await expect(page.locator('#controls fieldset')).toHaveCount(3);
  expect(errors).toEqual([]);
  await page.screenshot({ path: 'screenshots/no-webgpu.png', fullPage: true });
});
