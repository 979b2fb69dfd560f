/**
 * f64 CPU reference for the least-squares kernels: the same procedural examples
 * (threefry + the same normal formula, in f64) and the same per-example terms, summed
 * in f64 with Neumaier compensation. Checks the GPU; never used to produce results.
 */
import { dataKey, normalFromBits, threefry2x32, uniformIndex } from './threefry';

export interface ProceduralSpec {
  n: number;
  d: number;
  seed: number;
  wTrue: readonly number[];
  noise: number;
}

/** Example i of the procedural dataset: features x and label y, in f64. */
export function proceduralExample(spec: ProceduralSpec, i: number): { x: number[]; y: number } {
  const key = dataKey(spec.seed);
  const x: number[] = [];
  let eps = 0;
  let words: [number, number] = [0, 0];
  for (let k = 0; k <= spec.d; k++) {
    if ((k & 1) === 0) words = threefry2x32(key, [i, k >>> 1]);
    const z = normalFromBits(words[k & 1]);
    if (k < spec.d) x.push(z); else eps = z;
  }
  let y = 0;
  for (let j = 0; j < spec.d; j++) y += spec.wTrue[j] * x[j];
  return { x, y: y + spec.noise * eps };
}

/** Adds per-example terms [grad_0 .. grad_{d-1}, loss] of (x, y) at w into a compensated sum. */
export class TermSum {
  readonly sum: Float64Array;
  private readonly comp: Float64Array;
  /** Σ|term| per component: the scale of the rounding error any float sum carries. */
  readonly magnitude: Float64Array;

  constructor(readonly d: number) {
    this.sum = new Float64Array(d + 1);
    this.comp = new Float64Array(d + 1);
    this.magnitude = new Float64Array(d + 1);
  }

  add(x: readonly number[] | Float64Array, y: number, w: readonly number[]): void {
    let r = -y;
    for (let j = 0; j < this.d; j++) r += w[j] * x[j];
    for (let c = 0; c <= this.d; c++) {
      const v = c < this.d ? 2 * x[c] * r : r * r;
      this.magnitude[c] += Math.abs(v);
      const s = this.sum[c] + v;
      this.comp[c] += Math.abs(this.sum[c]) >= Math.abs(v) ? (this.sum[c] - s) + v : (v - s) + this.sum[c];
      this.sum[c] = s;
    }
  }

  /** The sums, compensated. */
  value(): number[] {
    return Array.from(this.sum, (s, c) => s + this.comp[c]);
  }
}

/** Full-data sums over examples [begin, end) of a procedural dataset at w. */
export function proceduralSums(spec: ProceduralSpec, w: readonly number[], begin = 0, end = spec.n): TermSum {
  const acc = new TermSum(spec.d);
  for (let i = begin; i < end; i++) {
    const { x, y } = proceduralExample(spec, i);
    acc.add(x, y, w);
  }
  return acc;
}

/** The example index the GPU draws for slot `slot` of row `row` under `key`. */
export function drawnIndex(key: readonly [number, number], row: number, slot: number, n: number): number {
  return uniformIndex(threefry2x32(key, [row >>> 0, slot >>> 0]), n);
}
