/**
 * Runs the learning-rate scaling experiment on the GPU: the five runs of lr-scaling.ts, each
 * mini-batch SGD from w = 0 on GPU-shuffled epochs (runSgd), with the full-data loss and
 * accuracy recorded on the GPU about 24 times per run.
 */
import type { Lab } from '../engine/lab';
import { runSgd } from '../engine/sgd';
import { proceduralDataset } from './data-source';
import { LR_VARIANTS, lrRecordSteps, lrSchedule, shortfall, type LrScalingParams, type LrScalingResult } from './lr-scaling';
import { WorkMeter, checkCancelled, runOnDataset, type RunHooks } from './run-control';
import { sampleKey } from '../reference/threefry';

/** Random stream of the epoch permutations (apart from the other experiments'). */
const STREAM_LR = 24;

/** Runs the experiment (params validated by lrScalingParams); a stop keeps the finished runs. */
export async function runLrScaling(lab: Lab, p: LrScalingParams, hooks: RunHooks = {}): Promise<LrScalingResult> {
  const result: LrScalingResult = {
    experiment: 'lr-scaling', params: p, adapter: lab.gpu.adapter, initial: { loss: NaN, accuracy: null }, runs: [], elapsedMs: 0, tuning: lab.tuning,
  };
  const plans = LR_VARIANTS.map((variant) => {
    const schedule = lrSchedule(variant, p);
    return { variant, schedule, record: lrRecordSteps(schedule.steps) };
  });
  const meter = new WorkMeter(p.n + plans.reduce((a, { schedule: s, record }) => a + s.steps * s.batch + record.length * p.n, 0), hooks);
  const w0 = Array<number>(p.d).fill(0);
  return runOnDataset(lab, proceduralDataset(p), result, async (data) => {
    const logistic = data.model === 'logreg';
    const initial = await lab.fullSums(data, w0);
    result.initial = { loss: initial[p.d] / p.n, accuracy: logistic ? initial[p.d + 1] / p.n : null };
    meter.advance(p.n, 'loss at w = 0');
    for (const { variant, schedule: s, record } of plans) {
      checkCancelled(hooks.signal);
      let done = 0;
      const recorded = await runSgd(lab, data, {
        b: s.batch, steps: s.steps, lr: s.at, w0, record,
        // The big-batch runs share one permutation stream: they differ only in their rates.
        sampling: { kind: 'shuffled', key: sampleKey(p.seed, STREAM_LR, s.batch), batchesPerEpoch: s.stepsPerEpoch },
      }, (stepsDone) => {
        const recordedNow = record.filter((t) => t >= done && t < stepsDone).length;
        meter.advance((stepsDone - done) * s.batch + recordedNow * p.n, `${variant}: b = ${s.batch}`);
        done = stepsDone;
        checkCancelled(hooks.signal);
      });
      const points = recorded.map((r) => ({
        step: r.step, epoch: (r.step + 1) / s.stepsPerEpoch, loss: r.sums[p.d] / p.n, accuracy: logistic ? r.sums[p.d + 1] / p.n : null,
      }));
      const last = points.at(-1)!;
      const baseline = result.runs[0];
      result.runs.push({
        variant, batch: s.batch, lr: s.lr, steps: s.steps, warmupSteps: s.warmupSteps, points,
        finalLoss: last.loss, finalAccuracy: last.accuracy,
        shortfall: baseline ? shortfall(last.loss, baseline.finalLoss, result.initial.loss) : null,
        divergedAt: points.find((q) => !Number.isFinite(q.loss))?.step ?? null,
      });
    }
  });
}
