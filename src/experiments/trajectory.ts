/**
 * Loss trajectories (the chapter's Part 2): mini-batch SGD from w = 0 at each batch size,
 * recording the full-data loss and w after the update of step t whenever
 * t % floor(steps / 5) == 0 or t == steps − 1 (every step when steps < 5). The update is
 * torch.optim.SGD's, with the params' momentum, dampening, nesterov and weight decay.
 */
import type { Lab } from '../engine/lab';
import { runSgd } from '../engine/sgd';
import { gpuSource, type DataSource } from './data-source';
import { WorkMeter, checkCancelled, runOnDataset, type RunHooks } from './run-control';
import type { TrajectoryParams, TrajectoryPoint, TrajectoryResult, TrajectoryRun } from './types';

/** The chapter's recording steps for a run of `steps` steps. */
export function recordedSteps(steps: number): number[] {
  const every = Math.floor(steps / 5);
  const out: number[] = [];
  for (let t = 0; t < steps; t++) if (every === 0 || t % every === 0 || t === steps - 1) out.push(t);
  return out;
}

/** Why a run's numbers are not finite, for the views, or null when they are. */
export function divergenceNote(run: TrajectoryRun, p: Pick<TrajectoryParams, 'lr' | 'momentum' | 'weightDecay'>): string | null {
  if (run.divergedAt === null || run.divergedAt === undefined) return null;
  // Name every setting that scales the step, so the advice points at what was changed.
  const set = [`lr = ${p.lr}`, p.momentum ? `momentum = ${p.momentum}` : '', p.weightDecay ? `weight decay = ${p.weightDecay}` : ''].filter((s) => s !== '');
  const flags = ['--lr', p.momentum ? '--momentum' : '', p.weightDecay ? '--weight-decay' : ''].filter((s) => s !== '');
  return `b = ${run.batch}: SGD diverged: the loss or w is no longer finite from step ${run.divergedAt}; ${set.join(', ')} ${set.length > 1 ? 'make' : 'makes'} the steps too large for this problem, try a smaller ${flags.join(' or ')}`;
}

/** Runs the experiment; on cancellation or failure throws IncompleteRunError with the finished runs. */
export async function runTrajectory(lab: Lab, params: TrajectoryParams, hooks: RunHooks = {}, source: DataSource = gpuSource(params)): Promise<TrajectoryResult> {
  const { d, n, steps } = params;
  const result: TrajectoryResult = { experiment: 'trajectory', params, adapter: lab.gpu.adapter, runs: [], elapsedMs: 0, tuning: lab.tuning };
  const record = recordedSteps(steps);
  const meter = new WorkMeter(params.batches.reduce((a, b) => a + steps * b + record.length * n, 0), hooks);
  return runOnDataset(lab, source.dataset, result, async (data) => {
    for (const [index, b] of params.batches.entries()) {
      checkCancelled(hooks.signal);
      let done = 0;
      const records = await runSgd(lab, data, {
        b, steps, lr: params.lr, w0: Array(d).fill(0), sampling: source.trajectory(index, b), record,
        optimizer: { momentum: params.momentum ?? 0, dampening: params.dampening ?? 0, nesterov: params.nesterov ?? false, weightDecay: params.weightDecay ?? 0 },
      }, (stepsDone) => {
        const recordedNow = record.filter((t) => t >= done && t < stepsDone).length;
        meter.advance((stepsDone - done) * b + recordedNow * n, `SGD b = ${b}`);
        done = stepsDone;
        checkCancelled(hooks.signal);
      });
      // Once w is not finite every prediction is one class: no accuracy (null) from there.
      const points: TrajectoryPoint[] = records.map((r) => ({
        step: r.step, loss: r.sums[d] / n, ...(data.model === 'logreg' ? { accuracy: r.w.every(Number.isFinite) ? r.sums[d + 1] / n : null } : {}), w: r.w,
      }));
      const diverged = points.find((p) => !Number.isFinite(p.loss) || !p.w.every(Number.isFinite));
      result.runs.push({ batch: b, points, finalW: points.at(-1)?.w ?? [], divergedAt: diverged?.step ?? null });
    }
  });
}
