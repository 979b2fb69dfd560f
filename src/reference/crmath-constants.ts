/**
 * Constants for the correctly rounded log/sin/cos of crmath.ts: ln 2, π/2 in three parts,
 * log(k/64), sin(j/64), cos(j/64) and series coefficients. They are computed once, exactly,
 * with 256-bit fixed-point bigint series (Machin's formula for π, atanh for logs, Taylor for
 * sin/cos), so no hand-copied digits can be wrong.
 */

import { type DD, ddFromFixed } from './double-double';

const BITS = 256;
const ONE = 1n << BigInt(BITS);

/** atanh(p/q) · 2^BITS for |p/q| < 1, by the series Σ s^(2j+1)/(2j+1). */
function atanhFixed(p: bigint, q: bigint): bigint {
  if (p < 0n) return -atanhFixed(-p, q); // keeps the shifts below on non-negative values
  const s = (p * ONE) / q;
  const s2 = (s * s) >> BigInt(BITS);
  let pow = s;
  let sum = 0n;
  for (let j = 1n; pow !== 0n; j += 2n) {
    sum += pow / j;
    pow = (pow * s2) >> BigInt(BITS);
  }
  return sum;
}

/** atan(1/n) · 2^BITS, by the alternating series Σ (−1)^j / ((2j+1) n^(2j+1)). */
function atanRecipFixed(n: bigint): bigint {
  let term = ONE / n;
  let sum = 0n;
  for (let j = 0n; term !== 0n; j++) {
    sum += (j % 2n === 0n ? term : -term) / (2n * j + 1n);
    term /= n * n;
  }
  return sum;
}

/** [sin a, cos a] · 2^BITS for a = num/den, by Taylor series. */
function sinCosFixed(num: bigint, den: bigint): [bigint, bigint] {
  // num/den ≥ 0 here, so every term stays non-negative and the loop ends.
  const a = (num * ONE) / den;
  let sin = 0n;
  let cos = 0n;
  let term = ONE; // a^n / n!, starting at n = 0
  for (let n = 0n; term !== 0n; n++) {
    const sign = (n / 2n) % 2n === 0n ? 1n : -1n;
    if (n % 2n === 0n) cos += sign * term;
    else sin += sign * term;
    term = (term * a) >> BigInt(BITS);
    term /= n + 1n;
  }
  return [sin, cos];
}

/** ln 2 as a double-double. */
export const LN2: DD = ddFromFixed(2n * atanhFixed(1n, 3n), BITS);

const PIO2_FIXED = 2n * (4n * atanRecipFixed(5n) - atanRecipFixed(239n)); // π/2 = 2(4 atan 1/5 − atan 1/239)

/** π/2 as the sum of three doubles (p0 = Math.PI / 2), about 159 bits. */
export const PIO2_PARTS: readonly [number, number, number] = (() => {
  const scale = 2 ** -BITS;
  const p0 = Number(PIO2_FIXED) * scale;
  let rest = PIO2_FIXED - BigInt(Number(PIO2_FIXED));
  const p1 = Number(rest) * scale;
  rest -= BigInt(Number(rest));
  const p2 = Number(rest) * scale;
  return [p0, p1, p2];
})();

/** Smallest k in LOG_TABLE: log(k/64) is tabulated for k = LOG_TABLE_FIRST … 91. */
export const LOG_TABLE_FIRST = 45;

/** log(k/64) for k = 45 … 91 (covering [√½, √2] in steps of 1/64), as double-doubles. */
export const LOG_TABLE: readonly DD[] = Array.from({ length: 91 - LOG_TABLE_FIRST + 1 }, (_, i) => {
  const k = BigInt(LOG_TABLE_FIRST + i);
  return ddFromFixed(2n * atanhFixed(k - 64n, k + 64n), BITS); // log(k/64) = 2 atanh((k−64)/(k+64))
});

const SIN_COS_FIXED = Array.from({ length: 57 }, (_, j) => sinCosFixed(BigInt(j), 64n));

/** sin(j/64) for j = 0 … 56, as double-doubles. */
export const SIN_TABLE: readonly DD[] = SIN_COS_FIXED.map(([s]) => ddFromFixed(s, BITS));

/** cos(j/64) for j = 0 … 56, as double-doubles. */
export const COS_TABLE: readonly DD[] = SIN_COS_FIXED.map(([, c]) => ddFromFixed(c, BITS));

/** 1/(2j+1) for j = 0 … 9: the series atanh(s)/s = Σ s^(2j) / (2j+1). */
export const ODD_RECIPROCALS: readonly DD[] = Array.from({ length: 10 }, (_, j) =>
  ddFromFixed(ONE / BigInt(2 * j + 1), BITS),
);

/** (−1)^i / (2i+1)! for i = 0 … 9: sin(t)/t = Σ c_i t^(2i). */
export const SIN_COEFFS: readonly DD[] = Array.from({ length: 10 }, (_, i) =>
  ddFromFixed(((i % 2 === 0 ? 1n : -1n) * ONE) / factorial(2 * i + 1), BITS),
);

/** (−1)^i / (2i)! for i = 0 … 9: cos(t) = Σ c_i t^(2i). */
export const COS_COEFFS: readonly DD[] = Array.from({ length: 10 }, (_, i) =>
  ddFromFixed(((i % 2 === 0 ? 1n : -1n) * ONE) / factorial(2 * i), BITS),
);

function factorial(n: number): bigint {
  let f = 1n;
  for (let i = 2n; i <= BigInt(n); i++) f *= i;
  return f;
}
