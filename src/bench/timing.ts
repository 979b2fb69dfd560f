/**
 * Repeated timing: unmeasured warm-up runs, then measured runs, and their median.
 * @example const m = await timeRuns(() => lab.fullSums(data, [0]), { warmup: 1, runs: 5 });
 */

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface TimedRuns<T> {
  samplesMs: number[];
  warmup: number;
  /** The last run's value (every run computes the same thing). */
  last: T;
}

/**
 * Runs `work` `warmup` times unmeasured, then `runs` times measured with performance.now;
 * `work` must include its own data sync (a read-back), so the time covers the whole job.
 */
export async function timeRuns<T>(work: () => Promise<T> | T, opts: { warmup: number; runs: number }): Promise<TimedRuns<T>> {
  if (opts.runs < 1) throw new Error('timeRuns needs at least one measured run');
  let last!: T;
  for (let k = 0; k < opts.warmup; k++) last = await work();
  const samplesMs: number[] = [];
  for (let k = 0; k < opts.runs; k++) {
    const t0 = performance.now();
    last = await work();
    samplesMs.push(performance.now() - t0);
  }
  return { samplesMs, warmup: opts.warmup, last };
}
