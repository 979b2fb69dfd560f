/**
 * Correctly rounded log, sin and cos, evaluated in double-double (~100 bits) and rounded once.
 * CPython's `random.gauss` calls the C library's log/cos/sin; glibc's are (almost always)
 * correctly rounded, while V8's Math.log/cos/sin (fdlibm ports) differ from them in the last
 * bit for a few percent of arguments. Using these makes gauss() match CPython on glibc.
 */

import { type DD, dd, ddAdd, ddMul, ddNeg, twoProd, twoSum, ddDiv } from './double-double';
import {
  COS_COEFFS,
  COS_TABLE,
  LN2,
  LOG_TABLE,
  LOG_TABLE_FIRST,
  ODD_RECIPROCALS,
  PIO2_PARTS,
  SIN_COEFFS,
  SIN_TABLE,
} from './crmath-constants';

const bits = new DataView(new ArrayBuffer(8));

/** Beyond this |x| the three-part π/2 reduction is not trusted; sin/cos fall back to Math. */
const MAX_REDUCED = 2 ** 20;

/**
 * The natural logarithm, correctly rounded (round-to-nearest) for every positive double.
 *
 * @example
 * crLog(0.5); // -0.6931471805599453
 */
export function crLog(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let e = 0;
  if (x < 2 ** -1022) {
    x *= 2 ** 54; // subnormal: make it normal first
    e = -54;
  }
  bits.setFloat64(0, x);
  const high = bits.getUint32(0);
  e += ((high >>> 20) & 0x7ff) - 1023;
  bits.setUint32(0, (high & 0x800fffff) | 0x3ff00000);
  let m = bits.getFloat64(0); // x = m · 2^e, m in [1, 2)
  if (m > Math.SQRT2) {
    m *= 0.5;
    e += 1;
  }
  // log m = log c + 2 atanh((m − c)/(m + c)) with c = k/64 the nearest tabulated point.
  const k = Math.round(m * 64);
  const c = k / 64;
  const s = ddDiv(dd(m - c), twoSum(m, c)); // m − c is exact (Sterbenz)
  const s2 = ddMul(s, s); // |s| < 2^-7.5, so 8 terms leave < 2^-120
  let series = ODD_RECIPROCALS[7]!;
  for (let j = 6; j >= 0; j--) series = ddAdd(ddMul(series, s2), ODD_RECIPROCALS[j]!);
  const atanh2 = ddMul(s, series);
  let result = ddAdd(LOG_TABLE[k - LOG_TABLE_FIRST]!, dd(2 * atanh2.hi, 2 * atanh2.lo));
  if (e !== 0) result = ddAdd(ddMul(dd(e), LN2), result);
  return result.hi + result.lo;
}

/**
 * Sine, correctly rounded for |x| ≤ 2^20 (Math.sin beyond).
 *
 * @example
 * crSin(1); // 0.8414709848078965
 */
export function crSin(x: number): number {
  return crSinCos(x)[0];
}

/**
 * Cosine, correctly rounded for |x| ≤ 2^20 (Math.cos beyond).
 *
 * @example
 * crCos(1); // 0.5403023058681398
 */
export function crCos(x: number): number {
  return crSinCos(x)[1];
}

/**
 * [sin x, cos x], both correctly rounded for |x| ≤ 2^20, sharing one argument reduction.
 *
 * @example
 * crSinCos(0); // [0, 1]
 */
export function crSinCos(x: number): [number, number] {
  if (!Number.isFinite(x)) return [NaN, NaN];
  if (x === 0) return [x, 1];
  if (Math.abs(x) > MAX_REDUCED) return [Math.sin(x), Math.cos(x)];
  const { quadrant, r } = reduceHalfPi(x);
  const { sin, cos } = sinCosSmall(r);
  const s = sin.hi + sin.lo;
  const c = cos.hi + cos.lo;
  switch (quadrant) {
    case 0:
      return [s, c];
    case 1:
      return [c, -s];
    case 2:
      return [-s, -c];
    default:
      return [-c, s];
  }
}

/** x = q·(π/2) + r with |r| ≲ π/4, r as a double-double; quadrant = q mod 4. */
function reduceHalfPi(x: number): { quadrant: number; r: DD } {
  if (Math.abs(x) <= Math.PI / 4) return { quadrant: 0, r: dd(x) };
  const q = Math.round(x * (2 / Math.PI));
  const [p0, p1, p2] = PIO2_PARTS;
  const q0 = twoProd(q, p0);
  let r = twoSum(x, -q0.hi); // exact; the cancellation happens here
  r = ddAdd(r, dd(-q0.lo));
  r = ddAdd(r, ddNeg(twoProd(q, p1)));
  r = ddAdd(r, dd(-q * p2));
  return { quadrant: ((q % 4) + 4) % 4, r };
}

/** sin r and cos r for |r| ≤ 0.8, via r = j/64 + t and the addition formulas. */
function sinCosSmall(r: DD): { sin: DD; cos: DD } {
  const negative = r.hi < 0;
  const a = negative ? ddNeg(r) : r;
  const j = Math.round(a.hi * 64);
  const t = ddAdd(dd(a.hi - j / 64), dd(a.lo)); // a.hi − j/64 is exact (Sterbenz)
  const t2 = ddMul(t, t); // |t| ≤ 2^-7, so 8 terms leave < 2^-130
  let sinPoly = SIN_COEFFS[7]!;
  let cosPoly = COS_COEFFS[7]!;
  for (let i = 6; i >= 0; i--) {
    sinPoly = ddAdd(ddMul(sinPoly, t2), SIN_COEFFS[i]!);
    cosPoly = ddAdd(ddMul(cosPoly, t2), COS_COEFFS[i]!);
  }
  const sinT = ddMul(t, sinPoly);
  let sin = sinT;
  let cos = cosPoly;
  if (j !== 0) {
    const sA = SIN_TABLE[j]!;
    const cA = COS_TABLE[j]!;
    sin = ddAdd(ddMul(sA, cosPoly), ddMul(cA, sinT));
    cos = ddAdd(ddMul(cA, cosPoly), ddNeg(ddMul(sA, sinT)));
  }
  return { sin: negative ? ddNeg(sin) : sin, cos };
}
