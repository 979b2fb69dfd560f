/**
 * The random stream of the chapter's program (Code 10.2.1), replayed with the CPython RNG:
 * X, then Y, then every mini-batch index of Part 1 and Part 2. The indices do not depend on w,
 * so the whole stream is drawn up front and a GPU engine can upload it as is.
 */

import { type BookStreamParams, validateBookStreamParams } from './book-params';
import { PyRandom } from './pyrandom';

/** The program's data and batch indices, in the order it draws them. */
export interface BookStream {
  /** X[i] = gauss(0.0, 1.0), all N drawn first. (Typed arrays on plain ArrayBuffers: uploadable as is.) */
  x: Float64Array<ArrayBuffer>;
  /** Y[i] = w_true * X[i] + gauss(0.0, noise), drawn after all of X. */
  y: Float64Array<ArrayBuffer>;
  /** Part 1: per entry of `batches`, trials × b indices, trial-major. */
  quality: Uint32Array<ArrayBuffer>[];
  /** Part 2: per entry of `trajBatches`, steps × b indices, step-major. */
  trajectory: Uint32Array<ArrayBuffer>[];
}

/** The name the engine's data source uses for the same stream. */
export type PythonStream = BookStream;

/**
 * Draws the stream exactly as the program does:
 * `X = [gauss(0,1) for _ in range(N)]`, `Y = [w_true*x + gauss(0, noise) for x in X]`,
 * then for each b in batches, for each trial, b × randrange(N); then for each b in
 * trajBatches, for each step, b × randrange(N).
 *
 * @example
 * const s = drawBookStream({ ...BOOK_DEFAULTS });
 * s.quality[0]!.length; // 400 (trials × b for b = 1)
 */
export function drawBookStream(p: BookStreamParams): BookStream {
  validateBookStreamParams(p);
  const rng = new PyRandom(p.seed);
  const x = new Float64Array(p.n);
  const y = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) x[i] = rng.gauss(0.0, 1.0);
  for (let i = 0; i < p.n; i++) y[i] = p.wTrue * x[i]! + rng.gauss(0.0, p.noise);
  const draw = (count: number): Uint32Array<ArrayBuffer> => {
    const indices = new Uint32Array(count);
    for (let k = 0; k < count; k++) indices[k] = rng.randrange(p.n);
    return indices;
  };
  const quality = p.batches.map((b) => draw(p.trials * b));
  const trajectory = p.trajBatches.map((b) => draw(p.steps * b));
  return { x, y, quality, trajectory };
}
