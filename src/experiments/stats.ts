/** Summary statistics of estimates, in f64 on the host. */

/** Per-coordinate mean and sample std (n − 1 denominator) of T vectors stored row-major T×d. */
export function meanAndStd(values: ArrayLike<number>, t: number, d: number): { mean: number[]; std: number[] } {
  const mean = Array<number>(d).fill(0);
  const std = Array<number>(d).fill(0);
  for (let c = 0; c < d; c++) {
    let sum = 0;
    for (let k = 0; k < t; k++) sum += values[k * d + c];
    mean[c] = sum / t;
    let sq = 0;
    for (let k = 0; k < t; k++) sq += (values[k * d + c] - mean[c]) ** 2;
    std[c] = Math.sqrt(sq / (t - 1));
  }
  return { mean, std };
}

/** Root mean square of a vector: the std "size" used for the per-row ratio. */
export const rms = (v: readonly number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0) / v.length);
