// Logistic regression on the GPU against the f64 reference (src/reference/logreg.ts): the
// procedural labels (side of the true hyperplane, margin push, exact integer label flips),
// the per-example terms [grad, loss, correct] summed over all data and over drawn batches,
// and SGD trajectories replayed in f64 on the same batches.
//
// Tolerance: |gpu − f64| <= 1e-6 · errorScale + slack per component. errorScale is the
// first-order error per unit relative error of the whole f32 computation (the data's
// normals and margin push, w·x, exp and log, each within a few ULP; WGSL's log is within
// 2^-21 absolute near 1) summed over examples with the compensated sums' O(eps) of Σ|term|:
// 1e-6 allows ~8 ULP. slack allows for discrete choices f32 may make the other way: an
// example's side of the hyperplane or its prediction when the dot product is within 1e-5
// relative of 0 (f32 error is ~1e-6 there at d = 16). Such examples are rare (~1e-5 of them),
// so slack is almost always 0 and the bound stays tight.
import { beforeAll, describe, expect, test } from 'vitest';
import { flipThreshold } from '../src/engine/dataset';
import { Lab } from '../src/engine/lab';
import type { SumJob } from '../src/engine/sums';
import { ParamError, qualityParams, trajectoryParams } from '../src/experiments/params';
import { runQuality } from '../src/experiments/quality';
import { runTrajectory } from '../src/experiments/trajectory';
import { drawnIndex } from '../src/reference/linreg';
import { LogisticTermSum, logisticExample, logisticSums, type LogisticSpec } from '../src/reference/logreg';
import { STREAM, sampleKey } from '../src/reference/threefry';
import { expectUsageError, runLab } from './helpers/cli';
import { engineSums, freshSeed, testGpu } from './helpers/gpu';

const TOLERANCE = 1e-6;

let lab: Lab;
beforeAll(async () => {
  lab = await Lab.create(await testGpu());
});

const gpuSums = (spec: LogisticSpec, w: number[], job: SumJob) => engineSums(lab.gpu, { model: 'logreg', ...spec }, w, job);

function expectWithin(got: ArrayLike<number>, want: LogisticTermSum, offset = 0): void {
  const value = want.value();
  for (let c = 0; c < want.width; c++) {
    expect(Math.abs(got[offset + c] - value[c]), `component ${c}: gpu ${got[offset + c]} vs f64 ${value[c]}`)
      .toBeLessThanOrEqual(TOLERANCE * want.errorScale[c] + want.slack[c]);
  }
}

const randomVector = (d: number, scale: number) => Array.from({ length: d }, () => scale * (2 * Math.random() - 1));

describe('logistic data (f64 reference)', () => {
  test('every example lies at least the margin from the true hyperplane, on its label side unless flipped', () => {
    const spec = { n: 3000, d: 3, seed: freshSeed('margin'), wTrue: [2, -1, 0.5], noise: 0.2, margin: 0.7 };
    const norm = Math.hypot(...spec.wTrue);
    let flips = 0;
    for (let i = 0; i < spec.n; i++) {
      const ex = logisticExample(spec, i);
      const s = ex.x.reduce((a, v, j) => a + v * spec.wTrue[j], 0) / norm;
      expect(Math.abs(s)).toBeGreaterThanOrEqual(spec.margin - 1e-12);
      if ((s >= 0) !== (ex.y === 1)) flips++;
    }
    // Binomial(3000, 0.2): mean 600, std 21.9; ±6 std fails with probability 2e-9.
    expect(Math.abs(flips - 600)).toBeLessThan(6 * 21.9);
  });

  test('the flip threshold is the probability in units of 2^-32', () => {
    expect(flipThreshold(0)).toBe(0);
    expect(flipThreshold(0.5)).toBe(2 ** 31);
    expect(flipThreshold(0.1)).toBe(Math.round(0.1 * 2 ** 32));
    expect(() => flipThreshold(0.6)).toThrow('[0, 0.5]');
    expect(() => flipThreshold(NaN)).toThrow('[0, 0.5]');
  });
});

describe('logistic sums on the GPU against f64', () => {
  test('full-data sums for several n, d, margins, flip rates and random w', async () => {
    for (const [n, d] of [[1, 1], [5000, 1], [30001, 3], [4000, 16]]) {
      const seed = freshSeed(`logistic full n=${n} d=${d}`);
      const spec = { n, d, seed, wTrue: randomVector(d, 3), noise: 0.5 * Math.random(), margin: Math.random() };
      const w = randomVector(d, 3);
      const got = await gpuSums(spec, w, { items: { kind: 'all' }, rows: 1, itemsPerRow: n });
      expectWithin(got, logisticSums(spec, w));
    }
  });

  test('extreme logits (|z| up to ~200) stay finite and match f64', async () => {
    const spec = { n: 2000, d: 2, seed: freshSeed('logistic extreme'), wTrue: [1, 1], noise: 0.3, margin: 0 };
    const w = [40, -25];
    const got = await gpuSums(spec, w, { items: { kind: 'all' }, rows: 1, itemsPerRow: spec.n });
    expect(Array.from(got).every(Number.isFinite)).toBe(true);
    expectWithin(got, logisticSums(spec, w));
  });

  test('drawn mini-batch sums match f64 on the same drawn indices', async () => {
    const seed = freshSeed('logistic drawn');
    const spec = { n: 20000, d: 2, seed, wTrue: [3, -1], noise: 0.1, margin: 0.25 };
    const w = [0.5, 0.25];
    for (const [rows, b] of [[7, 1], [5, 300], [2, 9000]]) {
      const key = sampleKey(seed, STREAM.quality, b);
      const got = await gpuSums(spec, w, { items: { kind: 'drawn', key }, rows, itemsPerRow: b, rowBase: 3 });
      for (let r = 0; r < rows; r++) {
        const want = new LogisticTermSum(spec.d);
        for (let s = 0; s < b; s++) want.add(logisticExample(spec, drawnIndex(key, 3 + r, s, spec.n)), w);
        expectWithin(got, want, r * (spec.d + 2));
      }
    }
  });

  test('at w = w_true the accuracy is exactly the share of unflipped labels', async () => {
    const seed = freshSeed('logistic accuracy');
    const spec = { n: 50000, d: 4, seed, wTrue: [1, -2, 0.5, 1], noise: 0.15, margin: 0.1 };
    const got = await gpuSums(spec, spec.wTrue, { items: { kind: 'all' }, rows: 1, itemsPerRow: spec.n });
    const want = logisticSums(spec, spec.wTrue);
    expect(got[spec.d + 1]).toBe(want.value()[spec.d + 1]);   // counts: exact (no prediction is in doubt with the margin)
    // Binomial(50000, 0.15) flips: std 79.8; ±6 std fails with probability 2e-9.
    expect(Math.abs(spec.n - got[spec.d + 1] - 7500)).toBeLessThan(6 * 79.8);
  });
});

describe('logistic experiments', () => {
  test('SGD trajectories match an f64 replay on the same batches, and accuracy rises', async () => {
    const p = trajectoryParams({ model: 'logreg', n: 3000, d: 3, seed: freshSeed('logistic sgd'), wTrue: [2, -1, 1], noise: 0.1, margin: 0.2, batches: [16], lr: 0.5, steps: 30 });
    const run = (await runTrajectory(lab, p)).runs[0];
    const key = sampleKey(p.seed, STREAM.trajectory, 16);
    const w = [0, 0, 0];
    let checked = 0;
    for (let t = 0; t < p.steps; t++) {
      const acc = new LogisticTermSum(p.d);
      for (let s = 0; s < 16; s++) acc.add(logisticExample(p, drawnIndex(key, t, s, p.n)), w);
      acc.value().slice(0, p.d).forEach((g, j) => (w[j] -= (p.lr * g) / 16));
      const point = run.points.find((q) => q.step === t);
      if (!point) continue;
      // The map is contractive (lr·max σ' E[xxᵀ] ≈ 0.5 · 0.25 · 1.1 < 1), so f32 drift stays ~1e-6.
      point.w.forEach((wj, j) => expect(Math.abs(wj - w[j])).toBeLessThan(1e-4 * Math.max(1, Math.abs(w[j]))));
      const full = logisticSums(p, point.w);
      expect(Math.abs(point.loss - full.value()[p.d] / p.n)).toBeLessThan(1e-5);
      expect(Math.abs(point.accuracy! - full.value()[p.d + 1] / p.n)).toBeLessThanOrEqual(full.slack[p.d + 1] / p.n + 1e-7);
      checked++;
    }
    expect(checked).toBe(run.points.length);
    expect(run.points.at(-1)!.accuracy!).toBeGreaterThan(0.8);
    expect(run.points.at(-1)!.loss).toBeLessThan(run.points[0].loss);
  });

  test('quality: unbiased mean estimates and the accuracy at the probe point', async () => {
    const p = qualityParams({ model: 'logreg', n: 20000, d: 2, seed: freshSeed('logistic quality'), wTrue: [2, -1], w: [0.5, 0.5], batches: [4, 64], trials: 400 });
    const r = await runQuality(lab, p);
    const full = logisticSums(p, p.w).value();
    expect(r.fullAccuracy).toBeCloseTo(full[p.d + 1] / p.n, 6);
    for (const row of r.rows) {
      row.mean.forEach((m, j) => {
        // Mean of 400 estimates: its std is std/20; 6 of those fails with probability 2e-9.
        expect(Math.abs(m - r.fullGradient[j])).toBeLessThan((6 * row.std[j]) / Math.sqrt(p.trials));
      });
    }
  });

  test('parameters: bad model, flip rates, margins and combinations name their flag', () => {
    const cases: [Parameters<typeof qualityParams>[0], string][] = [
      [{ model: 'svm' as never }, '--model'],
      [{ model: 'logreg', noise: 0.6 }, '--noise'],
      [{ model: 'logreg', noise: -0.1 }, '--noise'],
      [{ model: 'logreg', margin: -1 }, '--margin'],
      [{ model: 'logreg', margin: Infinity }, '--margin'],
      [{ model: 'linreg', margin: 1 }, '--margin'],
      [{ model: 'logreg', rng: 'python' }, '--model'],
      [{ model: 'logreg', wTrue: [0] }, '--w-true'],
    ];
    for (const [p, flag] of cases) {
      expect(() => qualityParams(p)).toThrow(ParamError);
      expect(() => qualityParams(p)).toThrow(flag);
    }
  });

  test('CLI: --model logreg reports loss and accuracy; mistakes are usage errors', () => {
    const r = runLab(['trajectory', '--model', 'logreg', '--n', '2000', '--steps', '10', '--batches', '8', '--lr', '0.5']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/logistic regression/);
    expect(r.stdout).toMatch(/A=0\.\d{3}/);
    expectUsageError(['quality', '--model', 'logreg', '--noise', '0.7'], '--noise');
    expectUsageError(['quality', '--margin', '1'], '--margin');
    expectUsageError(['book', '--model', 'logreg', '--rng', 'python'], '--model');
  });
});
