/**
 * The chapter's program (Code 10.2.1) re-implemented in f64 on the CPython random stream,
 * doing the same floating-point operations in the same order as CPython 3.11 (its sum() of
 * floats is plain left-to-right addition from 0.0), so the printed numbers agree.
 * One known last-bit difference: CPython's `v ** 2` calls the C library's pow(), which on
 * glibc misrounds about 0.1% of squares near a rounding midpoint; here it is v * v (correctly
 * rounded). Either way the error is far below the 4 printed decimals.
 */

import type { AdapterInfo, BookResult, QualityRow, TrajectoryPoint, TrajectoryRun } from '../experiments/types';
import { type BookParams, validateBookParams } from './book-params';
import { type BookStream, drawBookStream } from './book-stream';

/** The adapter that book-f64 reports: the CPU, in f64. */
export const F64_REFERENCE_ADAPTER: Readonly<AdapterInfo> = Object.freeze({
  vendor: 'cpu',
  architecture: 'f64 reference',
  description: '',
  software: true,
  host: 'node',
});

/**
 * Step t of a run of `steps` steps is recorded after its update when
 * t % floor(steps/5) == 0 or t == steps − 1, as the program does. For steps < 5 the program
 * raises ZeroDivisionError (t % 0); here every step is recorded instead.
 *
 * @example
 * isRecordedStep(12, 60); // true
 * isRecordedStep(2, 3);   // true (steps < 5: every step)
 */
export function isRecordedStep(t: number, steps: number): boolean {
  const period = Math.floor(steps / 5);
  return period === 0 || t % period === 0 || t === steps - 1;
}

/**
 * Runs the program. Pass `stream` to reuse one already drawn for the same parameters.
 *
 * @example
 * const result = runBookF64({ ...BOOK_DEFAULTS });
 * result.quality.fullGradient[0]; // ≈ -5.9093
 */
export function runBookF64(p: BookParams, stream?: BookStream): BookResult {
  validateBookParams(p);
  const start = performance.now();
  const { x, y, quality, trajectory } = stream ?? drawBookStream(p);
  const n = p.n;
  const seed = Number(p.seed); // the result schema holds a number: a bigint seed beyond 2^53 is rounded there
  const adapter = { ...F64_REFERENCE_ADAPTER };

  // def minibatch_gradient(w, idx): sum(2.0 * X[i] * (w * X[i] - Y[i]) for i in idx) / len(idx)
  const minibatchGradient = (w: number, idx: Uint32Array, from: number, b: number): number => {
    let sum = 0.0;
    for (let k = from; k < from + b; k++) {
      const i = idx[k]!;
      sum += 2.0 * x[i]! * (w * x[i]! - y[i]!);
    }
    return sum / b;
  };

  // Part 1: def full_gradient(w): sum(2.0 * x * (w * x - y) for x, y in zip(X, Y)) / N
  let gradSum = 0.0;
  for (let i = 0; i < n; i++) gradSum += 2.0 * x[i]! * (p.w * x[i]! - y[i]!);
  const gFull = gradSum / n;
  const rows: QualityRow[] = [];
  let prev: number | null = null;
  p.batches.forEach((b, bi) => {
    const idx = quality[bi]!;
    const ests = new Array<number>(p.trials);
    for (let t = 0; t < p.trials; t++) ests[t] = minibatchGradient(p.w, idx, t * b, b);
    let sum = 0.0;
    for (const e of ests) sum += e;
    const mean = sum / p.trials;
    let squares = 0.0;
    for (const e of ests) squares += (e - mean) * (e - mean); // (e - mean) ** 2
    const std = Math.sqrt(squares / (p.trials - 1));
    rows.push({ batch: b, mean: [mean], std: [std], ratio: prev === null ? null : std / prev, estimates: ests });
    prev = std;
  });
  const qualityMs = performance.now() - start;

  // Part 2: def run_sgd(b, steps, lr)
  const partTwoStart = performance.now();
  const runs: TrajectoryRun[] = p.trajBatches.map((b, bi) => {
    const idx = trajectory[bi]!;
    let w = 0.0;
    const points: TrajectoryPoint[] = [];
    for (let t = 0; t < p.steps; t++) {
      w -= p.lr * minibatchGradient(w, idx, t * b, b);
      if (isRecordedStep(t, p.steps)) points.push({ step: t, loss: fullLoss(w, x, y), w: [w] });
    }
    return { batch: b, points, finalW: [w] };
  });

  const problem = { n, d: 1, seed, rng: 'python' as const, model: 'linreg' as const, wTrue: [p.wTrue], noise: p.noise, margin: 0 };
  return {
    experiment: 'book',
    quality: {
      experiment: 'quality',
      params: { ...problem, w: [p.w], batches: [...p.batches], trials: p.trials },
      adapter,
      fullGradient: [gFull],
      fullLoss: fullLoss(p.w, x, y),
      rows,
      elapsedMs: qualityMs,
    },
    trajectory: {
      experiment: 'trajectory',
      params: { ...problem, batches: [...p.trajBatches], lr: p.lr, steps: p.steps, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
      adapter,
      runs,
      elapsedMs: performance.now() - partTwoStart,
    },
  };
}

/** sum((w * x - y) ** 2 for x, y in zip(X, Y)) / N, summed left to right from 0.0. */
function fullLoss(w: number, x: Float64Array, y: Float64Array): number {
  let sum = 0.0;
  for (let i = 0; i < x.length; i++) {
    const r = w * x[i]! - y[i]!;
    sum += r * r;
  }
  return sum / x.length;
}
