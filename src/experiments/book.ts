/**
 * The chapter's whole program: estimator quality, then trajectories. With `--rng python`
 * both parts consume one CPython random stream, drawn on the CPU in the program's order
 * (data, Part 1 indices, Part 2 indices) and uploaded; the GPU does all the arithmetic.
 */
import type { Lab } from '../engine/lab';
import type { BookStreamParams } from '../reference/book-params';
import { drawBookStream } from '../reference/book-stream';
import { pythonSource, type DataSource } from './data-source';
import { runQuality } from './quality';
import { IncompleteRunError, type RunHooks } from './run-control';
import { runTrajectory } from './trajectory';
import type { BookResult, QualityParams, QualityResult, TrajectoryParams, TrajectoryResult } from './types';

/**
 * The stream's parameters for a quality run, a trajectory run, or both (the book). A
 * lone experiment draws only its own part, so `trajectory --rng python` draws its indices
 * straight after the data, where the book draws Part 1's first.
 */
export function bookStreamParams(q: QualityParams | null, t: TrajectoryParams | null): BookStreamParams {
  const p = q ?? t;
  if (!p) throw new Error('bookStreamParams needs quality or trajectory parameters');
  return {
    seed: p.seed, n: p.n, wTrue: p.wTrue[0], noise: p.noise,
    trials: q?.trials ?? 0, batches: q?.batches ?? [], trajBatches: t?.batches ?? [], steps: t?.steps ?? 0,
  };
}

/** The data source for the parameters: the GPU's own RNG, or the replayed CPython stream. */
export function sourceFor(q: QualityParams | null, t: TrajectoryParams | null): DataSource | undefined {
  const p = (q ?? t)!;
  return p.rng === 'python' ? pythonSource(drawBookStream(bookStreamParams(q, t))) : undefined;
}

/**
 * Runs quality then trajectory on one source; `source` defaults to sourceFor(q, t). A stop
 * in either part throws IncompleteRunError holding the book so far (both parts, in the
 * book's schema).
 */
export async function runBook(lab: Lab, q: QualityParams, t: TrajectoryParams, hooks: RunHooks = {}, source = sourceFor(q, t)): Promise<BookResult> {
  const notStarted: TrajectoryResult = { experiment: 'trajectory', params: t, adapter: lab.gpu.adapter, runs: [], elapsedMs: 0, tuning: lab.tuning };
  const asBook = <R>(e: unknown, book: (partial: R) => BookResult): never => {
    if (e instanceof IncompleteRunError) throw new IncompleteRunError(book(e.partial as R), e.cause);
    throw e;
  };
  const quality = await runQuality(lab, q, hooks, source)
    .catch((e) => asBook<QualityResult>(e, (partial) => ({ experiment: 'book', quality: partial, trajectory: notStarted })));
  const trajectory = await runTrajectory(lab, t, hooks, source)
    .catch((e) => asBook<TrajectoryResult>(e, (partial) => ({ experiment: 'book', quality, trajectory: partial })));
  return { experiment: 'book', quality, trajectory };
}
