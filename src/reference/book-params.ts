/**
 * Parameters of the chapter's program (Code 10.2.1) in Python replica mode, its defaults,
 * and the checks that refuse what would make the Python program raise.
 */

/** What the random stream of the program depends on. */
export interface BookStreamParams {
  /** random.seed(seed): any integer; a bigint for values beyond 2^53. */
  seed: number | bigint;
  /** N, the number of examples. */
  n: number;
  wTrue: number;
  /** Standard deviation of the label noise (the program's gauss(0.0, 0.1)). */
  noise: number;
  /** Mini-batches drawn per batch size in Part 1. */
  trials: number;
  /** Part 1 batch sizes. */
  batches: number[];
  /** Part 2 batch sizes (one SGD run each). */
  trajBatches: number[];
  /** Part 2 SGD steps per run. */
  steps: number;
}

/** Everything the program's output depends on. */
export interface BookParams extends BookStreamParams {
  /** The probe point w_probe of Part 1. */
  w: number;
  /** Part 2 learning rate. */
  lr: number;
}

/** The values printed in the chapter: Output 10.2.1 is what they give. */
export const BOOK_DEFAULTS: Readonly<BookParams> = Object.freeze({
  seed: 0,
  n: 20000,
  wTrue: 3.0,
  noise: 0.1,
  w: 0.0,
  trials: 400,
  batches: [1, 4, 16, 64, 256, 1024],
  trajBatches: [1, 256],
  lr: 0.05,
  steps: 60,
});

/**
 * Throws a RangeError naming the first stream parameter that the Python program would reject
 * (or that the replica cannot hold). trials = 0 or steps = 0 are allowed here: they draw
 * nothing for that part, which is how a quality-only or trajectory-only run asks for a stream.
 *
 * @example
 * validateBookStreamParams({ ...BOOK_DEFAULTS, n: 0 }); // throws: n must be an integer in [1, …]
 */
export function validateBookStreamParams(p: BookStreamParams): void {
  if (typeof p.seed === 'number' && !Number.isSafeInteger(p.seed)) {
    throw new RangeError(`seed must be an integer (a bigint beyond 2^53), got ${p.seed}`);
  }
  requireInt('n', p.n, 1, 2 ** 32 - 1, 'N = 0 divides by zero in full_gradient');
  requireInt('trials', p.trials, 0, 2 ** 31, 'the count of Part 1 draws per batch size');
  requireInt('steps', p.steps, 0, 2 ** 31, 'the count of Part 2 draws per batch size');
  for (const b of p.batches) requireInt('each of batches', b, 1, 2 ** 31, 'an empty batch divides by zero');
  for (const b of p.trajBatches) requireInt('each of trajBatches', b, 1, 2 ** 31, 'an empty batch divides by zero');
  requireFinite('wTrue', p.wTrue);
  requireFinite('noise', p.noise);
}

/**
 * validateBookStreamParams plus what running the whole program needs: trials ≥ 2 (the std
 * divides by trials − 1), steps ≥ 1 (the printout reads traj[-1]), a finite probe and rate.
 */
export function validateBookParams(p: BookParams): void {
  validateBookStreamParams(p);
  requireInt('trials', p.trials, 2, 2 ** 31, 'the std divides by trials - 1');
  requireInt('steps', p.steps, 1, 2 ** 31, 'with 0 steps the program fails on traj[-1]');
  requireFinite('w', p.w);
  requireFinite('lr', p.lr);
}

function requireInt(name: string, value: number, min: number, max: number, why: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}] (${why}), got ${value}`);
  }
}

function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}
