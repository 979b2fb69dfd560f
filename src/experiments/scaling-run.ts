/**
 * Runs the scaling model (Exercise 10.2.3): t_compute is given (--t-compute-us) or
 * measured as µs per pipelined SGD step at the per-worker batch b, with the throughput
 * experiment's timing (fastest of a few spans of at least 50 ms); then the pure model of
 * scaling-model.ts gives the table and K*.
 */
import type { GpuDataset } from '../engine/dataset';
import type { Lab } from '../engine/lab';
import { proceduralDataset } from './data-source';
import { TimedSgd } from '../engine/timed-sgd';
import { SpanTimer } from '../gpu/timing';
import { STREAM, sampleKey } from '../reference/threefry';
import { throughputParams } from './params';
import { IncompleteRunError, checkCancelled, elapsedSince, type RunHooks } from './run-control';
import { scalingModel, type ScalingModelParams, type ScalingModelResult } from './scaling-model';
import { measure } from './throughput';

/** µs per pipelined SGD step at batch b on the lab's adapter. */
export async function measureStepUs(lab: Lab, p: ScalingModelParams, hooks: RunHooks = {}): Promise<number> {
  const tp = throughputParams({ n: p.n, d: p.d, seed: p.seed, model: p.model, batches: [p.b], minTimeMs: 50, repeats: 2 });
  const timer = SpanTimer.create(lab.gpu);
  let data: GpuDataset | null = null;
  let sgd: TimedSgd | null = null;
  try {
    data = await lab.dataset(proceduralDataset(tp));
    sgd = new TimedSgd(lab, data, { b: p.b, lr: tp.lr, key: sampleKey(p.seed, STREAM.trajectory, p.b), timer });
    checkCancelled(hooks.signal);
    hooks.progress?.(0, `measuring t_compute at b = ${p.b}`);
    const row = await measure(sgd, tp, p.b, 'pipelined', timer !== null, hooks);
    hooks.progress?.(1, 'done');
    return row.usPerStep;
  } finally {
    sgd?.destroy();
    data?.destroy();
    timer?.destroy();
  }
}

/** The experiment; `lab` may be null only when params.tComputeUs is given. */
export async function runScalingModel(lab: Lab | null, params: ScalingModelParams, hooks: RunHooks = {}): Promise<ScalingModelResult> {
  const start = performance.now();
  if (params.tComputeUs !== null) return scalingModel(params, params.tComputeUs, lab?.gpu.adapter ?? null, 'given', elapsedSince(start));
  if (!lab) throw new Error('runScalingModel: measuring t_compute needs a lab');
  let t: number;
  try {
    t = await measureStepUs(lab, params, hooks);
  } catch (e) {
    // Stopped while measuring: nothing of the model is computed yet.
    const partial: ScalingModelResult = { ...scalingModel(params, NaN, lab.gpu.adapter, 'measured', elapsedSince(start)), rows: [], kStar: null, bestValuePerTime: null };
    throw new IncompleteRunError(partial, e);
  }
  return scalingModel(params, t, lab.gpu.adapter, 'measured', elapsedSince(start));
}
