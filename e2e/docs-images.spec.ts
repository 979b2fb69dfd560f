// Regenerates the README's screenshots, docs/page.png and docs/lr-scaling.png, from runs
// with the default parameters at the suite's 1400×1000 viewport. Skipped unless asked for:
//   GRADSCOPE_DOCS_IMAGES=1 npx playwright test e2e/docs-images.spec.ts
import { expect, test } from '@playwright/test';
import { expectGpuReady, runEnds } from './helpers';

test.skip(!process.env.GRADSCOPE_DOCS_IMAGES, 'regenerates docs/*.png only with GRADSCOPE_DOCS_IMAGES=1');

test('docs/page.png: the top of the page after a default run of the main form', async ({ page }) => {
  await page.goto('/?tuning=default');
  await expectGpuReady(page);
  await page.click('#run');
  expect(await runEnds(page)).toBe('done');
  // From the top of the page to the bottom of the loss trajectories, in a viewport that tall
  // (a full-page capture would move the sticky form with the scroll position).
  await page.evaluate(() => window.scrollTo(0, 0));
  const bottom = Math.ceil(await page.locator('#trajectory-panel').evaluate((el) => el.getBoundingClientRect().bottom)) + 20;
  await page.setViewportSize({ width: 1400, height: bottom });
  await expect(page.locator('#controls')).toBeInViewport();
  await page.screenshot({ path: 'docs/page.png', clip: { x: 0, y: 0, width: 1400, height: bottom } });
});

test('docs/lr-scaling.png: the learning-rate scaling panel after a default run', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/?tuning=default');
  await expectGpuReady(page);
  await page.click('#run-lr-scaling');
  expect(await runEnds(page, 240_000)).toBe('done');
  await page.locator('#lr-scaling-panel').screenshot({ path: 'docs/lr-scaling.png' });
});
