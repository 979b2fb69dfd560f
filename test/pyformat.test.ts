// CPython %-formatting and float repr (src/reference/pyformat.ts) against strings printed by python3 3.11.
import { describe, expect, it } from 'vitest';
import { floatRepr, formatFixed, pyPercent } from '../src/reference/pyformat';

describe('formatFixed (%.Nf)', () => {
  const cases: [number, number, string][] = [
    [0.03125, 4, '0.0312'], // exact tie: half to even (toFixed says 0.0313)
    [-0.03125, 4, '-0.0312'],
    [0.5, 0, '0'],
    [1.5, 0, '2'],
    [2.5, 0, '2'],
    [-2.5, 0, '-2'],
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [1.005, 2, '1.00'], // binary value is below the tie
    [2.675, 2, '2.67'],
    [0.0005, 3, '0.001'], // binary value is above the tie
    [0.25, 1, '0.2'],
    [0.35, 1, '0.3'],
    [123.45675, 4, '123.4567'],
    [8.36135, 4, '8.3613'],
    [0.5, 2, '0.50'],
    [-0, 4, '-0.0000'],
    [-0.00001, 4, '-0.0000'],
    [0, 4, '0.0000'],
    [5e-324, 4, '0.0000'],
    [1e22, 4, '10000000000000000000000.0000'],
    [2 ** 53, 4, '9007199254740992.0000'],
    [Infinity, 4, 'inf'],
    [-Infinity, 4, '-inf'],
    [NaN, 4, 'nan'],
  ];
  it.each(cases)('%s with %i digits -> %s', (x, digits, expected) => {
    expect(formatFixed(x, digits)).toBe(expected);
  });
});

describe('floatRepr (str/repr of a float)', () => {
  const cases: [number, string][] = [
    [0, '0.0'],
    [-0, '-0.0'],
    [0.05, '0.05'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-5, '1e-05'],
    [9.9999e-5, '9.9999e-05'],
    [0.0001, '0.0001'],
    [0.00012345, '0.00012345'],
    [1.5e-7, '1.5e-07'],
    [3, '3.0'],
    [-2.5, '-2.5'],
    [100, '100.0'],
    [1e15, '1000000000000000.0'],
    [9999999999999998, '9999999999999998.0'],
    [1234567890123456.7, '1234567890123456.8'],
    [1e16, '1e+16'],
    [123456789012345678, '1.2345678901234568e+17'],
    [1e22, '1e+22'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [Infinity, 'inf'],
    [NaN, 'nan'],
  ];
  it.each(cases)('%s -> %s', (x, expected) => {
    expect(floatRepr(x)).toBe(expected);
  });
});

describe('pyPercent', () => {
  const cases: [string, (string | number | bigint)[], string][] = [
    ['%-14.4f|', [-5.45704], '-5.4570       |'],
    ['%-8s|', ['batch b'], 'batch b |'],
    ['%-8s %-14s %-14s', ['batch b', 'mean est.', 'std of est.'], 'batch b  mean est.      std of est.   '],
    ['%-2d|', [5], '5 |'],
    ['%-2d|', [100], '100|'],
    ['%-4d|', [256], '256 |'],
    ['%05.1f', [-2.5], '-02.5'],
    ['%08.3f', [3.14159], '0003.142'],
    ['%-08.3f|', [3.14159], '3.142   |'],
    ['%+.2f', [1], '+1.00'],
    ['% d', [5], ' 5'],
    ['%8.3f|', [3.14159], '   3.142|'],
    ['%f', [3.14159265], '3.141593'],
    ['%s', [0.05], '0.05'],
    ['%r', [0.1], '0.1'],
    ['%s', [12n], '12'],
    ['%5s|', ['ab'], '   ab|'],
    ['%.1s', ['abc'], 'a'],
    ['%d', [-7], '-7'],
    ['%d%%', [50], '50%'],
    ['%F', [Infinity], 'INF'],
    ['   (%.2fx vs prev)', [0.505], '   (0.51x vs prev)'],
  ];
  it.each(cases)('%s', (fmt, args, expected) => {
    expect(pyPercent(fmt, args)).toBe(expected);
  });

  it('complains about argument count and type like Python', () => {
    expect(() => pyPercent('%d %d', [1])).toThrow(/not enough arguments/);
    expect(() => pyPercent('%d', [1, 2])).toThrow(/not all arguments converted/);
    expect(() => pyPercent('%d', ['x'])).toThrow(/number is required/);
    expect(() => pyPercent('%d', [NaN])).toThrow(/cannot convert float nan/);
  });
});
