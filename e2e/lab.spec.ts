// The page on SwiftShader WebGPU: a run's table and window.__gradscope equal the CLI's JSON
// for the same parameters; cancel keeps finished rows; bad input is reported by the form.
// Fails, never skips, when the browser gives no WebGPU adapter.
import { expect, test } from '@playwright/test';
import type { BookResult, QualityResult, TrajectoryResult } from '../src/experiments/types';
import type { PageResults } from '../src/ui/main';
import { cliJson, expectGpuReady, expectPageMatches, fillForm, runEnds, runToDone } from './helpers';

test('a run shows the same numbers as the CLI for the same parameters', async ({ page }) => {
  const quality = cliJson<QualityResult>(['quality', '--n', '20000', '--trials', '200', '--batches', '1,4,16,64', '--seed', '5']);
  const trajectory = cliJson<TrajectoryResult>(['trajectory', '--n', '20000', '--batches', '1,256', '--steps', '60', '--seed', '5']);

  await page.goto('/?tuning=default');
  await expectGpuReady(page);
  await fillForm(page, { '--n': '20000', '--seed': '5', '--trials': '200', '--batches': '1,4,16,64', '--traj-batches': '1,256', '--steps': '60' });
  await runToDone(page);
  await page.screenshot({ path: 'screenshots/page-done.png', fullPage: true });
  await expectPageMatches(page, quality, trajectory);
});

test("python mode replays the chapter's program: the CLI's book, and the chapter's printed output", async ({ page }) => {
  const book = cliJson<BookResult>(['book', '--rng', 'python']);

  await page.goto('/?tuning=default');
  await expectGpuReady(page);
  await page.selectOption('[name="--rng"]', 'python');
  await runToDone(page);
  await page.screenshot({ path: 'screenshots/page-python.png', fullPage: true });
  await expectPageMatches(page, book.quality, book.trajectory);

  // And it prints what the chapter printed (Output 10.2.1), though the GPU sums in f32.
  const shown = (path: string) => page.locator(`[data-path="${path}"]`).first().textContent();
  expect(await shown('fullGradient.0')).toBe('-5.9093');
  const rows = [['-5.4570', '8.3614', ''], ['-5.8701', '4.2280', '0.51x'], ['-6.0549', '2.0797', '0.49x'], ['-5.7980', '1.0175', '0.49x'], ['-5.8951', '0.5176', '0.51x'], ['-5.9086', '0.2555', '0.49x']];
  for (const [i, [mean, std, ratio]] of rows.entries()) {
    expect([await shown(`rows.${i}.mean.0`), await shown(`rows.${i}.std.0`), await shown(`rows.${i}.ratio`)]).toEqual([mean, std, ratio]);
  }
  const losses = [['1.1680', '0.0102', '0.0100', '0.0109', '0.0100', '0.0110', '3.0321'], ['7.1306', '0.6862', '0.0583', '0.0142', '0.0103', '0.0100', '2.9958']];
  for (const [i, run] of losses.entries()) {
    const got = await page.locator(`#trajectory-table tbody tr:nth-child(${i + 1}) [data-path]:not([data-format="int"])`).allTextContents();
    expect(got).toEqual(run);
  }
});

test('cancel stops the run and keeps the rows that finished', async ({ page }) => {
  await page.goto('/?tuning=default');
  await expectGpuReady(page);
  await fillForm(page, { '--n': '20000', '--trials': '20000', '--batches': '1,4,16,64,256,1024,4096' });
  await page.click('#run');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'running');
  await expect.poll(async () => Number(await page.locator('.progress').getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  await page.click('#cancel');
  expect(await runEnds(page)).toBe('cancelled');
  const results = await page.evaluate(() => window.__gradscope as PageResults);
  const rows = results.quality!.rows.length;
  expect(rows).toBeLessThan(7);
  expect(results.trajectory).toBeNull();
  await expect(page.locator('#quality-table tbody tr')).toHaveCount(rows);
  await expect(page.locator('#quality-summary .tag')).toContainText('partial');
  await expect(page.locator('#status-text')).toContainText('Cancelled');
  await expect(page.locator('#run')).toBeEnabled();
  await page.screenshot({ path: 'screenshots/page-cancelled.png', fullPage: true });
});

test('invalid parameters are reported next to the form, and nothing runs', async ({ page }) => {
  await page.goto('/?tuning=default');
  await expectGpuReady(page);
  await fillForm(page, { '--trials': '1' });
  await page.click('#run');
  await expect(page.locator('#param-error')).toBeVisible();
  await expect(page.locator('#param-error')).toContainText('--trials');
  await expect(page.locator('[name="--trials"]')).toHaveAttribute('aria-invalid', 'true');
  await fillForm(page, { '--trials': '200', '--traj-batches': '1,x' });
  await page.click('#run');
  await expect(page.locator('#param-error')).toContainText('--traj-batches: expected a number, got "x"');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'idle');
  await page.screenshot({ path: 'screenshots/page-invalid.png' });
  // torch.optim.SGD's rule: Nesterov needs momentum > 0.
  await fillForm(page, { '--traj-batches': '1,256' });
  await page.check('[name="--nesterov"]');
  await page.click('#run');
  await expect(page.locator('#param-error')).toContainText('--nesterov: needs --momentum > 0');
  await expect(page.locator('[name="--nesterov"]')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'idle');
});
