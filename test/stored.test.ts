// Stored datasets (uploaded f32 arrays), whole and split across bindings by forcing a small
// binding limit: full-data, listed and drawn mini-batch sums against an f64 reference.
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab, type Sampling } from '../src/engine/lab';
import { TermSum, drawnIndex } from '../src/reference/linreg';
import { STREAM, sampleKey } from '../src/reference/threefry';
import { freshSeed, testGpu } from './helpers/gpu';

let lab: Lab;
beforeAll(async () => {
  lab = await Lab.create(await testGpu());
});

/** Reproducible uniform values in [-2, 2) from a seed (xorshift32). */
function randomFloats(count: number, seed: number): Float32Array {
  let s = seed || 1;
  return Float32Array.from({ length: count }, () => {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    return ((s >>> 0) / 2 ** 32) * 4 - 2;
  });
}

describe('stored datasets', () => {
  const n = 10007;
  const d = 3;
  const w = [0.5, -1, 2];

  test.each([['one binding', undefined], ['split into 11 parts of 1000 examples', 4 * d * 1000]] as const)('%s', async (_name, maxBindingBytes) => {
    const seed = freshSeed('stored');
    const x = randomFloats(n * d, seed);
    const y = randomFloats(n, seed ^ 0x9e3779b9);
    const data = await lab.dataset({ kind: 'stored', n, d, x, y }, maxBindingBytes);
    expect(data.parts.length).toBe(maxBindingBytes ? 11 : 1);
    const reference = (indices: Iterable<number>) => {
      const acc = new TermSum(d);
      for (const i of indices) acc.add(x.subarray(i * d, (i + 1) * d), y[i], w);
      return acc;
    };
    const expectClose = (got: ArrayLike<number>, want: TermSum, at = 0) => {
      const v = want.value();
      for (let c = 0; c <= d; c++) expect(Math.abs(got[at + c] - v[c]), `component ${c}`).toBeLessThanOrEqual(1e-6 * want.errorScale[c]);
    };

    expectClose(await lab.fullSums(data, w), reference(Array.from({ length: n }, (_, i) => i)));

    const b = 700;
    const rows = 3;
    const listed = Uint32Array.from({ length: rows * b }, (_, k) => (k * 7919 + seed) % n);
    const fromList = await lab.batchSums(data, w, b, rows, { kind: 'listed', indices: listed });
    for (let r = 0; r < rows; r++) expectClose(fromList, reference(listed.subarray(r * b, (r + 1) * b)), r * (d + 1));

    const key = sampleKey(seed, STREAM.quality, b);
    const drawn: Sampling = { kind: 'drawn', key };
    const fromDraws = await lab.batchSums(data, w, b, rows, drawn, 5);
    for (let r = 0; r < rows; r++) {
      expectClose(fromDraws, reference(Array.from({ length: b }, (_, s) => drawnIndex(key, 5 + r, s, n))), r * (d + 1));
    }
    data.destroy();
  });
});
