// The throughput panel on SwiftShader WebGPU: its own Run fills the table and draws the
// two saturation plots from window.__gradscope's result; Cancel keeps finished rows; bad
// input is reported by the panel's form. Fails, never skips, without a WebGPU adapter.
import { expect, test, type Page } from '@playwright/test';
import type { ThroughputResult } from '../src/experiments/types';
import { format, type FormatName } from '../src/ui/format';
import type { PageResults } from '../src/ui/main';
import { at, expectGpuReady, runEnds, shownNumbers } from './helpers';

async function fillThroughput(page: Page, values: Record<string, string>): Promise<void> {
  for (const [flag, text] of Object.entries(values)) await page.fill(`[name="throughput${flag}"]`, text);
}

const throughputResult = async (page: Page) => (await page.evaluate(() => window.__gradscope as PageResults)).throughput;

test('a throughput run shows its rows, b_sat and both plots', async ({ page }) => {
  await page.goto('/');
  await expectGpuReady(page);
  await fillThroughput(page, { '--max-batch': '16384', '--steps': '2', '--min-time': '20', '--repeats': '1' });
  await page.click('#run-throughput');
  const state = await runEnds(page);
  expect(state, `run ended in "${state}": ${await page.locator('#status-text').textContent()}`).toBe('done');

  const r = (await throughputResult(page))!;
  expect(r.experiment).toBe('throughput');
  expect(r.adapter.host).toBe('browser');
  expect(r.rows).toHaveLength(2 * 15);
  const features = await page.evaluate(async () => [...(await navigator.gpu.requestAdapter())!.features]);
  expect(r.timestampQuery).toBe(features.includes('timestamp-query'));
  for (const row of r.rows) {
    expect(row.examplesPerSec).toBeGreaterThan(0);
    if (!r.timestampQuery) expect(row.timer).toBe('wall');
  }
  expect(r.bSat.sync).toEqual(expect.any(Number));
  expect(r.bSat.pipelined).toEqual(expect.any(Number));

  await expect(page.locator('#throughput-table tbody tr')).toHaveCount(15);
  const shown = await shownNumbers(page, '#throughput-panel');
  expect(shown.length).toBe(15 * 5 + 2);   // b and four numbers per row, b_sat of both modes
  for (const { path, format: name, text } of shown) expect(text, path).toBe(format(at(r, path) as number, name as FormatName));
  await expect(page.locator('#throughput-table td.knee')).toHaveCount(4);
  await expect(page.locator('#throughput-summary')).toContainText(r.timestampQuery ? 'GPU timestamp queries' : 'wall clock');
  await expect(page.locator('#plot-throughput canvas')).toHaveCount(1);
  await expect(page.locator('#plot-step-time canvas')).toHaveCount(1);
  await expect(page.locator('#plot-throughput .u-legend')).toContainText('pipelined examples/s');
  await page.locator('#throughput-panel').screenshot({ path: 'screenshots/throughput.png' });
});

test('cancel stops a throughput run and keeps the finished rows', async ({ page }) => {
  await page.goto('/');
  await expectGpuReady(page);
  await fillThroughput(page, { '--min-time': '50', '--repeats': '1' });   // default sizes: b up to 2^20
  await page.click('#run-throughput');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'running');
  await expect(page.locator('#run')).toBeDisabled();
  await expect.poll(async () => Number(await page.locator('.progress').getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  await page.click('#cancel');
  expect(await runEnds(page)).toBe('cancelled');
  const r = (await throughputResult(page)) as ThroughputResult;
  expect(r.rows.length).toBeGreaterThan(0);
  expect(r.rows.length).toBeLessThan(42);
  await expect(page.locator('#throughput-table tbody tr')).toHaveCount(new Set(r.rows.map((row) => row.batch)).size);
  await expect(page.locator('#throughput-summary .tag')).toContainText('partial');
  await expect(page.locator('#run-throughput')).toBeEnabled();
  await expect(page.locator('#run')).toBeEnabled();
});

test('invalid throughput parameters are reported in the panel, and nothing runs', async ({ page }) => {
  await page.goto('/');
  await expectGpuReady(page);
  await fillThroughput(page, { '--max-batch': '1000' });
  await page.click('#run-throughput');
  await expect(page.locator('#throughput-error')).toBeVisible();
  await expect(page.locator('#throughput-error')).toContainText('--max-batch: must be a power of two');
  await expect(page.locator('[name="throughput--max-batch"]')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'idle');
});
