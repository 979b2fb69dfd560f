/**
 * f64 CPU reference for the least-squares kernels: the same procedural examples
 * (threefry + the same normal formula, in f64) and the same per-example terms, summed
 * in f64 with Neumaier compensation. Checks the GPU; never used to produce results.
 */
import { CompensatedVector } from './compensated';
import { dataKey, normalFromBits, threefry2x32, uniformIndex } from './threefry';

export interface ProceduralSpec {
  n: number;
  d: number;
  seed: number;
  wTrue: readonly number[];
  noise: number;
}

/**
 * The normals of example i, as draw_example in data/procedural.wgsl (in f64): features x,
 * the label noise eps, and the 32 bits eps was made from.
 */
export function drawExample(seed: number, d: number, i: number): { x: number[]; eps: number; noiseBits: number } {
  const key = dataKey(seed);
  const x: number[] = [];
  let eps = 0;
  let noiseBits = 0;
  let words: [number, number] = [0, 0];
  for (let k = 0; k <= d; k++) {
    if ((k & 1) === 0) words = threefry2x32(key, [i, k >>> 1]);
    const z = normalFromBits(words[k & 1]);
    if (k < d) x.push(z); else [eps, noiseBits] = [z, words[k & 1]];
  }
  return { x, eps, noiseBits };
}

/**
 * Example i of the procedural dataset: features x and label y, in f64, and yScale, the
 * sum of |terms| that make up y (the scale of y's rounding error in f32).
 */
export function proceduralExample(spec: ProceduralSpec, i: number): { x: number[]; y: number; yScale: number } {
  const { x, eps } = drawExample(spec.seed, spec.d, i);
  let y = 0;
  let yScale = Math.abs(spec.noise * eps);
  for (let j = 0; j < spec.d; j++) {
    y += spec.wTrue[j] * x[j];
    yScale += Math.abs(spec.wTrue[j] * x[j]);
  }
  return { x, y: y + spec.noise * eps, yScale };
}

/**
 * Adds per-example terms [grad_0 .. grad_{d-1}, loss] of (x, y) at w into a compensated sum,
 * and tracks `errorScale`: per component, the sum over examples of what a relative error u in
 * every input and operation moves the term by, divided by u. The residual r = w·x − y can
 * cancel, so the scale of its error is Σ|w_j x_j| + yScale, not |r|; then
 * |δ(2 x_j r)| ≲ 2|x_j|(rScale + |r|)·u and |δ(r²)| ≲ |r|(2 rScale + |r|)·u.
 * A float implementation is then within (a small multiple of) u · errorScale of the sum.
 */
export class TermSum {
  private readonly acc: CompensatedVector;
  readonly errorScale: Float64Array;

  constructor(readonly d: number) {
    this.acc = new CompensatedVector(d + 1);
    this.errorScale = new Float64Array(d + 1);
  }

  /** `yScale` is the scale of y's own error (default |y|, for stored labels). */
  add(x: ArrayLike<number>, y: number, w: readonly number[], yScale = Math.abs(y)): void {
    let r = -y;
    let rScale = yScale;
    for (let j = 0; j < this.d; j++) {
      r += w[j] * x[j];
      rScale += Math.abs(w[j] * x[j]);
    }
    const ar = Math.abs(r);
    for (let c = 0; c <= this.d; c++) {
      const v = c < this.d ? 2 * x[c] * r : r * r;
      this.errorScale[c] += c < this.d ? 2 * Math.abs(x[c]) * (rScale + ar) : ar * (2 * rScale + ar);
      this.acc.add(c, v);
    }
  }

  /** The sums, compensated. */
  value(): number[] {
    return this.acc.value();
  }
}

/** Full-data sums over examples [begin, end) of a procedural dataset at w. */
export function proceduralSums(spec: ProceduralSpec, w: readonly number[], begin = 0, end = spec.n): TermSum {
  const acc = new TermSum(spec.d);
  for (let i = begin; i < end; i++) {
    const { x, y, yScale } = proceduralExample(spec, i);
    acc.add(x, y, w, yScale);
  }
  return acc;
}

/** The example index the GPU draws for slot `slot` of row `row` under `key`. */
export function drawnIndex(key: readonly [number, number], row: number, slot: number, n: number): number {
  return uniformIndex(threefry2x32(key, [row >>> 0, slot >>> 0]), n);
}
