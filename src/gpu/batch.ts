/**
 * A batch of GPU work recorded into one command encoder and submitted once, so many
 * dispatches (all T trials, or all SGD steps) cost a single submission. Each dispatch gets
 * its own small uniform buffer, so values differ per dispatch within the submission.
 */
import { storageBuffer } from './buffers';
import type { GpuContext } from './context';
import type { Kernel } from './kernel';
import type { UniformValues } from './uniforms';

export interface DispatchArgs {
  /** Values of the kernel's uniform struct, by field name. */
  params?: UniformValues;
  /** Storage buffers, by the WGSL variable name. */
  [binding: string]: GPUBuffer | UniformValues | undefined;
}

/** Splits `count` workgroups into x × y with neither above `max` (kernels fold them back). */
export function foldWorkgroups(count: number, max: number): [number, number] {
  if (count <= max) return [Math.max(count, 1), 1];
  const y = Math.ceil(count / max);
  if (y > max) throw new Error(`${count} workgroups exceed ${max}² even when folded into 2-D`);
  return [Math.ceil(count / y), y];
}

export class Batch {
  private readonly encoder: GPUCommandEncoder;
  private readonly temporaries: GPUBuffer[] = [];

  constructor(private readonly gpu: GpuContext, label: string) {
    this.encoder = gpu.device.createCommandEncoder({ label });
  }

  /** Records `kernel` over `workgroups` workgroups (folded into 2-D when needed). */
  dispatch(kernel: Kernel, args: DispatchArgs, workgroups: number): void {
    const { device } = this.gpu;
    const bytes = kernel.uniformBytes(args.params);
    let uniform: GPUBuffer | null = null;
    if (bytes) {
      uniform = device.createBuffer({ label: `${kernel.file} params`, size: bytes.byteLength, usage: GPUBufferUsage.UNIFORM, mappedAtCreation: true });
      new Uint8Array(uniform.getMappedRange()).set(new Uint8Array(bytes));
      uniform.unmap();
      this.temporaries.push(uniform);
    }
    const buffers = Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'params')) as Record<string, GPUBuffer>;
    const pass = this.encoder.beginComputePass({ label: kernel.file });
    pass.setPipeline(kernel.pipeline);
    pass.setBindGroup(0, kernel.bindGroup(device, uniform, buffers));
    const [x, y] = foldWorkgroups(workgroups, device.limits.maxComputeWorkgroupsPerDimension);
    pass.dispatchWorkgroups(x, y);
    pass.end();
  }

  /** A zeroed storage buffer that lives until this batch's work is done. */
  scratch(label: string, floats: number): GPUBuffer {
    const buffer = storageBuffer(this.gpu, label, floats * 4);
    this.temporaries.push(buffer);
    return buffer;
  }

  /** Records a buffer-to-buffer copy of `bytes` bytes. */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    this.encoder.copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
  }

  /**
   * Records a GPU timestamp into query `index` of a 'timestamp' query set, between the
   * work recorded before and after this call (an empty compute pass whose end writes it).
   * The device must have the 'timestamp-query' feature; see gpu/timing.ts.
   */
  writeTimestamp(querySet: GPUQuerySet, index: number): void {
    this.encoder.beginComputePass({ label: `timestamp ${index}`, timestampWrites: { querySet, endOfPassWriteIndex: index } }).end();
  }

  /** Submits and waits until the GPU has finished; rejects if the device fails meanwhile. */
  async submit(): Promise<void> {
    const { device } = this.gpu;
    device.queue.submit([this.encoder.finish()]);
    try {
      await this.gpu.guard(device.queue.onSubmittedWorkDone());
    } finally {
      for (const b of this.temporaries) b.destroy();
    }
  }
}
