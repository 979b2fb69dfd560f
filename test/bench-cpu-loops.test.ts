// The benchmark's CPU loops (src/bench/cpu-loops.ts) against the engine's reference RNG and a direct f64 sum.
import { describe, expect, it } from 'vitest';
import { normalFromWord, proceduralArrays, proceduralSums, storedSums, threefryInto } from '../src/bench/cpu-loops';
import { median } from '../src/bench/timing';
import { dataKey, normalFromBits, threefry2x32 } from '../src/reference/threefry';

describe('bench CPU loops', () => {
  it('threefryInto and normalFromWord equal the reference twins bit for bit', () => {
    const out = new Uint32Array(2);
    for (const [key, ctr] of [[[0, 0], [0, 0]], [[12345, 0], [7, 0]], [[0xffffffff, 2], [0xfffffffe, 3]], [[42, 1], [1 << 31, 9]]] as const) {
      threefryInto(key[0], key[1], ctr[0], ctr[1], out);
      expect([out[0], out[1]]).toEqual(threefry2x32(key, ctr));
      expect(normalFromWord(out[0])).toBe(normalFromBits(out[0]));
      expect(normalFromWord(out[1])).toBe(normalFromBits(out[1]));
    }
  });

  it('procedural sums equal the sums over the generated arrays, and the mean gradient at w = 0 is near -2·wTrue', () => {
    const n = 1 << 16;
    const key = dataKey(5);
    const [g, l] = proceduralSums(key, n, 3, 0.1, 0);
    const { x, y } = proceduralArrays(key, n, 3, 0.1);
    const [gs, ls] = storedSums(x, y, 0);
    expect(Math.abs(gs - g) / Math.abs(g)).toBeLessThan(1e-6);
    expect(Math.abs(ls - l) / l).toBeLessThan(1e-6);
    expect(g / n).toBeGreaterThan(-6.3);
    expect(g / n).toBeLessThan(-5.7);
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
