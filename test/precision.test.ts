// Known sums that catch naive f32 accumulation (which stalls at 2^24), through the whole
// pipeline (stored data, pass 1, folds), and the full gradient at N = 2^28 against f64.
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab } from '../src/engine/lab';
import { normalFromBits, threefry2x32, dataKey } from '../src/reference/threefry';
import { testGpu } from './helpers/gpu';

let lab: Lab;
beforeAll(async () => {
  lab = await Lab.create(await testGpu());
});

/**
 * Σ over n stored examples with x = 1, y = −v/2 at w = 0: each gradient term is
 * 2·1·(0 − y) = v exactly (doubling is exact), so the gradient sum is n copies of f32(v).
 */
async function sumOfCopies(n: number, v: number): Promise<number> {
  const x = new Float32Array(n).fill(1);
  const y = new Float32Array(n).fill(-v / 2);
  const data = await lab.dataset({ kind: 'stored', n, d: 1, x, y });
  try {
    return (await lab.fullSums(data, [0]))[0];
  } finally {
    data.destroy();
  }
}

describe('known sums', () => {
  test('2^24 + 2 ones give 16777218 and 3·2^24 ones give 50331648, exactly', async () => {
    expect(await sumOfCopies(2 ** 24 + 2, 1)).toBe(16777218);
    expect(await sumOfCopies(3 * 2 ** 24, 1)).toBe(50331648);
  });

  test('10^8 copies of 0.1 come within 1e-6 relative of f64', async () => {
    const v = Math.fround(0.1);
    const got = await sumOfCopies(1e8, v);
    expect(Math.abs(got - 1e8 * v) / (1e8 * v)).toBeLessThan(1e-6);
  });
});

describe('the full gradient at N = 2^28', () => {
  test('is within 1e-6 relative of an f64 reference computed in chunks', async () => {
    const n = 2 ** 28;
    const seed = 20261203;
    const data = await lab.dataset({ kind: 'procedural', n, d: 1, seed, wTrue: [3], noise: 0.1 });
    const gpu = await lab.fullSums(data, [0]);
    data.destroy();
    // f64 reference, chunk by chunk (each chunk's sum in f64, chunks added in f64):
    // at w = 0 the gradient term is −2xy and the loss term y², y = 3x + 0.1·eps.
    const key = dataKey(seed);
    let grad = 0;
    let loss = 0;
    for (let start = 0; start < n; start += 2 ** 22) {
      let g = 0;
      let l = 0;
      for (let i = start; i < start + 2 ** 22; i++) {
        const [a, b] = threefry2x32(key, [i, 0]);
        const x = normalFromBits(a);
        const y = 3 * x + 0.1 * normalFromBits(b);
        g += -2 * x * y;
        l += y * y;
      }
      grad += g;
      loss += l;
    }
    expect(Math.abs(gpu[0] - grad) / Math.abs(grad)).toBeLessThan(1e-6);
    expect(Math.abs(gpu[1] - loss) / Math.abs(loss)).toBeLessThan(1e-6);
  }, 900_000);
});
