/**
 * GPU time of a span of recorded work, from timestamp queries: one timestamp where the
 * span begins and one where it ends, resolved and read back once afterwards. The two may
 * be written in different submissions (both are on the queue's one clock), so a span can
 * include the GPU's idle gaps while the host waits between submissions.
 *
 * Browsers may quantize timestamps (Chromium rounds to 100 µs unless developer features
 * are on) and a delta can even come out negative: `read` returns null for a span that did
 * not come out positive, and callers should time spans long against the quantum.
 * @example
 *   const timer = SpanTimer.create(gpu);          // null without 'timestamp-query'
 *   timer?.begin(first); …; timer?.end(last);     // first, last: Batches of the span
 *   const ns = await timer?.read();               // after `last` was submitted
 */
import type { Batch } from './batch';
import type { GpuContext } from './context';

/** True when the device was opened with the 'timestamp-query' feature. */
export const hasTimestamps = (gpu: GpuContext) => gpu.device.features.has('timestamp-query');

export class SpanTimer {
  private constructor(
    private readonly gpu: GpuContext,
    private readonly querySet: GPUQuerySet,
    private readonly resolved: GPUBuffer,
    private readonly staging: GPUBuffer,
  ) {}

  /** A timer on `gpu`, or null when the device has no timestamp queries. */
  static create(gpu: GpuContext): SpanTimer | null {
    if (!hasTimestamps(gpu)) return null;
    const { device } = gpu;
    const bytes = 2 * 8;
    return new SpanTimer(
      gpu,
      device.createQuerySet({ label: 'span timestamps', type: 'timestamp', count: 2 }),
      device.createBuffer({ label: 'span timestamps (resolved)', size: bytes, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC }),
      device.createBuffer({ label: 'span timestamps (read back)', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
    );
  }

  /** Marks the span's start at this point of `batch`'s recording. */
  begin(batch: Batch): void {
    batch.writeTimestamp(this.querySet, 0);
  }

  /** Marks the span's end at this point of `batch`'s recording. */
  end(batch: Batch): void {
    batch.writeTimestamp(this.querySet, 1);
  }

  /**
   * Nanoseconds from begin to end of the last span, once its batches were submitted; null
   * when the delta was zero or negative (quantized or reordered timestamps: discard it).
   */
  async read(): Promise<number | null> {
    const { device } = this.gpu;
    const encoder = device.createCommandEncoder({ label: 'span timestamps' });
    encoder.resolveQuerySet(this.querySet, 0, 2, this.resolved, 0);
    encoder.copyBufferToBuffer(this.resolved, 0, this.staging, 0, 16);
    device.queue.submit([encoder.finish()]);
    await this.gpu.guard(this.staging.mapAsync(GPUMapMode.READ));
    const [begin, end] = new BigUint64Array(this.staging.getMappedRange().slice(0));
    this.staging.unmap();
    const delta = end - begin;
    return delta > 0n ? Number(delta) : null;
  }

  destroy(): void {
    this.querySet.destroy();
    this.resolved.destroy();
    this.staging.destroy();
  }
}
