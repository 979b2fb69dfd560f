/**
 * A port of the parts of CPython's `random.Random` (3.11) that the chapter's program uses:
 * integer seeding, `random()`, `gauss()`, `getrandbits()` and `randrange(n)`.
 * Given the same seed it yields bit-for-bit the numbers CPython yields on a little-endian
 * machine (`getrandbits` above 32 bits orders its words by host endianness in CPython).
 */

import { crLog, crSinCos } from './crmath';
import { Mt19937 } from './mt19937';

/** 2π exactly as Lib/random.py computes it (`TWOPI = 2.0 * _pi`). */
const TWOPI = 2.0 * Math.PI;

/**
 * Splits |seed| into little-endian 32-bit words, as CPython's `random_seed` does for an int
 * (zero gives the single word 0).
 *
 * @example
 * seedKey(2n ** 40n + 3n); // [3, 256]
 */
export function seedKey(seed: number | bigint): number[] {
  let n = toBigInt(seed);
  if (n < 0n) n = -n;
  const key: number[] = [];
  do {
    key.push(Number(n & 0xffffffffn));
    n >>= 32n;
  } while (n > 0n);
  return key;
}

/**
 * Number of bits needed to write a non-negative integer (Python's `int.bit_length()`).
 *
 * @example
 * bitLength(20000); // 15
 */
export function bitLength(n: number | bigint): number {
  const v = toBigInt(n);
  if (v < 0n) throw new RangeError(`bitLength expects a non-negative integer, got ${v}`);
  return v === 0n ? 0 : v.toString(2).length;
}

/**
 * CPython's Mersenne-Twister `random.Random`, limited to what the chapter's program needs.
 *
 * @example
 * const rng = new PyRandom(0);
 * rng.random();            // 0.8444218515250481, as python3 -c "import random; random.seed(0); print(random.random())"
 * rng.randrange(20000);
 */
export class PyRandom {
  private readonly mt = new Mt19937();
  /** The second normal deviate of the last Box–Muller pair, if not yet used (`gauss_next`). */
  private gaussNext: number | null = null;

  /** Seeds like `random.Random(seed)`. */
  constructor(seed: number | bigint) {
    this.seed(seed);
  }

  /**
   * `random.seed(a)` for an int `a` (a number holding an integer, or a bigint):
   * any size, zero and negatives included (the sign is dropped, as CPython does).
   */
  seed(seed: number | bigint): void {
    this.mt.seedByArray(seedKey(seed));
    this.gaussNext = null;
  }

  /** A float in [0, 1) with 53 random bits: `(a*2^26 + b) / 2^53` from two 32-bit outputs. */
  random(): number {
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /**
   * A normal deviate, Lib/random.py 3.11's `gauss`: Box–Muller that caches the second
   * value of each pair for the next call. Returns `mu + z * sigma`. log/cos/sin are the
   * correctly rounded ones of crmath.ts, which is what glibc's libm returns (V8's differ).
   */
  gauss(mu = 0.0, sigma = 1.0): number {
    let z = this.gaussNext;
    this.gaussNext = null;
    if (z === null) {
      const x2pi = this.random() * TWOPI;
      const g2rad = Math.sqrt(-2.0 * crLog(1.0 - this.random()));
      const [sin, cos] = crSinCos(x2pi);
      z = cos * g2rad;
      this.gaussNext = sin * g2rad;
    }
    return mu + z * sigma;
  }

  /** `getrandbits(k)` for 0 ≤ k ≤ 32: the top k bits of one 32-bit output. */
  getrandbits(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k > 32) {
      throw new RangeError(`getrandbits(k) needs an integer 0 <= k <= 32, got ${k}; use getrandbitsBig for more`);
    }
    if (k === 0) return 0;
    return this.mt.nextUint32() >>> (32 - k);
  }

  /**
   * `getrandbits(k)` for any k ≥ 0 as a bigint: 32-bit words from least to most significant,
   * the last (most significant) word keeping only its top bits, as CPython does.
   */
  getrandbitsBig(k: number): bigint {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`getrandbitsBig(k) needs an integer k >= 0, got ${k}`);
    if (k <= 32) return BigInt(this.getrandbits(k));
    let result = 0n;
    let shift = 0n;
    for (let left = k; left > 0; left -= 32) {
      let word = this.mt.nextUint32();
      if (left < 32) word >>>= 32 - left;
      result |= BigInt(word) << shift;
      shift += 32n;
    }
    return result;
  }

  /**
   * `randrange(n)`: an integer in [0, n) by `_randbelow_with_getrandbits`
   * (k = n.bit_length(); redraw getrandbits(k) until it is below n).
   * Takes n ≤ 2^53 as a number; use randrangeBig beyond.
   */
  randrange(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) {
      throw new RangeError(`randrange(n) needs a positive safe integer n, got ${n} (Python: empty range for randrange())`);
    }
    const k = bitLength(n);
    if (k > 32) return Number(this.randrangeBig(BigInt(n)));
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** `randrange(n)` for a bigint n > 0, same algorithm as randrange. */
  randrangeBig(n: bigint): bigint {
    if (n <= 0n) throw new RangeError(`randrange(n) needs n > 0, got ${n} (Python: empty range for randrange())`);
    const k = bitLength(n);
    let r = this.getrandbitsBig(k);
    while (r >= n) r = this.getrandbitsBig(k);
    return r;
  }
}

/** A number holding an integer, or a bigint, as a bigint; anything else is refused. */
function toBigInt(value: number | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isInteger(value)) {
    throw new RangeError(`expected an integer seed, got ${value} (CPython would hash a non-integer float; not supported)`);
  }
  return BigInt(value);
}
