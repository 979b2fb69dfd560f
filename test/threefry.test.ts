// Threefry-2x32-20 against Random123's known-answer vectors, and the normal's shape.
import { describe, expect, test } from 'vitest';
import { normalFromBits, threefry2x32, uniformIndex } from '../src/reference/threefry';

describe('threefry2x32 (CPU twin of lib/rng.wgsl)', () => {
  test('matches the Random123 known-answer vectors', () => {
    const hex = (v: [number, number]) => v.map((x) => x.toString(16).padStart(8, '0')).join(' ');
    expect(hex(threefry2x32([0, 0], [0, 0]))).toBe('6b200159 99ba4efe');
    expect(hex(threefry2x32([0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff]))).toBe('1cb996fc bb002be7');
    expect(hex(threefry2x32([0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3]))).toBe('c4923a9c 483df7a0');
  });

  test('normalFromBits is symmetric and close to the normal quantiles', () => {
    expect(normalFromBits(0x80000000 | (0x7fffff << 8))).toBeCloseTo(0, 6);
    expect(normalFromBits(0x12345678)).toBe(-normalFromBits(0x92345678));
    // -Phi^-1((k + 1/2) / 2^24) from Python's statistics.NormalDist; AS 241 PPND7's bound is 1.2e-7 relative.
    const expected: [number, number][] = [[0, 5.419983174916869], [1000, 3.8476240408811804],
      [400000, 1.9801758240644671], [4194304, 0.674489656412197], [8388607, 7.470334394666561e-8]];
    for (const [k, z] of expected) expect(Math.abs(normalFromBits(k << 8) - z)).toBeLessThan(1.2e-7 * z);
  });

  test('uniformIndex covers [0, n) and reaches both ends', () => {
    expect(uniformIndex([0, 0], 20000)).toBe(0);
    expect(uniformIndex([0xffffffff, 0xffffffff], 20000)).toBe(19999);
    expect(uniformIndex([0, 0x80000000], 0xffffffff)).toBe(0x7fffffff);
  });
});
