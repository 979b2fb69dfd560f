/**
 * The GPU implementations the benchmark times, host-neutral (Node or the page):
 * (i) the engine's full gradient (Lab.fullSums), procedural or stored; (iii) the naive
 * kernel, one example per thread with one tree pass per level (shaders/bench/naive*.wgsl);
 * and the adapter's read ceiling (shaders/bench/read_sum.wgsl). Every job ends with a
 * read-back of its result, so a timed run covers the whole job.
 * @example const naive = await NaiveSum.create(gpu); const [g, l] = await naive.run(spec);
 */
import { Batch } from '../gpu/batch';
import { readFloats, storageBuffer } from '../gpu/buffers';
import type { GpuContext } from '../gpu/context';
import { Kernel } from '../gpu/kernel';
import { dataKey } from '../reference/threefry';

/** The benchmark's problem: x ~ N(0, 1), y = wTrue·x + noise·N(0, 1), gradient at w. */
export interface JobSpec {
  n: number;
  seed: number;
  wTrue: number;
  noise: number;
  w: number;
}

/** Stored data on the GPU (x then y), for the naive kernel's stored variant. */
export interface StoredBuffers {
  x: GPUBuffer;
  y: GPUBuffer;
}

const NAIVE_WG = 256;

/** Implementation (iii): the textbook reduction, one example per thread, one pass per tree level. */
export class NaiveSum {
  private constructor(
    private readonly gpu: GpuContext,
    private readonly procedural: Kernel,
    private readonly stored: Kernel,
    private readonly level: Kernel,
  ) {}

  static async create(gpu: GpuContext): Promise<NaiveSum> {
    const [procedural, stored, level] = await Promise.all([
      Kernel.create(gpu, 'bench/naive.wgsl', { WG: NAIVE_WG, STORED: 0 }),
      Kernel.create(gpu, 'bench/naive.wgsl', { WG: NAIVE_WG, STORED: 1 }),
      Kernel.create(gpu, 'bench/naive_level.wgsl', { WG: NAIVE_WG }),
    ]);
    return new NaiveSum(gpu, procedural, stored, level);
  }

  /** [Σgrad, Σloss] over the job's n examples, generated (data = null) or read from `data`. */
  async run(spec: JobSpec, data: StoredBuffers | null): Promise<[number, number]> {
    const batch = new Batch(this.gpu, 'naive sums');
    let groups = Math.ceil(spec.n / NAIVE_WG);
    let current = batch.scratch('naive partials', 2 * groups);
    const dummy = data ? null : batch.scratch('unused x/y', 1);
    batch.dispatch(data ? this.stored : this.procedural, {
      params: { n: spec.n, w: spec.w, w_true: spec.wTrue, noise: spec.noise, data_key: dataKey(spec.seed) },
      x_data: data?.x ?? dummy!,
      y_data: data?.y ?? dummy!,
      partials: current,
    }, groups);
    while (groups > 1) {
      const count = groups;
      groups = Math.ceil(count / NAIVE_WG);
      const next = batch.scratch('naive level', 2 * groups);
      batch.dispatch(this.level, { params: { count }, inputs: current, outputs: next }, groups);
      current = next;
    }
    const out = this.gpu.device.createBuffer({ label: 'naive result', size: 8, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    batch.copy(current, 0, out, 0, 8);
    await batch.submit();
    const r = await readFloats(this.gpu, out, 0, 2).finally(() => out.destroy());
    return [r[0], r[1]];
  }
}

export interface ReadConfig {
  workgroups: number;
  wg: number;
  strided: boolean;
}

/** The adapter's read ceiling: a plain vec4 read-and-sum over one large buffer. */
export class ReadCeiling {
  private readonly kernels = new Map<string, Kernel>();
  private constructor(private readonly gpu: GpuContext, readonly buffer: GPUBuffer, readonly bytes: number) {}

  /** A buffer of `bytes` bytes (a multiple of 16) filled with 1.0, so every sum is exact. */
  static create(gpu: GpuContext, bytes: number): ReadCeiling {
    const buffer = storageBuffer(gpu, 'read ceiling data', new Float32Array(bytes / 4).fill(1));
    return new ReadCeiling(gpu, buffer, bytes);
  }

  private async kernel(c: ReadConfig): Promise<Kernel> {
    const key = `${c.wg}/${c.strided}`;
    let k = this.kernels.get(key);
    if (!k) {
      k = await Kernel.create(this.gpu, 'bench/read_sum.wgsl', { WG: c.wg, STRIDED: c.strided ? 1 : 0 });
      this.kernels.set(key, k);
    }
    return k;
  }

  /** Compiles the configuration's pipeline (untimed). */
  async prepare(c: ReadConfig): Promise<void> {
    await this.kernel(c);
  }

  /** Reads the whole buffer once; returns the total (bytes / 4 when correct). */
  async run(c: ReadConfig): Promise<number> {
    const kernel = await this.kernel(c);
    const threads = c.workgroups * c.wg;
    const batch = new Batch(this.gpu, 'read ceiling');
    const sums = this.gpu.device.createBuffer({ label: 'read sums', size: threads * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    batch.dispatch(kernel, { params: { count: this.bytes / 16, threads }, data: this.buffer, sums }, c.workgroups);
    await batch.submit();
    const v = await readFloats(this.gpu, sums, 0, threads * 4).finally(() => sums.destroy());
    let total = 0;
    for (const s of v) total += s;
    return total;
  }

  destroy(): void {
    this.buffer.destroy();
  }
}

/** Uploads stored arrays for the naive kernel. */
export function uploadStored(gpu: GpuContext, x: Float32Array, y: Float32Array): StoredBuffers {
  return { x: storageBuffer(gpu, 'bench x', x), y: storageBuffer(gpu, 'bench y', y) };
}
