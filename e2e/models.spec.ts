// The model fields (--model, --noise's meaning, --margin) on every form, on SwiftShader
// WebGPU: the main form with --model logreg equals the CLI's quality and trajectory,
// accuracy included; the noise-scale panel says there is no closed form for logreg; the
// workers and scaling-model panels pass the model on; each new field's bad input is reported
// under its form and starts nothing. One page serves every test; sizes are small.
import { expect, test, type Page } from '@playwright/test';
import type { NoiseScaleResult } from '../src/experiments/noise-scale';
import type { ScalingModelResult } from '../src/experiments/scaling-model';
import type { QualityResult, TrajectoryResult, WorkersResult } from '../src/experiments/types';
import { cliJson, clickRun, comparable, expectNumbersMatch, expectPageMatches, fillPanel, pageResults, runToDone, useSharedPage } from './helpers';

let page: Page;
useSharedPage((p) => (page = p));

const fill = (prefix: string, values: Record<string, string>) => fillPanel(page, prefix, values);
const run = (button: string) => clickRun(page, button);
const results = () => pageResults(page);

test('the main form with --model logreg: quality and trajectory as the CLI, accuracy included', async () => {
  const problem = ['--model', 'logreg', '--n', '4096', '--d', '2', '--w-true', '3,-1', '--noise', '0.1', '--margin', '0.5', '--seed', '2'];
  const quality = cliJson<QualityResult>(['quality', ...problem, '--batches', '1,16,64', '--trials', '100']);
  const trajectory = cliJson<TrajectoryResult>(['trajectory', ...problem, '--batches', '1,64', '--steps', '20', '--lr', '0.5']);
  expect(quality.fullAccuracy).toEqual(expect.any(Number));
  await expect(page.locator('label[for="param-noise"]')).toContainText('label-noise std');
  await fill('', { '--model': 'logreg', '--n': '4096', '--d': '2', '--w-true': '3,-1', '--noise': '0.1', '--margin': '0.5', '--seed': '2',
    '--batches': '1,16,64', '--trials': '100', '--traj-batches': '1,64', '--steps': '20', '--lr': '0.5' });
  await expect(page.locator('label[for="param-noise"]')).toContainText('label-flip prob. 0–0.5');
  await runToDone(page);
  // every shown number, the full accuracy and each recorded accuracy among them, against the CLI's JSON
  await expectPageMatches(page, quality, trajectory);
  await expect(page.locator('#quality-summary [data-path="fullAccuracy"]')).toHaveCount(1);
  await expect(page.locator('#quality-summary')).toContainText('logreg, label flips 0.1, margin 0.5');
  const points = trajectory.runs.reduce((a, r) => a + r.points.length, 0);
  await expect(page.locator('#trajectory-table [data-path$=".accuracy"]')).toHaveCount(points);
  await expect(page.locator('#plot-accuracy canvas')).toHaveCount(1);
  await page.locator('#quality-panel').screenshot({ path: 'screenshots/panel-quality-logreg.png' });
  await page.locator('#trajectory-panel').screenshot({ path: 'screenshots/panel-trajectory-logreg.png' });
});

test('noise scale with --model logreg: as the CLI, and "no closed form" for the analytic estimate', async () => {
  const args = { '--n': '16384', '--samples': '2048', '--b-small': '4', '--b-big': '64', '--rows': '200', '--steps': '20', '--seed': '2', '--noise': '0.1', '--margin': '0.2', '--w-true': '3', '--w': '0' };
  const cli = cliJson<NoiseScaleResult>(['noise-scale', '--model', 'logreg', ...Object.entries(args).flat()]);
  expect(cli.bSimple.analytic).toBeNull();
  await fill('noise', { '--model': 'logreg', ...args });
  await run('#run-noise');
  const r = (await results()).noiseScale!;
  expect(comparable(r)).toEqual(comparable(cli));
  await expectNumbersMatch(page, '#noise-results', cli, 6);
  await expect(page.locator('#noise-table tr[data-estimate="analytic"]')).toContainText('no closed form');
  await expect(page.locator('#noise-trace-table thead th')).toHaveCount(3);   // step, B_simple, loss: no analytic column
  await expectNumbersMatch(page, '#noise-trace', cli, 2 * cli.trace.length);
  await expect(page.locator('#noise-summary')).toContainText('logreg, label flips 0.1, margin 0.2');
  await expect(page.locator('#noise-panel')).not.toContainText(/nan|NaN/);
  await page.locator('#noise-panel').screenshot({ path: 'screenshots/panel-noise-logreg.png' });
});

test('workers and scaling model pass --model on: results as the CLI', async () => {
  const args = { '--n': '4096', '--d': '2', '--w-true': '3,-1', '--k': '4', '--b': '8', '--sizes': '2,4,8', '--trials': '100', '--seed': '3', '--noise': '0.2', '--margin': '0.1' };
  const cli = cliJson<WorkersResult>(['workers', '--model', 'logreg', ...Object.entries(args).flat()]);
  await fill('workers', { '--model': 'logreg', ...args });
  await run('#run-workers');
  const w = (await results()).workers!;
  expect(w.params.model).toBe('logreg');
  expect(comparable(w)).toEqual(comparable(cli));
  await expectNumbersMatch(page, '#workers-panel', cli, 10);
  await page.locator('#workers-panel').screenshot({ path: 'screenshots/panel-workers-logreg.png' });

  const scaling = cliJson<ScalingModelResult>(['scaling-model', '--model', 'logreg', '--t-compute-us', '100', '--max-k', '16']);
  await fill('scaling', { '--model': 'logreg', '--t-compute-us': '100', '--max-k': '16' });
  await run('#run-scaling');
  expect(comparable((await results()).scalingModel!)).toEqual(comparable(scaling));
});

test('each new field\'s bad input is reported under its form, and nothing runs', async () => {
  await page.locator('#throughput-form').screenshot({ path: 'screenshots/form-throughput.png' });
  const state = await page.locator('body').getAttribute('data-state');
  const bad: [string, string, Record<string, string>, string][] = [
    ['', '#run', { '--model': 'logreg', '--noise': '0.7' }, '--noise: with --model logreg it is the probability a label flips, from 0 to 0.5; got 0.7'],
    ['', '#run', { '--noise': '0.1', '--model': 'linreg', '--margin': '1' }, '--margin: applies only with --model logreg'],
    ['', '#run', { '--margin': '0', '--d': '1', '--w-true': '3', '--rng': 'python', '--model': 'logreg' }, '--model: logreg needs --rng gpu'],
    ['workers', '#run-workers', { '--model': 'logreg', '--noise': '0.6' }, '--noise: with --model logreg it is the probability a label flips, from 0 to 0.5; got 0.6'],
    ['workers', '#run-workers', { '--noise': '0.1', '--model': 'linreg', '--margin': '2' }, '--margin: applies only with --model logreg'],
    ['noise', '#run-noise', { '--model': 'linreg', '--margin': '1' }, '--margin: applies only with --model logreg'],
    ['noise', '#run-noise', { '--model': 'logreg', '--margin': '101' }, '--margin: must be at most 100'],
    ['throughput', '#run-throughput', { '--model': 'linreg', '--margin': '0.5' }, '--margin: applies only with --model logreg'],
    ['throughput', '#run-throughput', { '--model': 'logreg', '--margin': '-1' }, '--margin: must be a finite number >= 0, got -1'],
  ];
  for (const [prefix, button, values, message] of bad) {
    await fill(prefix, values);
    await page.click(button);
    const error = prefix === '' ? '#param-error' : `#${prefix}-error`;
    await expect(page.locator(error)).toBeVisible();
    await expect(page.locator(error)).toContainText(message);
    const flag = message.slice(0, message.indexOf(':'));
    await expect(page.locator(`[name="${prefix}${flag}"]`)).toHaveAttribute('aria-invalid', 'true');
    expect(await page.locator('body').getAttribute('data-state')).toBe(state);
  }
  await page.locator('#controls').screenshot({ path: 'screenshots/form-main-invalid.png' });
  await page.locator('#throughput-form').screenshot({ path: 'screenshots/form-throughput-invalid.png' });
});
