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

/** How a mini-batch's examples are chosen, as the host describes it. */
export type Sampling =
  | { kind: 'drawn'; key: readonly number[] }   // uniform with replacement, on the GPU
  | { kind: 'listed'; indices: Uint32Array<ArrayBuffer> };   // given by the host, row-major rows × b

export class Lab {
  private constructor(readonly gpu: GpuContext, readonly sums: SumEngine, readonly update: Kernel) {}

  /** Compiles the kernels on `gpu`. */
  static async create(gpu: GpuContext): Promise<Lab> {
    const [sums, update] = await Promise.all([SumEngine.create(gpu), Kernel.create(gpu, 'sgd/update.wgsl')]);
    return new Lab(gpu, sums, update);
  }

  /** Uploads (or describes, when procedural) a dataset, compiling its kernels if needed. */
  async dataset(spec: Dataset): Promise<GpuDataset> {
    await this.sums.prepare(spec.d, spec.kind === 'stored');
    return new GpuDataset(this.gpu, spec);
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
    if (sampling.kind === 'drawn') return { items: sampling, rowBase };
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

  /** Exact full-data sums [Σgrad, Σloss] at w, in one submission; divide by n for means. */
  async fullSums(data: GpuDataset, w: readonly number[]): Promise<Float32Array> {
    const batch = new Batch(this.gpu, 'full-data sums');
    const wBuf = this.vector('w', w);
    const out = this.resultBuffer('full sums', data.d + 1);
    this.sums.encode(batch, data, wBuf, { items: { kind: 'all' }, rows: 1, itemsPerRow: data.spec.n }, out);
    await batch.submit();
    wBuf.destroy();
    return readFloats(this.gpu, out, 0, data.d + 1).finally(() => out.destroy());
  }

  /**
   * `rows` mini-batch sums of b examples each at w, rows numbered from `rowBase`, in one
   * submission and one read-back: rows × (d + 1) floats.
   */
  async batchSums(data: GpuDataset, w: readonly number[], b: number, rows: number, sampling: Sampling, rowBase = 0): Promise<Float32Array> {
    const batch = new Batch(this.gpu, `batch sums b=${b}`);
    const wBuf = this.vector('w', w);
    const out = this.resultBuffer('batch sums', rows * (data.d + 1));
    const placed = this.items(batch, sampling, b, rows, rowBase);
    this.sums.encode(batch, data, wBuf, { items: placed.items, rows, itemsPerRow: b, rowBase: placed.rowBase }, out);
    await batch.submit();
    wBuf.destroy();
    return readFloats(this.gpu, out, 0, rows * (data.d + 1)).finally(() => out.destroy());
  }
}
