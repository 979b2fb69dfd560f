/** Progress, cancellation and partial results, shared by every experiment. */
import type { Dataset, GpuDataset } from '../engine/dataset';
import type { Lab } from '../engine/lab';
import type { Progress } from './types';

export interface RunHooks {
  progress?: Progress;
  signal?: AbortSignal;
}

/**
 * A run that stopped early (cancelled, or the GPU failed). `partial` holds everything
 * finished before the stop, in the result's own schema, so no completed work is lost.
 */
export class IncompleteRunError<R> extends Error {
  override name = 'IncompleteRunError';
  constructor(readonly partial: R, readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }

  get cancelled(): boolean {
    return (this.cause as { name?: string } | null)?.name === 'AbortError';
  }
}

/** Throws the signal's AbortError if the run was cancelled. */
export function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const e = new Error('cancelled');
    e.name = 'AbortError';
    throw e;
  }
}

/** Counts finished work units and reports the fraction done. */
export class WorkMeter {
  private done = 0;
  constructor(private readonly total: number, private readonly hooks: RunHooks) {}

  advance(units: number, stage: string): void {
    this.done += units;
    this.hooks.progress?.(Math.min(1, this.done / this.total), stage);
  }
}

/** Milliseconds since `start` (performance.now exists in Node and browsers). */
export const elapsedSince = (start: number) => Math.round((performance.now() - start) * 10) / 10;

/**
 * Runs `body` on the dataset uploaded to the GPU, fills `result.elapsedMs` and frees the
 * dataset. Any failure or cancellation becomes an IncompleteRunError carrying `result` as
 * `body` left it, so the rows it finished are kept.
 */
export async function runOnDataset<R extends { elapsedMs: number }>(lab: Lab, spec: Dataset, result: R, body: (data: GpuDataset) => Promise<void>): Promise<R> {
  const start = performance.now();
  let data: GpuDataset | null = null;
  try {
    data = await lab.dataset(spec);
    await body(data);
  } catch (e) {
    throw new IncompleteRunError(result, e);
  } finally {
    data?.destroy();
    result.elapsedMs = elapsedSince(start);
  }
  return result;
}
