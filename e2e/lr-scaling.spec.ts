// The learning-rate scaling panel on SwiftShader WebGPU: a run's table, verdicts and
// window.__gradscope equal the CLI's JSON for the same parameters, the loss (and, for
// logreg, accuracy) plots are drawn against epochs, least squares says it has no accuracy,
// bad input is reported by the panel's form, and Cancel keeps the finished runs. One page
// serves every test; sizes are small.
import { expect, test, type Page } from '@playwright/test';
import type { LrScalingResult } from '../src/experiments/lr-scaling';
import { verdict } from '../src/experiments/lr-scaling';
import { cliJson, clickRun, comparable, expectNumbersMatch, fillPanel, pageResults, runEnds, useSharedPage } from './helpers';

let page: Page;
useSharedPage((p) => (page = p));

const fill = (values: Record<string, string>) => fillPanel(page, 'lr-scaling', values);
const run = () => clickRun(page, '#run-lr-scaling');
const result = async () => (await pageResults(page)).lrScaling!;

/** The table's verdict column: the CLI's verdict() of each run (in words past a 100% shortfall). */
async function expectVerdicts(r: LrScalingResult): Promise<void> {
  const rows = page.locator('#lr-scaling-table tbody tr');
  await expect(rows).toHaveCount(r.runs.length);
  for (const [i, run] of r.runs.entries()) {
    await expect(rows.nth(i)).toHaveAttribute('data-variant', run.variant);
    await expect(rows.nth(i).locator('td.verdict')).toHaveText(i === 0 ? 'the reference' : verdict(run, r.runs[0]));
  }
}

test('logreg: the five runs, verdicts, loss and accuracy against epochs as the CLI', async () => {
  const args = { '--n': '2048', '--d': '2', '--b': '8', '--k': '4', '--epochs': '1', '--seed': '1' };
  const cli = cliJson<LrScalingResult>(['lr-scaling', ...Object.entries(args).flat()]);
  await fill(args);
  await run();
  const r = await result();
  expect(r.adapter.host).toBe('browser');
  expect(comparable(r)).toEqual(comparable(cli));
  // the initial loss and accuracy, and per run: batch, lr, steps, final loss and accuracy (+ the warmup's steps)
  await expectNumbersMatch(page, '#lr-scaling-panel', cli, 2 + 5 * 5 + 1);
  await expectVerdicts(r);
  await expect(page.locator('#lr-scaling-table thead')).toContainText('accuracy');
  await expect(page.locator('#plot-lr-loss canvas')).toHaveCount(1);
  await expect(page.locator('#plot-lr-accuracy canvas')).toHaveCount(1);
  await expect(page.locator('#plot-lr-accuracy')).toBeVisible();
  await expect(page.locator('#lr-scaling-note')).toBeHidden();
  for (const name of ['baseline', '(a) same η', '(b) linear K·η', '(c) K·η + warmup', '(d) √K·η']) {
    await expect(page.locator('#lr-scaling-legend')).toContainText(name);
  }
  await page.locator('#lr-scaling-panel').screenshot({ path: 'screenshots/panel-lr-scaling.png' });
});

test('linreg past the stable rate: runs diverge, the verdict says where, no accuracy (a note instead)', async () => {
  const args = { '--model': 'linreg', '--noise': '0.1', '--lr': '0.6', '--n': '2048', '--d': '2', '--b': '8', '--k': '4', '--epochs': '1', '--seed': '0' };
  const cli = cliJson<LrScalingResult>(['lr-scaling', ...Object.entries(args).flat()]);
  expect(cli.runs.filter((r) => r.divergedAt !== null).length).toBeGreaterThan(0);
  await fill(args);
  await expect(page.locator('label[for="lr-scaling-noise"]')).toContainText('label-noise std');
  await run();
  const r = await result();
  expect(comparable(r)).toEqual(comparable(cli));
  await expectNumbersMatch(page, '#lr-scaling-panel', r, 1 + 5 * 4);
  await expectVerdicts(r);
  await expect(page.locator('#lr-scaling-table td.verdict.bad').first()).toContainText('diverged: loss not finite by step');
  await expect(page.locator('#lr-scaling-table tr[data-variant="sqrt"] td.verdict')).toHaveText("misses all of the baseline's progress: ends above the loss at w = 0");
  await expect(page.locator('#lr-scaling-table [data-path="runs.4.finalLoss"]')).toHaveAttribute('data-format', 'sig4');
  await expect(page.locator('#lr-scaling-table thead')).not.toContainText('accuracy');
  await expect(page.locator('#plot-lr-loss canvas')).toHaveCount(1);
  await expect(page.locator('#plot-lr-accuracy')).toBeHidden();
  await expect(page.locator('#lr-scaling-note')).toHaveText(/no accuracy/);
  await expect(page.locator('#lr-scaling-legend')).toContainText('diverged');
  await page.locator('#lr-scaling-panel').screenshot({ path: 'screenshots/panel-lr-scaling-linreg.png' });
});

test('bad input is reported under the panel\'s form, and nothing runs', async () => {
  const bad: [Record<string, string>, string][] = [
    [{ '--model': 'logreg', '--noise': '0.7' }, '--noise: with --model logreg it is the probability a label flips, from 0 to 0.5; got 0.7'],
    [{ '--noise': '0.05', '--model': 'linreg', '--margin': '1' }, '--margin: applies only with --model logreg'],
    [{ '--model': 'logreg', '--n': '2048', '--b': '64', '--k': '64' }, '--k: K·b = 4096 must be at most n = 2048'],
    [{ '--k': '4', '--epochs': '1', '--warmup': '2' }, '--warmup: must be at most --epochs (1), got 2'],
  ];
  for (const [values, message] of bad) {
    await fill(values);
    await page.click('#run-lr-scaling');
    await expect(page.locator('#lr-scaling-error')).toBeVisible();
    await expect(page.locator('#lr-scaling-error')).toContainText(message);
    const flag = message.slice(0, message.indexOf(':'));
    await expect(page.locator(`[name="lr-scaling${flag}"]`)).toHaveAttribute('aria-invalid', 'true');
    expect(await page.locator('body').getAttribute('data-state')).toBe('done');   // the last run's state stays
  }
  await expect(page.locator('label[for="lr-scaling-noise"]')).toContainText('label-flip prob.');
  await page.locator('#lr-scaling-form').screenshot({ path: 'screenshots/panel-lr-scaling-invalid.png' });
  await fill({ '--margin': '0', '--warmup': '0.5', '--b': '8' });
});

test('a cancelled lr-scaling run keeps the runs that finished, without NaN', async () => {
  await fill({ '--model': 'logreg', '--noise': '0.05', '--lr': '0.02', '--n': '65536', '--d': '4', '--b': '8', '--k': '2', '--epochs': '1', '--seed': '0' });
  await page.click('#run-lr-scaling');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'running');
  // Each run is a fifth of the metered work; with K = 2 the four K·b runs still take 4096
  // steps each, so at 30% (the baseline done) most of the time is still ahead: no race.
  await expect.poll(async () => Number(await page.locator('.progress').getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThanOrEqual(30);
  await page.click('#cancel');
  expect(await runEnds(page)).toBe('cancelled');
  const r = await result();
  expect(r.runs.length).toBeGreaterThanOrEqual(1);
  expect(r.runs.length).toBeLessThan(5);
  expect(r.runs[0].variant).toBe('baseline');
  await expect(page.locator('#lr-scaling-table tbody tr')).toHaveCount(r.runs.length);
  await expect(page.locator('#lr-scaling-summary .tag')).toContainText('partial');
  await expectNumbersMatch(page, '#lr-scaling-panel', r, 2 + 5 * r.runs.length);
  await expect(page.locator('#plot-lr-loss canvas')).toHaveCount(1);
  await expect(page.locator('#lr-scaling-panel')).not.toContainText(/nan|NaN/);
  await expect(page.locator('#run-lr-scaling')).toBeEnabled();
  await page.locator('#lr-scaling-panel').screenshot({ path: 'screenshots/panel-lr-scaling-cancelled.png' });
});
