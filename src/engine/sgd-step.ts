/**
 * One mini-batch SGD step as recorded GPU work, shared by everything that runs SGD: the
 * batch sum [Σgrad, Σloss] of b sampled examples at w, then the update with
 * torch.optim.SGD's semantics (see shaders/sgd/update.wgsl): plain w ← w − η·Σgrad / b
 * unless an optimizer with momentum or weight decay is given.
 * @example
 *   encodeSgdStep(lab, batch, data, w, { items: { kind: 'drawn', key }, b: 256, row: t, lr: 0.05 }, sums);
 *   encodeSgdStep(lab, batch, data, w, { ..., optimizer: { momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0 }, velocity, firstStep: t === 0 }, sums);
 */
import type { Batch } from '../gpu/batch';
import { storageBuffer } from '../gpu/buffers';
import { MAX_D, type GpuDataset } from './dataset';
import type { Lab } from './lab';
import type { Items } from './sums';

/** torch.optim.SGD's options besides lr (maximize = False). */
export interface Optimizer {
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
}

export const PLAIN_SGD: Optimizer = { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 };

export interface SgdStep {
  /** Where the step's examples come from (GPU-side; see Lab.items for listed indices). */
  items: Items;
  /** Batch size. */
  b: number;
  /** Row number of the step in `items` (keys drawn sampling, indexes listed indices). */
  row: number;
  lr: number;
  /** Momentum, dampening, nesterov, weight decay; plain SGD when absent. */
  optimizer?: Optimizer;
  /** The momentum buffer (d floats), kept across the steps of a run; needed when momentum ≠ 0. */
  velocity?: GPUBuffer;
  /** True on the run's first step, where the momentum buffer is set to g (torch's clone). */
  firstStep?: boolean;
}

/** A velocity binding for steps without momentum (the kernel does not touch it), one per lab. */
const unusedVelocity = new WeakMap<Lab, GPUBuffer>();

function placeholderVelocity(lab: Lab): GPUBuffer {
  let buffer = unusedVelocity.get(lab);
  if (!buffer) {
    buffer = storageBuffer(lab.gpu, 'velocity (unused: no momentum)', MAX_D * 4);
    unusedVelocity.set(lab, buffer);
  }
  return buffer;
}

/** Records one step into `batch`; after it runs, `sums` (data.width floats) holds the step's batch sums. */
export function encodeSgdStep(lab: Lab, batch: Batch, data: GpuDataset, w: GPUBuffer, step: SgdStep, sums: GPUBuffer): void {
  const opt = step.optimizer ?? PLAIN_SGD;
  if (opt.momentum !== 0 && !step.velocity) throw new Error('encodeSgdStep: momentum needs a velocity buffer');
  lab.sums.encode(batch, data, w, { items: step.items, rows: 1, itemsPerRow: step.b, rowBase: step.row }, sums);
  batch.dispatch(lab.update, {
    params: {
      d: data.d, count: step.b, lr: step.lr,
      momentum: opt.momentum, dampening: opt.dampening, weight_decay: opt.weightDecay, nesterov: opt.nesterov, first_step: step.firstStep ?? false,
    },
    sums, w, velocity: step.velocity ?? placeholderVelocity(lab),
  }, 1);
}
