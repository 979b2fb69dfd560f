/**
 * One mini-batch SGD step as recorded GPU work, shared by everything that runs SGD: the
 * batch sum [Σgrad, Σloss] of b sampled examples at w, then w ← w − η·Σgrad / b.
 * @example
 *   encodeSgdStep(lab, batch, data, w, { items: { kind: 'drawn', key }, b: 256, row: t, lr: 0.05 }, sums);
 */
import type { Batch } from '../gpu/batch';
import type { GpuDataset } from './dataset';
import type { Lab } from './lab';
import type { Items } from './sums';

export interface SgdStep {
  /** Where the step's examples come from (GPU-side; see Lab.items for listed indices). */
  items: Items;
  /** Batch size. */
  b: number;
  /** Row number of the step in `items` (keys drawn sampling, indexes listed indices). */
  row: number;
  lr: number;
}

/** Records one step into `batch`; after it runs, `sums` (d + 1 floats) holds the step's batch sums. */
export function encodeSgdStep(lab: Lab, batch: Batch, data: GpuDataset, w: GPUBuffer, step: SgdStep, sums: GPUBuffer): void {
  lab.sums.encode(batch, data, w, { items: step.items, rows: 1, itemsPerRow: step.b, rowBase: step.row }, sums);
  batch.dispatch(lab.update, { params: { d: data.d, count: step.b, lr: step.lr }, sums, w }, 1);
}
