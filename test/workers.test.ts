// The workers experiment (Exercise 10.2.2) on the GPU: the all-reduce identity on the same
// samples, the two estimators' distributions, and unequal local batch sizes.
//
// Statistical checks use fixed seeds and 4-sigma bands (6.3e-5 false-failure rate each,
// about a dozen comparisons here); the std bands come from the sample kurtosis
// (helpers/stats.ts). σ² is the exact per-example gradient variance of the n examples,
// computed in f64 on the host (sampling is uniform with replacement, so Var(one draw) = σ²).
import { beforeAll, describe, expect, test } from 'vitest';
import type { GpuDataset } from '../src/engine/dataset';
import { Lab } from '../src/engine/lab';
import { workersParams } from '../src/experiments/params';
import { runWorkers, sameSampleMeans, workerEstimates, type WorkerEstimates } from '../src/experiments/workers';
import { proceduralExample } from '../src/reference/linreg';
import { STREAM, sampleKey } from '../src/reference/threefry';
import { testGpu } from './helpers/gpu';
import { Z, logStdStandardError } from './helpers/stats';

let lab: Lab;
beforeAll(async () => {
  lab = await Lab.create(await testGpu());
});

/**
 * Where the identity is not bitwise (b or K not a power of two: S_k/b and 1/K round; or the
 * worker_average kernel against the engine's single row of Σb_k items, another summation
 * order) the two agree to f32 rounding. At these parameters the gradients are about 6 and
 * f32's spacing there is 4.8e-7; 1e-5 is about 20 of those.
 */
const ROUNDING = 1e-5;

const spec = { n: 4000, d: 1, seed: 21, wTrue: [3], noise: 0.1 };
const w = [0];

/** Exact f64 mean and population variance of the per-example gradient 2x(w·x − y). */
function moments(): { g: number; sigma2: number } {
  const terms: number[] = [];
  for (let i = 0; i < spec.n; i++) {
    const { x, y } = proceduralExample(spec, i);
    terms.push(2 * x[0] * (w[0] * x[0] - y));
  }
  const g = terms.reduce((a, t) => a + t, 0) / spec.n;
  return { g, sigma2: terms.reduce((a, t) => a + (t - g) ** 2, 0) / spec.n };
}

const column = (v: ArrayLike<number>) => Array.from({ length: v.length / 2 }, (_, t) => v[2 * t]);
function std(v: number[]): number {
  const m = v.reduce((a, x) => a + x, 0) / v.length;
  return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / (v.length - 1));
}
const mean = (v: number[]) => v.reduce((a, x) => a + x, 0) / v.length;
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => column(a).reduce((m, x, t) => Math.max(m, Math.abs(x - column(b)[t])), 0);

/** Violations of "values have mean g and std expected", as messages (empty when it passes). */
function violations(label: string, values: number[], g: number, expectedStd: number): string[] {
  const bad: string[] = [];
  const s = std(values);
  const se = s / Math.sqrt(values.length);
  if (Math.abs(mean(values) - g) > Z * se) bad.push(`${label}: mean ${mean(values)} over ${Z} SE (${se}) from ${g}`);
  const band = Z * logStdStandardError(values);
  if (Math.abs(Math.log(s / expectedStd)) > band) bad.push(`${label}: std ${s} vs ${expectedStd} (band ±${band} in log)`);
  return bad;
}

async function withData<T>(body: (data: GpuDataset) => Promise<T>, d = 1): Promise<T> {
  const data = await lab.dataset({ kind: 'procedural', ...spec, d, wTrue: Array(d).fill(3) });
  try {
    return await body(data);
  } finally {
    data.destroy();
  }
}

const same = (K: number, b: number, trials: number, seed: number, d = 1) =>
  withData((data) => sameSampleMeans(lab, data, Array(d).fill(0), K, b, trials, sampleKey(seed, STREAM.workers, 0)), d);

const run = (sizes: number[], trials: number, seed: number): Promise<WorkerEstimates> =>
  withData((data) => workerEstimates(lab, data, w, sizes, trials, sampleKey(seed, STREAM.workers, 0)));

describe('workers', () => {
  test('same samples: the all-reduced average of K worker means is the global Kb mean, bitwise for power-of-two K and b', async () => {
    const bits = (a: Float64Array, b: Float64Array) => a.every((x, i) => Object.is(x, b[i]));
    for (const [K, b, d] of [[8, 32, 1], [4, 16, 3], [16, 1, 2], [2, 512, 1]]) {
      const r = await same(K, b, 200, 5 + K, d);
      expect(bits(r.workers, r.global), `K=${K} b=${b} d=${d}`).toBe(true);
    }
    // Not powers of two: S_k/b and 1/K round, so equal only within rounding.
    for (const [K, b] of [[3, 7], [8, 24], [5, 32]]) {
      const r = await same(K, b, 200, 9);
      expect(maxAbs(r.workers, r.global), `K=${K} b=${b}`).toBeLessThanOrEqual(ROUNDING);
    }
    // The worker_average kernel (the all-reduce used for unequal sizes) against the engine's
    // own row of Kb items: another summation order, equal within rounding.
    const eq = await run(Array(8).fill(32), 300, 5);
    expect(maxAbs(eq.unweighted, eq.global)).toBeLessThanOrEqual(ROUNDING);
    expect(maxAbs(eq.weighted, eq.global)).toBeLessThanOrEqual(ROUNDING);
    const one = await run([32], 50, 6);
    expect(maxAbs(one.unweighted, one.global)).toBe(0);
  });

  test('over many trials the two estimators have the same mean and std, σ/√(Kb) (K = 8, b = 32)', async () => {
    const { g, sigma2 } = moments();
    const eq = await same(8, 32, 2000, 7);
    const expected = Math.sqrt(sigma2 / 256);
    expect([
      ...violations('global', column(eq.global), g, expected),
      ...violations('workers', column(eq.workers), g, expected),
    ]).toEqual([]);
    // The check can fail: an estimator with a single worker's b has the wrong std.
    expect(violations('one worker', column(eq.workers), g, Math.sqrt(sigma2 / 32))).not.toEqual([]);
  });

  test('unequal b_k: the plain average has variance (σ²/K²)·Σ1/b_k, the global σ²/Σb_k; the weighted average restores equality', async () => {
    const { g, sigma2 } = moments();
    const sizes = [8, 16, 32, 64, 128];
    const un = await run(sizes, 3000, 8);
    const K = sizes.length;
    const B = sizes.reduce((a, x) => a + x, 0);
    const unweightedStd = Math.sqrt((sigma2 / (K * K)) * sizes.reduce((a, x) => a + 1 / x, 0));
    const globalStd = Math.sqrt(sigma2 / B);
    expect([
      ...violations('unweighted', column(un.unweighted), g, unweightedStd),
      ...violations('global', column(un.global), g, globalStd),
      ...violations('weighted', column(un.weighted), g, globalStd),
    ]).toEqual([]);
    // The check can fail: the plain average does not have the global mini-batch's variance.
    expect(violations('unweighted as global', column(un.unweighted), g, globalStd)).not.toEqual([]);
    // Per trial the plain average is a different number; the weighted one is the global mean.
    expect(maxAbs(un.unweighted, un.global)).toBeGreaterThan(0.1);
    expect(maxAbs(un.weighted, un.global)).toBeLessThanOrEqual(ROUNDING);
  });

  test('runWorkers reports the three parts', async () => {
    const r = await runWorkers(lab, workersParams({ ...spec, w, trials: 400 }));
    expect(r.experiment).toBe('workers');
    expect(r.identity).toEqual({ maxAbsDiff: 0, bitwise: true });
    expect(r.equal.global.mean).toHaveLength(1);
    expect(r.unequal.sizes).toEqual([8, 16, 32, 64, 128]);
    expect(r.unequal.unweightedMaxAbsGap).toBeGreaterThan(0.1);
    expect(r.unequal.weightedMaxAbsDiff).toBeLessThanOrEqual(ROUNDING);
    expect(r.unequal.unweightedStd[0]).toBeGreaterThan(r.unequal.globalStd[0]);
    const odd = await runWorkers(lab, workersParams({ ...spec, w, k: 3, b: 7, trials: 200 }));
    expect(odd.identity.maxAbsDiff).toBeLessThanOrEqual(ROUNDING);
    expect(odd.identity.bitwise).toBe(odd.identity.maxAbsDiff === 0);
  });
});
