// The reduction kernels against the f64 CPU reference: full-data sums and drawn mini-batch sums.
//
// Tolerance: the GPU generates each example in f32 (the normal's formula, log and sqrt are
// within a few ULP: about 3e-7 relative) and forms each term in f32, then adds with
// compensated sums whose own error is O(eps) of Σ|term|. TermSum.errorScale is the
// first-order error of the whole computation per unit relative input error, including the
// cancellation inside the residual w·x − y; |gpu − f64| ≤ 1e-6 · errorScale allows ~8 ULP.
import { describe, expect, test } from 'vitest';
import type { SumJob } from '../src/engine/sums';
import { TermSum, drawnIndex, proceduralExample, proceduralSums } from '../src/reference/linreg';
import { STREAM, sampleKey } from '../src/reference/threefry';
import { engineSums, freshSeed, testGpu } from './helpers/gpu';

const TOLERANCE = 1e-6;


function expectWithin(got: ArrayLike<number>, want: TermSum, offset = 0): void {
  const value = want.value();
  for (let c = 0; c <= want.d; c++) {
    expect(Math.abs(got[offset + c] - value[c]), `component ${c}: gpu ${got[offset + c]} vs f64 ${value[c]}`)
      .toBeLessThanOrEqual(TOLERANCE * want.errorScale[c]);
  }
}

describe('SumEngine', () => {
  test('full-data sums match f64 for several n, d and random w', async () => {
    const gpu = await testGpu();
    for (const [n, d] of [[1, 1], [1000, 1], [70001, 3], [5000, 16]]) {
      const seed = freshSeed(`full n=${n} d=${d}`);
      const wTrue = Array.from({ length: d }, () => 6 * Math.random() - 3);
      const w = Array.from({ length: d }, () => 6 * Math.random() - 3);
      const spec = { n, d, seed, wTrue, noise: Math.random() };
      const got = await engineSums(gpu, spec, w, { items: { kind: 'all' }, rows: 1, itemsPerRow: n });
      expectWithin(got, proceduralSums(spec, w));
    }
  });

  test('drawn mini-batch sums match f64 on the same drawn indices', async () => {
    const gpu = await testGpu();
    const seed = freshSeed('drawn');
    const spec = { n: 20000, d: 2, seed, wTrue: [3, -1], noise: 0.1 };
    const w = [0.5, 0.25];
    for (const [rows, b] of [[7, 1], [5, 300], [2, 70000]]) {
      const key = sampleKey(seed, STREAM.quality, b);
      const got = await engineSums(gpu, spec, w, { items: { kind: 'drawn', key }, rows, itemsPerRow: b, rowBase: 3 });
      for (let r = 0; r < rows; r++) {
        const want = new TermSum(spec.d);
        for (let s = 0; s < b; s++) {
          const { x, y, yScale } = proceduralExample(spec, drawnIndex(key, 3 + r, s, spec.n));
          want.add(x, y, w, yScale);
        }
        expectWithin(got, want, r * (spec.d + 1));
      }
    }
  });

  test('the full gradient at N = 2^24 is within 1e-6 relative of f64', async () => {
    const gpu = await testGpu();
    const seed = freshSeed('2^24');
    const n = 2 ** 24;
    const spec = { n, d: 1, seed, wTrue: [3], noise: 0.1 };
    const got = await engineSums(gpu, spec, [0], { items: { kind: 'all' }, rows: 1, itemsPerRow: n });
    const want = proceduralSums(spec, [0]).value();
    expect(Math.abs(got[0] / n - want[0] / n)).toBeLessThanOrEqual(1e-6 * Math.abs(want[0] / n));
    expect(Math.abs(got[1] / n - want[1] / n)).toBeLessThanOrEqual(1e-6 * Math.abs(want[1] / n));
  });

  test('the same seed gives the same bits', async () => {
    const gpu = await testGpu();
    const spec = { n: 300000, d: 1, seed: 7, wTrue: [3], noise: 0.1 };
    const job: SumJob = { items: { kind: 'all' }, rows: 1, itemsPerRow: spec.n };
    const a = await engineSums(gpu, spec, [1], job);
    const b = await engineSums(gpu, spec, [1], job);
    expect([...b]).toEqual([...a]);
  });
});
