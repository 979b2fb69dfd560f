/** Storage buffers and read-back, with a label on every buffer. */
import type { GpuContext } from './context';

/** A storage buffer holding `data`, or `bytes` zeroed bytes (at least 4). */
export function storageBuffer(gpu: GpuContext, label: string, data: Float32Array | Uint32Array | number): GPUBuffer {
  const size = typeof data === 'number' ? data : data.byteLength;
  const buffer = gpu.device.createBuffer({ label, size: Math.max(4, Math.ceil(size / 4) * 4), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, mappedAtCreation: typeof data !== 'number' });
  if (typeof data !== 'number') {
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    buffer.unmap();
  }
  return buffer;
}

/** Copies `count` f32 values of `buffer` from float `offset` to the host. */
export async function readFloats(gpu: GpuContext, buffer: GPUBuffer, offset: number, count: number): Promise<Float32Array> {
  const { device } = gpu;
  const bytes = count * 4;
  const staging = device.createBuffer({ label: `${buffer.label} readback`, size: Math.max(4, bytes), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const encoder = device.createCommandEncoder({ label: 'readback' });
    encoder.copyBufferToBuffer(buffer, offset * 4, staging, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await gpu.guard(staging.mapAsync(GPUMapMode.READ));
    return new Float32Array(staging.getMappedRange().slice(0));
  } finally {
    staging.destroy();
  }
}
