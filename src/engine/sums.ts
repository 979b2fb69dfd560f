/**
 * Sums of per-example terms [grad_0 .. grad_{d-1}, loss (, correct)] on the GPU: the exact full-data
 * sum over all n examples, or `rows` mini-batch sums (one per trial or SGD step) of b
 * sampled examples each. Pass 1 (reduce/example_sums.wgsl) leaves per-lane partials,
 * pass 2 (reduce/sum_rows.wgsl) folds them until one vector per row remains.
 */
import type { Batch } from '../gpu/batch';
import { GpuError, type GpuContext } from '../gpu/context';
import { Kernel } from '../gpu/kernel';
import type { GpuDataset, Model } from './dataset';
import { foldSteps, planSums } from './plan';
import { DEFAULT_TUNING, type Tuning } from './tuning';

/** How a row's items map to examples. */
export type Items =
  | { kind: 'all'; first?: number }                   // item k is example first + k; one row
  | { kind: 'drawn'; key: readonly number[] }         // uniform with replacement, keyed by (row, slot)
  | { kind: 'listed'; indices: GPUBuffer }            // indices uploaded by the host, row-major
  | { kind: 'shuffled'; key: readonly number[]; batchesPerEpoch: number };   // without replacement: row t is batch t % B of epoch t / B's permutation (reference/permute.ts)

export interface SumJob {
  items: Items;
  rows: number;
  itemsPerRow: number;
  /** Absolute number of row 0 (a trial or step), which keys the sampling. */
  rowBase?: number;
}

const SAMPLING: Record<Items['kind'], number> = { all: 0, drawn: 1, listed: 2, shuffled: 3 };

const MODEL: Record<Model, number> = { linreg: 0, logreg: 1 };

/** Widest vector pass 2 folds (MAX_WIDTH in shaders/lib/fold.wgsl). */
export const MAX_FOLD_WIDTH = 18;

/** The pass-1 pipeline variant a job needs: the model, d, the data kind and the item kind are constants. */
const variantKey = (model: Model, d: number, stored: boolean, items: Items['kind']) => `${model}/${d}/${stored}/${items}`;

export class SumEngine {
  /** Pass-1 pipelines by variant: each is specialized, so its loops unroll and untaken paths vanish. */
  private readonly pass1 = new Map<string, Kernel>();

  private constructor(private readonly gpu: GpuContext, private readonly pass2: Kernel, readonly tuning: Tuning) {}

  /** Compiles pass 2 for `tuning` (the subgroup fold needs the device's `subgroups` feature). */
  static async create(gpu: GpuContext, tuning: Tuning = DEFAULT_TUNING): Promise<SumEngine> {
    if (tuning.reduction === 'subgroup' && !gpu.device.features.has('subgroups')) {
      throw new GpuError('the subgroup reduction needs a device with the "subgroups" feature; use the shared-memory reduction');
    }
    const file = tuning.reduction === 'subgroup' ? 'reduce/sum_rows_subgroups.wgsl' : 'reduce/sum_rows.wgsl';
    return new SumEngine(gpu, await Kernel.create(gpu, file, { WG: 64 }), tuning);
  }

  /** Compiles (once) every pass-1 variant for datasets of d features and `model`; call before encode. */
  async prepare(d: number, stored: boolean, model: Model = 'linreg'): Promise<void> {
    await Promise.all((Object.keys(SAMPLING) as Items['kind'][]).map(async (kind) => {
      const key = variantKey(model, d, stored, kind);
      if (this.pass1.has(key)) return;
      const constants = { WG: this.tuning.pass1Wg, D: d, STORED: stored ? 1 : 0, SAMPLING: SAMPLING[kind], MODEL: MODEL[model] };
      this.pass1.set(key, await Kernel.create(this.gpu, 'reduce/example_sums.wgsl', constants));
    }));
  }

  /**
   * Records the job into `batch`; after submission `out` holds rows × data.width sums
   * starting at float `outOffset`. Not divided by the count: callers decide.
   */
  encode(batch: Batch, data: GpuDataset, w: GPUBuffer, job: SumJob, out: GPUBuffer, outOffset = 0): void {
    const width = data.width;
    const { items, rows, itemsPerRow } = job;
    const stored = data.spec.kind === 'stored';
    const pass1 = this.pass1.get(variantKey(data.model, data.d, stored, items.kind));
    if (!pass1) throw new Error(`SumEngine.prepare(${data.d}, ${stored}, '${data.model}') must run before encoding this job`);
    if (items.kind === 'all' && rows !== 1) throw new Error('a full-data sum is one row');
    const plan = planSums(rows, itemsPerRow, width, data.parts.length, this.tuning.itemsPerLane);
    const P = plan.lanesPerRow;
    const indices = items.kind === 'listed' ? items.indices : batch.scratch('batch_indices (unused)', 1);

    for (let r0 = 0; r0 < rows; r0 += plan.rowsPerChunk) {
      const chunkRows = Math.min(plan.rowsPerChunk, rows - r0);
      const lanes = chunkRows * P;
      const partials = batch.scratch('lane partials', lanes * data.parts.length * width);
      for (let begin = 0; begin < lanes; begin += plan.lanesPerDispatch) {
        const count = Math.min(plan.lanesPerDispatch, lanes - begin);
        data.parts.forEach((part, p) => {
          batch.dispatch(pass1, {
            params: {
              ...data.fields,
              items_per_row: itemsPerRow,
              lanes_per_row: P,
              row_base: (job.rowBase ?? 0) + r0,
              item_base: items.kind === 'all' ? items.first ?? 0 : 0,
              lane_begin: begin,
              lane_count: count,
              part_first: part.first,
              part_size: part.size,
              part: p,
              part_count: data.parts.length,
              sample_key: items.kind === 'drawn' || items.kind === 'shuffled' ? items.key : [0, 0],
              batches_per_epoch: items.kind === 'shuffled' ? items.batchesPerEpoch : 1,
            },
            w,
            w_true: data.w_true,
            x_data: part.x_data,
            y_data: part.y_data,
            batch_indices: indices,
            partials,
          }, Math.ceil(count / this.tuning.pass1Wg));
        });
      }
      this.encodeFold(batch, partials, chunkRows, plan.partialsPerRow, width, out, outOffset + r0 * width);
    }
  }

  /**
   * Records pass-2 folds of `rows` × `inputsPerRow` vectors of `width` floats in `input`
   * down to one vector per row, written to `out` at float `outOffset`.
   */
  encodeFold(batch: Batch, input: GPUBuffer, rows: number, inputsPerRow: number, width: number, out: GPUBuffer, outOffset: number): void {
    if (width > MAX_FOLD_WIDTH) throw new Error(`pass 2 folds vectors of at most ${MAX_FOLD_WIDTH} floats, got ${width}`);
    let current = input;
    let inputs = inputsPerRow;
    for (const outputs of foldSteps(inputsPerRow)) {
      const next = batch.scratch('folded partials', rows * outputs * width);
      batch.dispatch(this.pass2, {
        params: { rows, inputs_per_row: inputs, outputs_per_row: outputs, width, group_count: rows * outputs },
        inputs: current,
        outputs: next,
      }, rows * outputs);
      current = next;
      inputs = outputs;
    }
    batch.copy(current, 0, out, outOffset * 4, rows * width * 4);
  }
}
