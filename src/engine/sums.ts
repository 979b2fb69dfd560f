/**
 * Sums of per-example terms [grad_0 .. grad_{d-1}, loss] on the GPU: the exact full-data
 * sum over all n examples, or `rows` mini-batch sums (one per trial or SGD step) of b
 * sampled examples each. Pass 1 (reduce/example_sums.wgsl) leaves per-lane partials,
 * pass 2 (reduce/sum_rows.wgsl) folds them until one vector per row remains.
 */
import type { Batch } from '../gpu/batch';
import type { GpuContext } from '../gpu/context';
import { Kernel } from '../gpu/kernel';
import type { GpuDataset } from './dataset';
import { planSums } from './plan';

/** How a row's items map to examples. */
export type Items =
  | { kind: 'all' }                                   // item k is example k; one row
  | { kind: 'drawn'; key: readonly number[] }         // uniform with replacement, keyed by (row, slot)
  | { kind: 'listed'; indices: GPUBuffer };           // indices uploaded by the host, row-major

export interface SumJob {
  items: Items;
  rows: number;
  itemsPerRow: number;
  /** Absolute number of row 0 (a trial or step), which keys the sampling. */
  rowBase?: number;
}

const EXAMPLE_WG = 64;

const SAMPLING: Record<Items['kind'], number> = { all: 0, drawn: 1, listed: 2 };

/** The pass-1 pipeline variant a job needs: d, the data kind and the item kind are constants. */
const variantKey = (d: number, stored: boolean, items: Items['kind']) => `${d}/${stored}/${items}`;

export class SumEngine {
  /** Pass-1 pipelines by variant: each is specialized, so its loops unroll and untaken paths vanish. */
  private readonly pass1 = new Map<string, Kernel>();

  private constructor(private readonly gpu: GpuContext, private readonly pass2: Kernel) {}

  static async create(gpu: GpuContext): Promise<SumEngine> {
    return new SumEngine(gpu, await Kernel.create(gpu, 'reduce/sum_rows.wgsl', { WG: 64 }));
  }

  /** Compiles (once) every pass-1 variant for datasets of d features; call before encode. */
  async prepare(d: number, stored: boolean): Promise<void> {
    await Promise.all((Object.keys(SAMPLING) as Items['kind'][]).map(async (kind) => {
      const key = variantKey(d, stored, kind);
      if (this.pass1.has(key)) return;
      this.pass1.set(key, await Kernel.create(this.gpu, 'reduce/example_sums.wgsl', { WG: EXAMPLE_WG, D: d, STORED: stored ? 1 : 0, SAMPLING: SAMPLING[kind] }));
    }));
  }

  /**
   * Records the job into `batch`; after submission `out` holds rows × (d + 1) sums
   * starting at float `outOffset`. Not divided by the count: callers decide.
   */
  encode(batch: Batch, data: GpuDataset, w: GPUBuffer, job: SumJob, out: GPUBuffer, outOffset = 0): void {
    const width = data.d + 1;
    const stored = data.spec.kind === 'stored';
    const pass1 = this.pass1.get(variantKey(data.d, stored, job.items.kind));
    if (!pass1) throw new Error(`SumEngine.prepare(${data.d}, ${stored}) must run before encoding this job`);
    const { items, rows, itemsPerRow } = job;
    if (items.kind === 'all' && (rows !== 1 || itemsPerRow !== data.spec.n)) throw new Error('a full-data sum is one row of n items');
    const plan = planSums(rows, itemsPerRow, width);
    const P = plan.lanesPerRow;
    const dummyIndices = items.kind === 'listed' ? items.indices : batch.scratch('batch_indices (unused)', 1);

    for (let r0 = 0; r0 < rows; r0 += plan.rowsPerChunk) {
      const chunkRows = Math.min(plan.rowsPerChunk, rows - r0);
      const lanes = chunkRows * P;
      const partials = batch.scratch('lane partials', lanes * width);
      for (let begin = 0; begin < lanes; begin += plan.lanesPerDispatch) {
        const count = Math.min(plan.lanesPerDispatch, lanes - begin);
        batch.dispatch(pass1, {
          params: {
            ...data.fields,
            items_per_row: itemsPerRow,
            lanes_per_row: P,
            row_base: (job.rowBase ?? 0) + r0,
            lane_begin: begin,
            lane_count: count,
            sample_key: items.kind === 'drawn' ? items.key : [0, 0],
          },
          w,
          ...data.buffers,
          batch_indices: dummyIndices,
          partials,
        }, Math.ceil(count / EXAMPLE_WG));
      }
      let current = partials;
      let inputs = P;
      for (const outputs of plan.folds) {
        const next = batch.scratch('folded partials', chunkRows * outputs * width);
        batch.dispatch(this.pass2, {
          params: { rows: chunkRows, inputs_per_row: inputs, outputs_per_row: outputs, width, group_count: chunkRows * outputs },
          inputs: current,
          outputs: next,
        }, chunkRows * outputs);
        current = next;
        inputs = outputs;
      }
      batch.copy(current, 0, out, (outOffset + r0 * width) * 4, chunkRows * width * 4);
    }
  }
}
