/**
 * Double-double arithmetic: a value is the unevaluated sum hi + lo of two doubles with
 * |lo| ≤ ulp(hi)/2, about 106 bits of precision. Built on the error-free transformations
 * twoSum (Knuth) and twoProd (Dekker's splitting; JavaScript has no fused multiply-add).
 */

/** A double-double number hi + lo. */
export interface DD {
  readonly hi: number;
  readonly lo: number;
}

const SPLITTER = 134217729; // 2^27 + 1

/**
 * Double-double from hi and lo (not renormalized).
 *
 * @example
 * dd(1, 2 ** -60).hi; // 1
 */
export function dd(hi: number, lo = 0): DD {
  return { hi, lo };
}

/** a + b exactly, as the rounded sum and its rounding error (Knuth's twoSum). */
export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

/** a + b exactly, assuming |a| ≥ |b| or a = 0 (Dekker's fastTwoSum). */
export function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

/** a · b exactly, as the rounded product and its rounding error (Dekker; |a|,|b| < 2^996). */
export function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return { hi: p, lo: ah * bh - p + ah * bl + al * bh + al * bl };
}

/** a + b, with a relative error of about 2^-104. */
export function ddAdd(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  const u = quickTwoSum(s.hi, s.lo + t.hi);
  return quickTwoSum(u.hi, u.lo + t.lo);
}

/** −a, exactly. */
export function ddNeg(a: DD): DD {
  return { hi: -a.hi, lo: -a.lo };
}

/** a · b, with a relative error of about 2^-104. */
export function ddMul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

/** a / b, with a relative error of about 2^-104 (three quotient digits). */
export function ddDiv(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = ddAdd(a, ddNeg(ddMul(b, dd(q1))));
  const q2 = r.hi / b.hi;
  r = ddAdd(r, ddNeg(ddMul(b, dd(q2))));
  const q3 = r.hi / b.hi;
  return ddAdd(quickTwoSum(q1, q2), dd(q3));
}

/**
 * The double-double nearest to num / 2^scaleBits, for a fixed-point bigint
 * (used to turn constants computed exactly with bigints into double-doubles).
 *
 * @example
 * ddFromFixed(3n << 100n, 101).hi; // 1.5
 */
export function ddFromFixed(num: bigint, scaleBits: number): DD {
  const head = Number(num); // an integer-valued double, so BigInt(head) is exact
  const scale = 2 ** -scaleBits;
  return quickTwoSum(head * scale, Number(num - BigInt(head)) * scale);
}
