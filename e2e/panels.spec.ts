// The one-experiment panels (noise scale, workers, scaling model) and the quality form's
// sampling controls on SwiftShader WebGPU: each run's numbers and window.__gradscope equal
// the CLI's JSON for the same parameters, the plots are drawn, and each form reports bad
// input. One page serves every test (the GPU starts once); sizes are small.
import { expect, test, type Page } from '@playwright/test';
import { compareWithSaturation, savedThroughput, type NoiseScaleResult } from '../src/experiments/noise-scale';
import type { ScalingModelResult } from '../src/experiments/scaling-model';
import type { QualityResult, ThroughputResult, TrajectoryResult, WorkersResult } from '../src/experiments/types';
import { cliJson, clickRun, comparable, expectNumbersMatch, expectPageMatches, fillForm, fillPanel, pageResults, runEnds, runToDone, useSharedPage } from './helpers';

let page: Page;
useSharedPage((p) => (page = p));

const fill = (prefix: string, values: Record<string, string>) => fillPanel(page, prefix, values);
const run = (button: string) => clickRun(page, button);
const results = () => pageResults(page);

test('workers: identity, both distributions and unequal shards as the CLI, with both histograms', async () => {
  const args = { '--n': '4096', '--d': '2', '--w-true': '3,-1', '--k': '4', '--b': '8', '--sizes': '2,4,8,16', '--trials': '200', '--seed': '3' };
  const cli = cliJson<WorkersResult>(['workers', ...Object.entries(args).flat()]);
  await fill('workers', args);
  await run('#run-workers');
  const r = (await results()).workers!;
  expect(r.adapter.host).toBe('browser');
  expect(comparable(r)).toEqual(comparable(cli));
  expect(r.estimates?.equal?.global).toHaveLength(200 * 2);
  expect(r.estimates?.unequal?.unweighted).toHaveLength(200 * 2);
  // every number of parts (a), (b) and (c) and the true gradient, formatted as shown
  await expectNumbersMatch(page, '#workers-panel', cli, 2 + 1 + 8 + 8 + 2 + 2);
  await expect(page.locator('#workers-bitwise')).toHaveText(cli.identity.bitwise ? 'bitwise equal' : 'equal within f32 rounding');
  await expect(page.locator('#workers-equal-table tbody tr')).toHaveCount(2);
  await expect(page.locator('#workers-unequal-table tbody tr')).toHaveCount(2);
  await expect(page.locator('#plot-workers-equal canvas')).toHaveCount(1);
  await expect(page.locator('#plot-workers-unequal canvas')).toHaveCount(1);
  await expect(page.locator('#plot-workers-unequal .u-legend')).toContainText('plain average of worker means');
  await page.locator('#workers-panel').screenshot({ path: 'screenshots/panel-workers.png' });
});

test('a cancelled workers run shows the parts that finished, and no NaN', async () => {
  await fill('workers', { '--n': '20000', '--d': '1', '--w-true': '3', '--k': '8', '--b': '32', '--sizes': '8,16,32,64,128', '--trials': '100000', '--seed': '0' });
  await page.click('#run-workers');
  await expect(page.locator('#run-noise')).toBeDisabled();
  // (a) and (b) end at 50.8% of the metered work: cancel at 55%, while (c) runs (100000 trials: seconds of it)
  await expect.poll(async () => Number(await page.locator('.progress').getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThanOrEqual(55);
  await page.click('#cancel');
  expect(await runEnds(page)).toBe('cancelled');
  const r = (await results()).workers!;
  expect(r.identity.bitwise).toBe(true);
  expect(r.unequal.globalStd).toEqual([]);
  await expect(page.locator('#workers-summary .tag')).toContainText('partial');
  await expect(page.locator('#workers-equal-table tbody tr')).toHaveCount(2);
  await expect(page.locator('#workers-unequal-table')).toHaveCount(0);
  await expect(page.locator('#plot-workers-equal canvas')).toHaveCount(1);
  await expect(page.locator('#plot-workers-unequal canvas')).toHaveCount(0);
  await expectNumbersMatch(page, '#workers-panel', r, 1 + 1 + 4);
  await expect(page.locator('#workers-panel')).not.toContainText('NaN');
  await expect(page.locator('#run-workers')).toBeEnabled();
});

test('noise scale: B_simple three ways and its trace as the CLI; then set against the throughput panel\'s b_sat', async () => {
  const args = { '--n': '16384', '--samples': '2048', '--b-small': '4', '--b-big': '64', '--rows': '200', '--steps': '20', '--seed': '2' };
  const cli = cliJson<NoiseScaleResult>(['noise-scale', ...Object.entries(args).flat()]);
  await fill('noise', args);
  await run('#run-noise');
  const r = (await results()).noiseScale!;
  expect(comparable(r)).toEqual(comparable(cli));
  await expectNumbersMatch(page, '#noise-results', cli, 9);
  await expectNumbersMatch(page, '#noise-trace', cli, 3 * cli.trace.length);
  await expect(page.locator('#noise-trace-table tbody tr')).toHaveCount(cli.trace.length);
  await expect(page.locator('#plot-noise-trace canvas')).toHaveCount(1);
  await expect(page.locator('#noise-compare')).toContainText('run the throughput panel to compare with b_sat');

  await page.fill('[name="throughput--max-batch"]', '64');
  await fill('throughput', { '--steps': '1', '--min-time': '1', '--repeats': '1' });
  await run('#run-throughput');
  const t = (await results()).throughput as ThroughputResult;
  expect((await results()).noiseScale).toEqual(r);   // kept across the other panel's run
  await expect(page.locator('#noise-compare')).toContainText('b_sat');
  await expect(page.locator('#noise-compare')).toContainText('stop cutting the number of steps');
  await expect(page.locator('#noise-compare')).toContainText(compareWithSaturation(r, savedThroughput(t)).reading);   // the CLI's --throughput reading
  await expectNumbersMatch(page, '#noise-compare', t, 2);
  await page.locator('#noise-panel').screenshot({ path: 'screenshots/panel-noise.png' });
});

test('scaling model: a given t_compute gives the CLI\'s table and K*; an empty one is measured', async () => {
  const args = { '--b': '64', '--t-compute-us': '100', '--bandwidth': '10', '--latency-us': '5', '--bytes': '4', '--max-k': '32' };
  const cli = cliJson<ScalingModelResult>(['scaling-model', ...Object.entries(args).flat()]);
  expect(cli.kStar).toBe(9);
  await fill('scaling', args);
  await run('#run-scaling');
  const r = (await results()).scalingModel!;
  expect(comparable(r)).toEqual(comparable(cli));
  // K = 1, 2, 4, 8, 9 (K*), 10, 16, 32: three numbers each, and t_compute, K*, its value
  await expectNumbersMatch(page, '#scaling-panel', cli, 8 * 3 + 3);
  await expect(page.locator('#scaling-table tbody tr')).toHaveCount(8);
  await expect(page.locator('#scaling-table tr.k-star')).toHaveAttribute('data-k', '9');
  await expect(page.locator('#plot-scaling canvas')).toHaveCount(1);
  await page.locator('#scaling-panel').screenshot({ path: 'screenshots/panel-scaling.png' });

  await fill('scaling', { '--t-compute-us': '' });
  await run('#run-scaling');
  const measured = (await results()).scalingModel!;
  expect(measured.tComputeSource).toBe('measured');
  expect(measured.tComputeUs).toBeGreaterThan(0);
  await expectNumbersMatch(page, '#scaling-panel', measured, 3 * 6 + 2);
  await expect(page.locator('#scaling-summary')).toContainText('measured');
});

test('quality sampling without replacement, last batch dropped: FPC and expected std as the CLI', async () => {
  const quality = cliJson<QualityResult>(['quality', '--n', '1000', '--batches', '1,10,100,300', '--trials', '100', '--sampling', 'without', '--drop-last', '--seed', '4']);
  const trajectory = cliJson<TrajectoryResult>(['trajectory', '--n', '1000', '--batches', '1,16', '--steps', '10', '--seed', '4']);
  await fillForm(page, { '--n': '1000', '--batches': '1,10,100,300', '--trials': '100', '--seed': '4', '--traj-batches': '1,16', '--steps': '10' });
  await page.selectOption('[name="--sampling"]', 'without');
  await page.check('[name="--drop-last"]');
  await runToDone(page);
  await expectPageMatches(page, quality, trajectory);
  await expect(page.locator('#quality-table thead')).toContainText('FPC');
  await expect(page.locator('#quality-table [data-path="rows.3.fpc"]')).toHaveText(quality.rows[3].fpc!.toFixed(4));
  await expect(page.locator('#quality-table [data-path^="rows.3.expectedStd"]')).toHaveCount(1);
  await expect(page.locator('#quality-summary')).toContainText('without replacement');
  // the other panels' results stay
  expect((await results()).workers).not.toBeNull();
  await page.locator('#quality-panel').screenshot({ path: 'screenshots/panel-quality-without.png' });
});

test('each form reports bad input next to it, and nothing runs', async () => {
  const bad: [string, string, Record<string, string>, string][] = [
    ['workers', '#run-workers', { '--sizes': '8' }, '--sizes: needs 2 to 1024 sizes, got 1'],
    ['noise', '#run-noise', { '--b-big': '4' }, '--b-big: must be larger than --b-small (4), got 4'],
    ['noise', '#run-noise', { '--b-big': '64', '--w': '3' }, '--w: must differ from --w-true'],
    ['scaling', '#run-scaling', { '--bandwidth': '0' }, '--bandwidth: must be a finite number > 0, got 0'],
    ['scaling', '#run-scaling', { '--bandwidth': '10', '--max-k': 'many' }, '--max-k: expected a number, got "many"'],
  ];
  for (const [prefix, button, values, message] of bad) {
    await fill(prefix, values);
    await page.click(button);
    await expect(page.locator(`#${prefix}-error`)).toBeVisible();
    await expect(page.locator(`#${prefix}-error`)).toContainText(message);
    const flag = Object.keys(values).at(-1)!;
    await expect(page.locator(`[name="${prefix}${flag}"]`)).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#status-text')).not.toContainText('%');   // the last run's "Done" stays
  }
  await page.locator('#scaling-panel').screenshot({ path: 'screenshots/panel-scaling-invalid.png' });
  // the quality form: --drop-last only applies without replacement
  await page.selectOption('[name="--sampling"]', 'with');
  await page.click('#run');
  await expect(page.locator('#param-error')).toContainText('--drop-last: applies only with --sampling without');
  await expect(page.locator('[name="--drop-last"]')).toHaveAttribute('aria-invalid', 'true');
  expect(await page.locator('body').getAttribute('data-state')).toBe('done');
  await page.screenshot({ path: 'screenshots/panels-page.png', fullPage: true });
});
