/**
 * Binning for the estimate histograms: one shared range for every batch size, so the
 * narrowing with b is visible, as column arrays (bin centers, counts) for uPlot.
 */

export interface Bins {
  centers: number[];
  counts: number[];
  /** Values that fell outside the shared range and were not counted. */
  outside: number;
}

/** The q-quantile (0..1) of sorted values, by linear interpolation. */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
}

/**
 * A range holding all but the outer `tail` fraction of the pooled values on each side,
 * widened to include every `marks` value and padded by 4%.
 * @example sharedRange([[1, 2, 3], [2]], [0]) // ≈ [-0.12, 3.12]
 */
export function sharedRange(groups: readonly (readonly number[])[], marks: readonly number[], tail = 0.005): [number, number] {
  const pooled = groups.flat().filter(Number.isFinite).sort((a, b) => a - b);
  if (pooled.length === 0) return [-1, 1];
  let lo = Math.min(quantile(pooled, tail), ...marks);
  let hi = Math.max(quantile(pooled, 1 - tail), ...marks);
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

/** Counts of `values` in `count` equal bins over [lo, hi]. */
export function histogram(values: readonly number[], [lo, hi]: [number, number], count: number): Bins {
  const width = (hi - lo) / count;
  const counts = Array<number>(count).fill(0);
  let outside = 0;
  for (const v of values) {
    const k = Math.floor((v - lo) / width);
    if (k >= 0 && k < count) counts[k]++;
    else if (v === hi) counts[count - 1]++;
    else outside++;
  }
  return { centers: counts.map((_, k) => lo + (k + 0.5) * width), counts, outside };
}

/** Coordinate c of T row-major estimates with d coordinates each. */
export function coordinate(estimates: readonly number[], d: number, c: number): number[] {
  const out: number[] = [];
  for (let k = c; k < estimates.length; k += d) out.push(estimates[k]);
  return out;
}
