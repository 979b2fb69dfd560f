/**
 * f64 CPU reference for the logistic-regression kernels (models/logreg.wgsl and
 * logistic_example in data/procedural.wgsl): the same procedural examples and per-example
 * terms [grad_0 .. grad_{d-1}, loss, correct], summed in f64. Checks the GPU; never used to
 * produce results.
 */
import { flipThreshold } from '../engine/dataset';
import { CompensatedVector } from './compensated';
import { drawExample, type ProceduralSpec } from './linreg';

/** Procedural logistic data: `noise` is the label-flip probability, `margin` the push off the hyperplane. */
export interface LogisticSpec extends ProceduralSpec {
  margin: number;
}

/** Relative size below which f32 and f64 may disagree on the sign of a dot product of d ≤ 16 terms. */
const SIGN_DOUBT = 1e-5;

export interface LogisticExample {
  x: number[];
  /** Per feature, the scale of its f32 rounding error (|x_j| plus the margin push). */
  xScale: number[];
  y: 0 | 1;
  /**
   * When w_true·x is so near 0 that the GPU's f32 may take the other side: the example as
   * that side would make it (pushed the other way, the clean label the other one).
   */
  otherSide: { x: number[]; y: 0 | 1 } | null;
}

/** Example i, labelled as the GPU labels it. */
export function logisticExample(spec: LogisticSpec, i: number): LogisticExample {
  const { x: raw, noiseBits } = drawExample(spec.seed, spec.d, i);
  let s = 0;
  let sScale = 0;
  for (let j = 0; j < spec.d; j++) {
    s += spec.wTrue[j] * raw[j];
    sScale += Math.abs(spec.wTrue[j] * raw[j]);
  }
  const flip = noiseBits < flipThreshold(spec.noise);
  const side = (up: boolean) => {
    const push = (up ? 1 : -1) * spec.margin / Math.hypot(...spec.wTrue);
    return { x: raw.map((v, j) => v + push * spec.wTrue[j]), y: (up !== flip ? 1 : 0) as 0 | 1, push };
  };
  const { x, y, push } = side(s >= 0);
  return {
    x, y,
    xScale: raw.map((v, j) => Math.abs(v) + Math.abs(push * spec.wTrue[j])),
    otherSide: Math.abs(s) <= SIGN_DOUBT * sScale ? side(s < 0) : null,
  };
}

/** Per-example terms [grad_0 .. grad_{d-1}, loss, correct] at w, and z = w·x. */
function terms(x: readonly number[], y: number, w: readonly number[]): { t: number[]; z: number } {
  let z = 0;
  for (let j = 0; j < x.length; j++) z += w[j] * x[j];
  const r = sigmoid(z) - y;
  const loss = Math.max(z, 0) - y * z + Math.log1p(Math.exp(-Math.abs(z)));
  return { t: [...x.map((v) => r * v), loss, (z > 0) === (y === 1) ? 1 : 0], z };
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Compensated f64 sums of [grad_0 .. grad_{d-1}, loss, correct], with two error budgets per
 * component: `errorScale`, the first-order error per unit relative error u of every input
 * and operation (as TermSum in linreg.ts), and `slack`, an absolute allowance for discrete
 * decisions f32 may take the other way (a label or a prediction at a dot product near 0).
 * A float implementation is within (a small multiple of) u · errorScale + slack.
 */
export class LogisticTermSum {
  readonly width: number;
  private readonly acc: CompensatedVector;
  readonly errorScale: Float64Array;
  readonly slack: Float64Array;

  constructor(readonly d: number) {
    this.width = d + 2;
    this.acc = new CompensatedVector(this.width);
    this.errorScale = new Float64Array(this.width);
    this.slack = new Float64Array(this.width);
  }

  add(ex: LogisticExample, w: readonly number[]): void {
    const { x, xScale, y } = ex;
    const d = this.d;
    const { t, z } = terms(x, y, w);
    t.forEach((v, c) => this.acc.add(c, v));
    let zScale = 0;
    for (let j = 0; j < d; j++) zScale += Math.abs(w[j]) * xScale[j];
    const p = sigmoid(z);
    const r = p - y;
    const az = Math.abs(z);
    // σ moves by σ(1−σ) per unit of z, and exp's own error grows like (3 + 2|z|) ulp.
    const dr = p * (1 - p) * (zScale + 3 + 2 * az) + 1;
    for (let j = 0; j < d; j++) this.errorScale[j] += Math.abs(x[j]) * dr + Math.abs(r) * (xScale[j] + Math.abs(x[j]));
    // WGSL's log is within 2^-21 absolute near 1: the +1 (1e-6 at the tests' tolerance) covers it.
    this.errorScale[d] += Math.abs(r) * zScale + t[d] + az + 1;
    // Decisions f32 may take the other way: the label's side, and the prediction at z ≈ 0.
    if (ex.otherSide) {
      const other = terms(ex.otherSide.x, ex.otherSide.y, w).t;
      other.forEach((v, c) => (this.slack[c] += Math.abs(v - t[c])));
    }
    if (az <= SIGN_DOUBT * zScale) this.slack[d + 1] += 1;
  }

  /** The sums, compensated. */
  value(): number[] {
    return this.acc.value();
  }
}

/** Full-data sums over examples [begin, end) of a procedural logistic dataset at w. */
export function logisticSums(spec: LogisticSpec, w: readonly number[], begin = 0, end = spec.n): LogisticTermSum {
  const acc = new LogisticTermSum(spec.d);
  for (let i = begin; i < end; i++) acc.add(logisticExample(spec, i), w);
  return acc;
}
