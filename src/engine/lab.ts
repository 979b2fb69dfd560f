/**
 * The engine's GPU session: the compiled kernels and the device, made once and shared by
 * every experiment. GPU work only: no DOM, no node: imports.
 */
import { Batch } from '../gpu/batch';
import { readFloats, storageBuffer } from '../gpu/buffers';
import type { GpuContext } from '../gpu/context';
import { Kernel } from '../gpu/kernel';
import { GpuDataset, type Dataset } from './dataset';
import { SumEngine, type Items } from './sums';
import { DEFAULT_TUNING, type Tuning } from './tuning';

/** How a mini-batch's examples are chosen, as the host describes it. */
export type Sampling =
  | { kind: 'drawn'; key: readonly number[] }   // uniform with replacement, on the GPU
  | { kind: 'listed'; indices: Uint32Array<ArrayBuffer> }   // given by the host, row-major rows × b
  | { kind: 'shuffled'; key: readonly number[]; batchesPerEpoch: number };   // without replacement, epoch-shuffled on the GPU

/** Examples per full-data submission: about a second on a software adapter. */
export const FULL_RANGE = 1 << 24;

export class Lab {
  private constructor(readonly gpu: GpuContext, readonly sums: SumEngine, readonly update: Kernel) {}

  /** Compiles the kernels on `gpu` for `tuning` (see tuning.ts; calibrate() picks one). */
  static async create(gpu: GpuContext, tuning: Tuning = DEFAULT_TUNING): Promise<Lab> {
    const [sums, update] = await Promise.all([SumEngine.create(gpu, tuning), Kernel.create(gpu, 'sgd/update.wgsl')]);
    return new Lab(gpu, sums, update);
  }

  get tuning(): Tuning {
    return this.sums.tuning;
  }

  /**
   * Uploads (or describes, when procedural) a dataset, compiling its kernels if needed.
   * `maxBindingBytes` caps one storage binding (default: the device's limit); stored data
   * above it is split into parts.
   */
  async dataset(spec: Dataset, maxBindingBytes?: number): Promise<GpuDataset> {
    await this.sums.prepare(spec.d, spec.kind === 'stored', spec.model);
    return new GpuDataset(this.gpu, spec, maxBindingBytes);
  }

  /** A parameter vector on the GPU. */
  vector(label: string, values: readonly number[]): GPUBuffer {
    return storageBuffer(this.gpu, label, new Float32Array(values));
  }

  /**
   * GPU-side items for rows [rowBase, rowBase + rows) of a sampling, and the row base the
   * kernel should use. Listed indices are uploaded (only those rows) for `batch`'s lifetime.
   */
  items(batch: Batch, sampling: Sampling, b: number, rows: number, rowBase: number): { items: Items; rowBase: number } {
    if (sampling.kind === 'drawn' || sampling.kind === 'shuffled') return { items: sampling, rowBase };
    const slice = sampling.indices.subarray(rowBase * b, (rowBase + rows) * b);
    if (slice.length !== rows * b) throw new Error(`listed sampling has ${sampling.indices.length} indices; rows ${rowBase}..${rowBase + rows} of ${b} need more`);
    const buffer = batch.scratch('batch indices', slice.length);
    this.gpu.device.queue.writeBuffer(buffer, 0, slice);
    return { items: { kind: 'listed', indices: buffer }, rowBase: 0 };
  }

  /** A buffer the host reads results from after a batch (not a batch scratch). */
  resultBuffer(label: string, floats: number): GPUBuffer {
    return this.gpu.device.createBuffer({ label, size: floats * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  }

  /**
   * Exact full-data sums [Σgrad, Σloss (, Σcorrect)] at w; divide by n for means. The dataset is cut
   * into fixed ranges of FULL_RANGE examples, one submission each, so long sums report
   * progress (`onRange` gets the examples done, and may throw to cancel); the range sums
   * are folded on the GPU in a fixed order, so the bits do not depend on timing.
   */
  async fullSums(data: GpuDataset, w: readonly number[], onRange?: (examplesDone: number) => void): Promise<Float32Array> {
    const { n } = data.spec;
    const width = data.width;
    const ranges = Math.ceil(n / FULL_RANGE);
    const wBuf = this.vector('w', w);
    const rangeSums = this.resultBuffer('range sums', ranges * width);
    const out = this.resultBuffer('full sums', width);
    try {
      for (let r = 0; r < ranges; r++) {
        const first = r * FULL_RANGE;
        const count = Math.min(FULL_RANGE, n - first);
        const batch = new Batch(this.gpu, `full-data sums from ${first}`);
        this.sums.encode(batch, data, wBuf, { items: { kind: 'all', first }, rows: 1, itemsPerRow: count }, rangeSums, r * width);
        if (r === ranges - 1) this.sums.encodeFold(batch, rangeSums, 1, ranges, width, out, 0);
        await batch.submit();
        onRange?.(first + count);
      }
      return await readFloats(this.gpu, out, 0, width);
    } finally {
      wBuf.destroy();
      rangeSums.destroy();
      out.destroy();
    }
  }

  /**
   * `rows` mini-batch sums of b examples each at w, rows numbered from `rowBase`, in one
   * submission and one read-back: rows × data.width floats.
   */
  async batchSums(data: GpuDataset, w: readonly number[], b: number, rows: number, sampling: Sampling, rowBase = 0): Promise<Float32Array> {
    const batch = new Batch(this.gpu, `batch sums b=${b}`);
    const wBuf = this.vector('w', w);
    const out = this.resultBuffer('batch sums', rows * data.width);
    const placed = this.items(batch, sampling, b, rows, rowBase);
    this.sums.encode(batch, data, wBuf, { items: placed.items, rows, itemsPerRow: b, rowBase: placed.rowBase }, out);
    await batch.submit();
    wBuf.destroy();
    return readFloats(this.gpu, out, 0, rows * data.width).finally(() => out.destroy());
  }
}
