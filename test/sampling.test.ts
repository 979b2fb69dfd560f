// Sampling without replacement (epoch shuffling): the keyed permutation is a bijection on
// [0, n) (CPU twin), the GPU's permutation equals the twin bit for bit, and the quality
// estimator's std follows σ·√((N−b)/(N−1)/b), with b = N giving the full gradient exactly.
//
// The statistical check uses a fixed seed and the 4-sigma band of test/helpers/stats.ts:
// 4 comparisons, each failing with probability 6.3e-5 under the null.
import { beforeAll, describe, expect, test } from 'vitest';
import { parseCommand } from '../src/cli/args';
import { formatQualityReport } from '../src/experiments/book-report';
import { Lab } from '../src/engine/lab';
import { qualityParams } from '../src/experiments/params';
import { finitePopulationCorrection, runQuality } from '../src/experiments/quality';
import { batchesPerEpoch, epochKey, permute, shuffledIndex } from '../src/reference/permute';
import { proceduralExample } from '../src/reference/linreg';
import { STREAM, sampleKey } from '../src/reference/threefry';
import { testGpu } from './helpers/gpu';
import { Z, logStdStandardError } from './helpers/stats';

const SIZES = [1, 2, 3, 1000, 4097, 65537];

describe('permutation (CPU twin)', () => {
  test('permute is a bijection on [0, n) for n not a power of two, and depends on the key', () => {
    for (const n of SIZES) {
      for (const key of [[0, 0], [7, 4], [0xdeadbeef, 12345]] as [number, number][]) {
        const seen = new Uint8Array(n);
        let fixed = 0;
        for (let i = 0; i < n; i++) {
          const v = permute(i, n, key);
          expect(v >= 0 && v < n, `n=${n} i=${i} -> ${v}`).toBe(true);
          expect(seen[v], `n=${n}: ${v} hit twice`).toBe(0);
          seen[v] = 1;
          if (v === i) fixed++;
        }
        if (n >= 1000) expect(fixed).toBeLessThan(20);   // a random permutation has about 1 fixed point
      }
      if (n >= 1000) {
        const a = Array.from({ length: 50 }, (_, i) => permute(i, n, [1, 2]));
        const b = Array.from({ length: 50 }, (_, i) => permute(i, n, [1, 3]));
        expect(a).not.toEqual(b);
      }
    }
    // Large n: the walk ends inside [0, n) and distinct inputs stay distinct.
    const n = 0xffffffff - 5;
    const out = new Set(Array.from({ length: 1000 }, (_, i) => permute(n - 1 - i, n, [9, 9])));
    expect(out.size).toBe(1000);
    for (const v of out) expect(v).toBeLessThan(n);
  });

  test('epochs: drop_last batches are disjoint; without it the last batch wraps and still holds b distinct examples', () => {
    const key = sampleKey(5, STREAM.shuffle, 300);
    const n = 1000;
    const b = 300;
    for (const dropLast of [true, false]) {
      const per = batchesPerEpoch(n, b, dropLast);
      expect(per).toBe(dropLast ? 3 : 4);
      for (const epoch of [0, 1]) {
        const used = new Set<number>();
        for (let t = epoch * per; t < (epoch + 1) * per; t++) {
          const batch = new Set(Array.from({ length: b }, (_, s) => shuffledIndex(key, n, b, per, t, s)));
          expect(batch.size).toBe(b);
          for (const i of batch) used.add(i);
        }
        expect(used.size).toBe(dropLast ? 900 : 1000);
      }
      // A new permutation each epoch.
      expect(shuffledIndex(key, n, b, per, 0, 0) === shuffledIndex(key, n, b, per, per, 0) && shuffledIndex(key, n, b, per, 0, 1) === shuffledIndex(key, n, b, per, per, 1)).toBe(false);
    }
    expect(epochKey(key, 0)).not.toEqual(epochKey(key, 1));
  });
});

describe('permutation and quality on the GPU', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.create(await testGpu());
  });

  test('the GPU permutation equals the CPU twin bit for bit (stored data whose gradient at w = 0 is the index)', async () => {
    for (const n of SIZES) {
      // x = 1, y = −i/2: the gradient 2x(w·x − y) at w = 0 is exactly i.
      const data = await lab.dataset({ kind: 'stored', n, d: 1, x: new Float32Array(n).fill(1), y: Float32Array.from({ length: n }, (_, i) => -i / 2) });
      try {
        for (const b of [1, Math.max(1, Math.min(7, n))]) {
          for (const dropLast of [false, true]) {
            const key = sampleKey(3, STREAM.shuffle, b);
            const per = batchesPerEpoch(n, b, dropLast);
            const rows = Math.min(2 * per + 1, 140000);
            const sums = await lab.batchSums(data, [0], b, rows, { kind: 'shuffled', key, batchesPerEpoch: per }, 0);
            const got: number[] = [];
            const want: number[] = [];
            for (let t = 0; t < rows; t++) {
              got.push(sums[2 * t]);
              let s = 0;
              for (let k = 0; k < b; k++) s += shuffledIndex(key, n, b, per, t, k);
              want.push(s);
            }
            expect(got, `n=${n} b=${b} dropLast=${dropLast}`).toEqual(want);
            if (b === 1 && rows >= per) expect(new Set(got.slice(0, per)).size, `n=${n}: epoch 0 is a permutation`).toBe(n);
          }
        }
      } finally {
        data.destroy();
      }
    }
  });

  test('without replacement the std follows σ·√((N−b)/(N−1)/b), and b = N gives the full gradient', async () => {
    const n = 1000;
    const p = qualityParams({ seed: 21, n, trials: 2000, batches: [10, 100, 500, 900, 1000], sampling: 'without' });
    const result = await runQuality(lab, p);
    // σ² over the N examples (divisor N), exactly, in f64.
    const g = Array.from({ length: n }, (_, i) => {
      const { x, y } = proceduralExample(p, i);
      return 2 * x[0] * (p.w[0] * x[0] - y);
    });
    const mean = g.reduce((a, v) => a + v, 0) / n;
    const sigma = Math.sqrt(g.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
    const bad: string[] = [];
    const badWithoutFpc: string[] = [];
    for (const row of result.rows) {
      const fpc = finitePopulationCorrection(n, row.batch);
      expect(row.fpc).toBeCloseTo(fpc, 12);
      if (row.batch === n) {
        // Every trial sums all N examples (in another order): the full gradient up to f32 rounding.
        expect(row.std[0]).toBeLessThan(1e-5 * Math.abs(result.fullGradient[0]) + 1e-6);
        expect(Math.abs(row.mean[0] - result.fullGradient[0])).toBeLessThan(1e-5 * Math.abs(result.fullGradient[0]));
        expect(row.expectedStd).toEqual([0]);
        continue;
      }
      const band = Z * logStdStandardError(row.estimates);
      const expected = sigma * Math.sqrt(fpc / row.batch);
      if (Math.abs(Math.log(row.std[0] / expected)) > band) bad.push(`b=${row.batch}: std ${row.std[0]} vs ${expected} (band ±${band} in log)`);
      if (Math.abs(Math.log(row.std[0] / (sigma / Math.sqrt(row.batch)))) > band) badWithoutFpc.push(`b=${row.batch}`);
      // The reported expectation (σ estimated from the first row) agrees too.
      expect(Math.abs(Math.log(row.expectedStd![0] / expected))).toBeLessThan(2 * band + 0.1);
    }
    expect(bad).toEqual([]);
    // The check can fail: the with-replacement law σ/√b is rejected at b = 500 and 900.
    expect(badWithoutFpc).toEqual(expect.arrayContaining(['b=500', 'b=900']));
  });

  test('drop_last: batches of one epoch are disjoint, so T = B trials of b = N/B average to the full gradient', async () => {
    const n = 1000;
    const result = await runQuality(lab, qualityParams({ seed: 4, n, trials: 4, batches: [250], sampling: 'without', dropLast: true }));
    expect(Math.abs(result.rows[0].mean[0] - result.fullGradient[0])).toBeLessThan(1e-5 * Math.abs(result.fullGradient[0]) + 1e-6);
  });

  test('parameter checks', () => {
    expect(() => qualityParams({ n: 100, batches: [200], sampling: 'without' })).toThrow(/--batches/);
    expect(() => qualityParams({ rng: 'python', sampling: 'without' })).toThrow(/--sampling/);
    expect(() => qualityParams({ dropLast: true })).toThrow(/--drop-last/);
    expect(qualityParams({}).sampling).toBe('with');
  });

  test('CLI: --sampling and --drop-last reach the params; the table adds FPC and expected std only without replacement', async () => {
    const cmd = parseCommand(['quality', '--sampling', 'without', '--drop-last', '--n', '1000', '--batches', '10,1000', '--trials', '20']);
    expect(cmd).toMatchObject({ kind: 'quality', params: { sampling: 'without', dropLast: true } });
    expect(() => parseCommand(['quality', '--sampling', 'maybe'])).toThrow(/--sampling/);
    expect(() => parseCommand(['book', '--sampling', 'without'])).toThrow(/does not apply/);
    if (cmd.kind !== 'quality') throw new Error('unreachable');
    const table = formatQualityReport(await runQuality(lab, cmd.params)).split('\n');
    expect(table[1]).toMatch(/^batch b\s+mean est\.\s+std of est\.\s+FPC\s+expected std/);
    expect(table[3]).toMatch(/^1000\s+\S+\s+\S+\s+0\.0000\s+0\.0000/);
    const plain = formatQualityReport(await runQuality(lab, qualityParams({ n: 1000, batches: [10], trials: 20 }))).split('\n');
    expect(plain[1]).not.toMatch(/FPC/);
  });
});
