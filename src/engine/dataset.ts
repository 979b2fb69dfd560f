/**
 * A dataset as the GPU kernels see it: procedural (example i generated from (seed, i),
 * nothing stored, n up to 2^32 − 1) or stored (f32 arrays uploaded from the host, such as
 * the Python replica's data).
 */
import { storageBuffer } from '../gpu/buffers';
import type { GpuContext } from '../gpu/context';
import { dataKey } from '../reference/threefry';

/** Features per example the kernels support (MAX_D in shaders/data/procedural.wgsl). */
export const MAX_D = 16;
/** Largest dataset a u32 example index can address. */
export const MAX_N = 0xffffffff;

export type Dataset =
  | { kind: 'procedural'; n: number; d: number; seed: number; wTrue: readonly number[]; noise: number }
  | { kind: 'stored'; n: number; d: number; x: Float32Array; y: Float32Array };

/** A slice of a stored dataset that fits one binding: examples first .. first + size − 1. */
export interface DataPart {
  first: number;
  size: number;
  x_data: GPUBuffer;
  y_data: GPUBuffer;
}

/**
 * The dataset on the GPU, uploaded once. Stored data larger than one storage binding
 * (`maxBindingBytes`, by default the device's maxStorageBufferBindingSize) is split
 * into parts; the kernels visit each part in its own dispatch.
 */
export class GpuDataset {
  readonly fields: { n: number; noise: number; data_key: readonly number[] };
  readonly w_true: GPUBuffer;
  readonly parts: DataPart[] = [];

  constructor(gpu: GpuContext, readonly spec: Dataset, maxBindingBytes = gpu.device.limits.maxStorageBufferBindingSize) {
    const { n, d } = spec;
    if (spec.kind === 'procedural') {
      this.fields = { n, noise: spec.noise, data_key: dataKey(spec.seed) };
      this.w_true = storageBuffer(gpu, 'w_true', new Float32Array(spec.wTrue));
      this.parts.push({ first: 0, size: n, x_data: storageBuffer(gpu, 'x_data (unused)', 4), y_data: storageBuffer(gpu, 'y_data (unused)', 4) });
      return;
    }
    if (spec.x.length !== n * d || spec.y.length !== n) throw new Error(`stored dataset needs ${n * d} x values and ${n} y values, got ${spec.x.length} and ${spec.y.length}`);
    this.fields = { n, noise: 0, data_key: [0, 0] };
    this.w_true = storageBuffer(gpu, 'w_true (unused)', 4);
    const perPart = Math.floor(maxBindingBytes / (4 * d));
    if (perPart < 1) throw new Error(`one example of ${d} features does not fit a ${maxBindingBytes}-byte binding`);
    for (let first = 0; first < n; first += perPart) {
      const size = Math.min(perPart, n - first);
      const label = `part ${this.parts.length} (examples ${first}..${first + size - 1})`;
      this.parts.push({
        first, size,
        x_data: storageBuffer(gpu, `x_data ${label}`, spec.x.subarray(first * d, (first + size) * d)),
        y_data: storageBuffer(gpu, `y_data ${label}`, spec.y.subarray(first, first + size)),
      });
    }
  }

  get d(): number {
    return this.spec.d;
  }

  destroy(): void {
    this.w_true.destroy();
    for (const p of this.parts) {
      p.x_data.destroy();
      p.y_data.destroy();
    }
  }
}
