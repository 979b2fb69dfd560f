/**
 * Estimator quality (the chapter's Part 1): at a fixed w, T mini-batch gradients per batch
 * size b, against the exact full-data gradient. Reports each b's mean and std of the
 * estimates and the std ratio to the previous row: unbiasedness and the 1/√b law.
 */
import type { Lab } from '../engine/lab';
import { gpuSource, type DataSource } from './data-source';
import { WorkMeter, checkCancelled, runOnDataset, type RunHooks } from './run-control';
import { STREAM, sampleKey } from '../reference/threefry';
import { batchesPerEpoch } from '../reference/permute';
import { meanAndStd, rms } from './stats';
import type { QualityParams, QualityResult } from './types';

/** Finite-population correction (N−b)/(N−1) of a without-replacement batch mean's variance (1 for N = 1, where it is moot). */
export const finitePopulationCorrection = (n: number, b: number): number => (n > 1 ? (n - b) / (n - 1) : 1);

/**
 * Trials of one b go into one submission unless that would exceed this many examples:
 * about a second on a software adapter, so progress and Cancel stay responsive.
 */
const EXAMPLES_PER_SUBMISSION = 1 << 22;

/**
 * Runs the experiment. Params must be validated (qualityParams). On cancellation or a GPU
 * failure it throws IncompleteRunError holding the rows finished so far.
 */
export async function runQuality(lab: Lab, params: QualityParams, hooks: RunHooks = {}, source: DataSource = gpuSource(params)): Promise<QualityResult> {
  const { d, n, trials } = params;
  const result: QualityResult = {
    experiment: 'quality', params, adapter: lab.gpu.adapter, fullGradient: [], fullLoss: NaN, rows: [], elapsedMs: 0, tuning: lab.tuning,
  };
  const meter = new WorkMeter(n + trials * params.batches.reduce((a, b) => a + b, 0), hooks);
  return runOnDataset(lab, source.dataset, result, async (data) => {
    checkCancelled(hooks.signal);
    let done = 0;
    const full = await lab.fullSums(data, params.w, (examples) => {
      meter.advance(examples - done, 'full-data gradient');
      done = examples;
      checkCancelled(hooks.signal);
    });
    result.fullGradient = Array.from(full.subarray(0, d), (s) => s / n);
    result.fullLoss = full[d] / n;
    if (data.model === 'logreg') result.fullAccuracy = full[d + 1] / n;

    for (const [index, b] of params.batches.entries()) {
      const estimates: number[] = [];
      const rowsPerSubmission = Math.max(1, Math.floor(EXAMPLES_PER_SUBMISSION / b));
      for (let t0 = 0; t0 < trials; t0 += rowsPerSubmission) {
        checkCancelled(hooks.signal);
        const rows = Math.min(rowsPerSubmission, trials - t0);
        const sampling = params.sampling === 'without'
          ? { kind: 'shuffled' as const, key: sampleKey(params.seed, STREAM.shuffle, b), batchesPerEpoch: batchesPerEpoch(n, b, params.dropLast ?? false) }
          : source.quality(index, b);
        const sums = await lab.batchSums(data, params.w, b, rows, sampling, t0);
        for (let r = 0; r < rows; r++) for (let c = 0; c < d; c++) estimates.push(sums[r * data.width + c] / b);
        meter.advance(rows * b, `b = ${b}`);
      }
      const { mean, std } = meanAndStd(estimates, trials, d);
      const previous = result.rows.at(-1);
      // No ratio after a row whose estimates were all equal (std 0): it would be 0/0 or ∞.
      const ratio = previous && rms(previous.std) > 0 ? rms(std) / rms(previous.std) : null;
      // σ̂² (per example, divisor N) from the first row: Var(mean of b) = σ²·fpc/b.
      const fpc = params.sampling === 'without' ? finitePopulationCorrection(n, b) : 1;
      const first = result.rows[0] ?? { batch: b, std, fpc };
      const firstFpc = first.fpc ?? 1;
      const expectedStd = firstFpc > 0 ? first.std.map((s) => s * Math.sqrt(first.batch / firstFpc) * Math.sqrt(fpc / b)) : null;
      result.rows.push({ batch: b, mean, std, ratio, estimates, fpc, expectedStd });
    }
  });
}
