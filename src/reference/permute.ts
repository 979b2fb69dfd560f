/**
 * Bit-exact TypeScript twin of shaders/lib/permute.wgsl: a keyed bijection on [0, n)
 * (4-round Feistel network on 2h bits with cycle-walking), and the epoch-shuffled batch
 * layout the quality experiment uses for sampling without replacement.
 */
import { threefry2x32 } from './threefry';

const ROUND_TAG = 0x5045524d;

function hash(x0: number): number {
  let x = x0 >>> 0;
  x ^= x >>> 16; x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15; x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** Round keys of `key`, as permute() in permute.wgsl derives them. */
export function roundKeys(key: readonly [number, number]): [number, number, number, number] {
  const a = threefry2x32(key, [ROUND_TAG, 0]);
  const b = threefry2x32(key, [ROUND_TAG, 1]);
  return [a[0], a[1], b[0], b[1]];
}

/** Position i (< n) of the permutation of [0, n) keyed by `key`; pass `keys` to skip re-deriving them. */
export function permute(i: number, n: number, key: readonly [number, number], keys = roundKeys(key)): number {
  if (n <= 1) return 0;
  const bits = 32 - Math.clz32(n - 1);
  const h = (bits + 1) >>> 1;
  const mask = h === 32 ? 0xffffffff : (1 << h) - 1;
  let x = i >>> 0;
  for (;;) {
    let l = x >>> h;
    let r = (x & mask) >>> 0;
    for (const k of keys) {
      const t = (l ^ (hash(r ^ k) & mask)) >>> 0;
      l = r;
      r = t;
    }
    x = ((l << h) | r) >>> 0;
    if (x < n) return x;
  }
}

/**
 * Without replacement, trial (row) t of batch size b: epoch e = ⌊t / B⌋ with B batches per
 * epoch, and slots s of batch t mod B take permutation positions q + s, q = (t mod B)·b.
 * B = ⌊n/b⌋ with drop_last; otherwise ⌈n/b⌉ and the last batch of an epoch wraps around to
 * the start of the same permutation (positions mod n), so it still holds b distinct examples.
 */
export const batchesPerEpoch = (n: number, b: number, dropLast: boolean): number => (dropLast ? Math.floor(n / b) : Math.ceil(n / b));

/** The key of epoch e's permutation under a sampling key (as epoch_key in example_sums.wgsl). */
export const epochKey = (key: readonly [number, number], epoch: number): [number, number] => threefry2x32(key, [epoch >>> 0, 0x45504f43]);

/** Example index of slot s in trial t, as example_index with SAMPLING 3. */
export function shuffledIndex(key: readonly [number, number], n: number, b: number, perEpoch: number, t: number, s: number): number {
  const e = Math.floor(t / perEpoch);
  const pos = ((t % perEpoch) * b + s) % n;
  return permute(pos, n, epochKey(key, e));
}
