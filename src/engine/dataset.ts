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

/** The dataset's uniform fields and buffers, uploaded once. */
export class GpuDataset {
  readonly fields: { n: number; noise: number; data_key: readonly number[] };
  readonly buffers: { w_true: GPUBuffer; x_data: GPUBuffer; y_data: GPUBuffer };

  constructor(gpu: GpuContext, readonly spec: Dataset) {
    const { n, d } = spec;
    if (spec.kind === 'procedural') {
      this.fields = { n, noise: spec.noise, data_key: dataKey(spec.seed) };
      this.buffers = {
        w_true: storageBuffer(gpu, 'w_true', new Float32Array(spec.wTrue)),
        x_data: storageBuffer(gpu, 'x_data (unused)', 4),
        y_data: storageBuffer(gpu, 'y_data (unused)', 4),
      };
    } else {
      if (spec.x.length !== n * d || spec.y.length !== n) throw new Error(`stored dataset needs ${n * d} x values and ${n} y values, got ${spec.x.length} and ${spec.y.length}`);
      this.fields = { n, noise: 0, data_key: [0, 0] };
      this.buffers = {
        w_true: storageBuffer(gpu, 'w_true (unused)', 4),
        x_data: storageBuffer(gpu, 'x_data', spec.x),
        y_data: storageBuffer(gpu, 'y_data', spec.y),
      };
    }
  }

  get d(): number {
    return this.spec.d;
  }

  destroy(): void {
    for (const b of Object.values(this.buffers)) b.destroy();
  }
}
