/**
 * Bit-exact TypeScript twin of shaders/lib/rng.wgsl: Threefry-2x32-20, the normal and
 * the uniform index built on it. The normal is evaluated in f64 here, so it is the exact
 * value of the same formula the GPU evaluates in f32.
 */

const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24];

const rotl = (x: number, r: number) => ((x << r) | (x >>> (32 - r))) >>> 0;

/** Threefry-2x32 with 20 rounds: (key, counter) -> two u32 words. */
export function threefry2x32(key: readonly [number, number], ctr: readonly [number, number]): [number, number] {
  const ks = [key[0] >>> 0, key[1] >>> 0, (0x1bd11bda ^ key[0] ^ key[1]) >>> 0];
  let x0 = (ctr[0] + ks[0]) >>> 0;
  let x1 = (ctr[1] + ks[1]) >>> 0;
  for (let quad = 0; quad < 5; quad++) {
    for (let r = 0; r < 4; r++) {
      x0 = (x0 + x1) >>> 0;
      x1 = rotl(x1, ROTATIONS[4 * (quad & 1) + r]);
      x1 = (x1 ^ x0) >>> 0;
    }
    x0 = (x0 + ks[(quad + 1) % 3]) >>> 0;
    x1 = (x1 + ks[(quad + 2) % 3] + quad + 1) >>> 0;
  }
  return [x0, x1];
}

/** Wichura's AS 241 (PPND7) inverse normal CDF on the lower half, p in [2^-25, 1/2). */
function lowerQuantile(p: number): number {
  if (p >= 0.075) {
    const q = p - 0.5;
    const r = 0.180625 - q * q;
    return q * (((59.10937472 * r + 159.29113202) * r + 50.434271938) * r + 3.3871327179)
      / (((67.1875636 * r + 78.757757664) * r + 17.895169469) * r + 1);
  }
  const r = Math.sqrt(-Math.log(p)) - 1.6;
  return -(((0.17023821103 * r + 1.3067284816) * r + 2.75681539) * r + 1.4234372777)
    / ((0.12021132975 * r + 0.7370016425) * r + 1);
}

/** Standard normal from 32 bits, as normal_from_bits in rng.wgsl (in f64). */
export function normalFromBits(bits: number): number {
  const k = (bits & 0x7fffffff) >>> 8;
  const z = lowerQuantile((k + 0.5) * 2 ** -24);
  return bits >>> 31 === 1 ? z : -z;
}

/** floor(bits * n / 2^64) with bits = hi * 2^32 + lo, as uniform_index in rng.wgsl. */
export function uniformIndex(bits: readonly [number, number], n: number): number {
  return Number(((BigInt(bits[1]) << 32n | BigInt(bits[0])) * BigInt(n)) >> 64n);
}

/** Stream tags: which use of the seed a key serves. */
export const STREAM = { data: 0, quality: 1, trajectory: 2, workers: 3, shuffle: 4 } as const;

/** The key of the procedural dataset for `seed`. */
export const dataKey = (seed: number): [number, number] => [seed >>> 0, STREAM.data];

/** The key of the batch indices drawn for batch size `b` in a given stream. */
export const sampleKey = (seed: number, stream: number, b: number): [number, number] =>
  threefry2x32([seed >>> 0, stream], [b >>> 0, 0]);
