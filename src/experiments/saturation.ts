/**
 * Hardware saturation (the chapter's Section 3): examples/s rises with b while the device
 * is under-used, then levels off. b_sat is where it levels off: the smallest b whose
 * examples/s reaches SATURATION × the peak. Pure arithmetic on result rows.
 * @example saturationBatch([{ batch: 1, examplesPerSec: 10 }, { batch: 2, examplesPerSec: 95 }, { batch: 4, examplesPerSec: 100 }]) === 2
 */
import type { ThroughputMode, ThroughputRow } from './types';

/** The fraction of the peak examples/s that counts as saturated. */
export const SATURATION = 0.9;

/** The smallest b reaching `fraction` × the peak examples/s of `rows`; null without a positive rate. */
export function saturationBatch(rows: readonly Pick<ThroughputRow, 'batch' | 'examplesPerSec'>[], fraction = SATURATION): number | null {
  const valid = rows.filter((r) => Number.isFinite(r.examplesPerSec) && r.examplesPerSec > 0);
  if (valid.length === 0) return null;
  const peak = Math.max(...valid.map((r) => r.examplesPerSec));
  return Math.min(...valid.filter((r) => r.examplesPerSec >= fraction * peak).map((r) => r.batch));
}

/** The rows of one mode, in the order given. */
export const rowsOf = (rows: readonly ThroughputRow[], mode: ThroughputMode) => rows.filter((r) => r.mode === mode);

/** The peak examples/s of one mode's rows (NaN when there are none). */
export function peakRate(rows: readonly ThroughputRow[], mode: ThroughputMode): number {
  const rates = rowsOf(rows, mode).map((r) => r.examplesPerSec).filter((v) => Number.isFinite(v));
  return rates.length ? Math.max(...rates) : NaN;
}

/** True when a mode's b_sat is its largest b measured: the rate may still be rising. */
export function saturatedAtEnd(rows: readonly ThroughputRow[], b: number | null, mode: ThroughputMode): boolean {
  const batches = rowsOf(rows, mode).map((r) => r.batch);
  return b !== null && batches.length > 1 && b === Math.max(...batches);
}

/** b_sat of each mode. */
export function saturationByMode(rows: readonly ThroughputRow[]): Record<ThroughputMode, number | null> {
  return { sync: saturationBatch(rowsOf(rows, 'sync')), pipelined: saturationBatch(rowsOf(rows, 'pipelined')) };
}
