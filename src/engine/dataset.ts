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

/** Least squares (y real) or binary logistic regression (y in {0, 1}). */
export type Model = 'linreg' | 'logreg';

/**
 * Procedural least squares: y = wTrue·x + noise·N(0, 1). Procedural logistic: the label is
 * the side of the hyperplane wTrue·x = 0, each example is pushed `margin` further from it
 * along wTrue, and the label flips with probability `noise` (at most 1/2).
 */
export type Dataset =
  | { kind: 'procedural'; n: number; d: number; seed: number; wTrue: readonly number[]; noise: number; model?: Model; margin?: number }
  | { kind: 'stored'; n: number; d: number; x: Float32Array; y: Float32Array; model?: Model };

/** Floats per example term: the gradient, the loss, and for logistic regression the correct count. */
export const termWidth = (d: number, model: Model = 'linreg'): number => d + (model === 'logreg' ? 2 : 1);

/** The u32 a label flips below: probability p of a uniform u32 being below it. */
export function flipThreshold(p: number): number {
  if (!(p >= 0 && p <= 0.5)) throw new Error(`a label-flip probability must be in [0, 0.5], got ${p}`);
  return Math.round(p * 2 ** 32);
}

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
  readonly fields: { n: number; noise: number; margin_scale: number; flip_below: number; data_key: readonly number[] };
  readonly w_true: GPUBuffer;
  readonly parts: DataPart[] = [];

  constructor(gpu: GpuContext, readonly spec: Dataset, maxBindingBytes = gpu.device.limits.maxStorageBufferBindingSize) {
    const { n, d } = spec;
    if (spec.kind === 'procedural') {
      const logistic = spec.model === 'logreg';
      const norm = Math.hypot(...spec.wTrue);
      if (logistic && !(norm > 0)) throw new Error('logistic data needs a nonzero w_true (it sets the labels)');
      this.fields = {
        n, data_key: dataKey(spec.seed),
        noise: logistic ? 0 : spec.noise,
        margin_scale: logistic ? (spec.margin ?? 0) / norm : 0,
        flip_below: logistic ? flipThreshold(spec.noise) : 0,
      };
      this.w_true = storageBuffer(gpu, 'w_true', new Float32Array(spec.wTrue));
      this.parts.push({ first: 0, size: n, x_data: storageBuffer(gpu, 'x_data (unused)', 4), y_data: storageBuffer(gpu, 'y_data (unused)', 4) });
      return;
    }
    if (spec.x.length !== n * d || spec.y.length !== n) throw new Error(`stored dataset needs ${n * d} x values and ${n} y values, got ${spec.x.length} and ${spec.y.length}`);
    this.fields = { n, noise: 0, margin_scale: 0, flip_below: 0, data_key: [0, 0] };
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

  get model(): Model {
    return this.spec.model ?? 'linreg';
  }

  /** Floats per sum: [grad_0 .. grad_{d-1}, loss] and, for logistic regression, the correct count. */
  get width(): number {
    return termWidth(this.d, this.model);
  }

  destroy(): void {
    this.w_true.destroy();
    for (const p of this.parts) {
      p.x_data.destroy();
      p.y_data.destroy();
    }
  }
}
