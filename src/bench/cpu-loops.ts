/**
 * Implementation (iv): the job as plain TypeScript loops on one CPU core, in f64. It uses
 * the engine's generator (Threefry-2x32-20 and the AS 241 normal of shaders/lib/rng.wgsl,
 * written out without allocations), so example i is the engine's example i up to the
 * f32 rounding of the GPU's normal: its sums are also the reference the GPU rows are
 * checked against. Also makes the stored-data arrays (f32) for the stored job.
 * @example const [g, l] = proceduralSums(dataKey(0), 1 << 20, 3, 0.1, 0); // g / n ≈ -6
 */

const K = 0x1bd11bda;

/** The two words of threefry2x32(key, (c0, c1)), written into `out` (no allocation). */
export function threefryInto(k0: number, k1: number, c0: number, c1: number, out: Uint32Array): void {
  const k2 = (K ^ k0 ^ k1) >>> 0;
  let x0 = (c0 + k0) | 0;
  let x1 = (c1 + k1) | 0;
  // 20 rounds in 5 groups of 4, key injection after each group (as in rng.wgsl).
  x0 = (x0 + x1) | 0; x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + k1) | 0; x1 = (x1 + k2 + 1) | 0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
  x0 = (x0 + k2) | 0; x1 = (x1 + k0 + 2) | 0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + k0) | 0; x1 = (x1 + k1 + 3) | 0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
  x0 = (x0 + k1) | 0; x1 = (x1 + k2 + 4) | 0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + k2) | 0; x1 = (x1 + k0 + 5) | 0;
  out[0] = x0;
  out[1] = x1;
}

/** Standard normal from 32 bits: normal_from_bits of rng.wgsl (AS 241), in f64. */
export function normalFromWord(bits: number): number {
  const p = (((bits & 0x7fffffff) >>> 8) + 0.5) * 5.9604644775390625e-8;
  let z: number;
  if (p >= 0.075) {
    const q = p - 0.5;
    const r = 0.180625 - q * q;
    z = q * (((59.10937472 * r + 159.29113202) * r + 50.434271938) * r + 3.3871327179)
      / (((67.1875636 * r + 78.757757664) * r + 17.895169469) * r + 1.0);
  } else {
    const r = Math.sqrt(-Math.log(p)) - 1.6;
    z = -(((0.17023821103 * r + 1.3067284816) * r + 2.75681539) * r + 1.4234372777)
      / ((0.12021132975 * r + 0.7370016425) * r + 1.0);
  }
  return bits >>> 31 === 1 ? z : -z;
}

/** [Σ 2x(wx − y), Σ (wx − y)²] over procedural examples 0..n−1 (d = 1), generated on the fly. */
export function proceduralSums(key: readonly [number, number], n: number, wTrue: number, noise: number, w: number): [number, number] {
  const words = new Uint32Array(2);
  let g = 0;
  let l = 0;
  for (let i = 0; i < n; i++) {
    threefryInto(key[0], key[1], i, 0, words);
    const x = normalFromWord(words[0]);
    const y = wTrue * x + noise * normalFromWord(words[1]);
    const r = w * x - y;
    g += 2 * x * r;
    l += r * r;
  }
  return [g, l];
}

/** [Σ 2x(wx − y), Σ (wx − y)²] over stored arrays. */
export function storedSums(x: Float32Array, y: Float32Array, w: number): [number, number] {
  let g = 0;
  let l = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const r = w * xi - y[i];
    g += 2 * xi * r;
    l += r * r;
  }
  return [g, l];
}

/** The procedural examples 0..n−1 as f32 arrays, for the stored-data job. */
export function proceduralArrays(key: readonly [number, number], n: number, wTrue: number, noise: number): { x: Float32Array; y: Float32Array } {
  const words = new Uint32Array(2);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    threefryInto(key[0], key[1], i, 0, words);
    const xi = normalFromWord(words[0]);
    x[i] = xi;
    y[i] = wTrue * xi + noise * normalFromWord(words[1]);
  }
  return { x, y };
}
