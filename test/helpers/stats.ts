// Statistical bands for the estimator checks, with their false-failure rates.

/** Sample kurtosis m4 / m2² of values (3 for a normal). */
export function kurtosis(values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((a, v) => a + v, 0) / n;
  let m2 = 0;
  let m4 = 0;
  for (const v of values) {
    const e = (v - mean) ** 2;
    m2 += e;
    m4 += e * e;
  }
  return (m4 / n) / (m2 / n) ** 2;
}

/**
 * Standard error of log(sample std) for T values of kurtosis κ: Var(s²)/σ⁴ ≈ (κ − 1)/T,
 * and the delta method gives SE(log s) ≈ ½·√((κ − 1)/T). Honest for heavy tails (b = 1
 * gradients are scaled χ²₁ at w = 0, κ ≈ 15), which a normal-theory band would ignore.
 */
export function logStdStandardError(values: readonly number[]): number {
  return 0.5 * Math.sqrt((kurtosis(values) - 1) / values.length);
}

/** Z-score bound used by every statistical check: P(|Z| > 4) = 6.3e-5 per comparison. */
export const Z = 4;
