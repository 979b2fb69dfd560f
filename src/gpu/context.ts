/**
 * One GPU device for the engine, whichever host found it. Acquisition prefers a hardware
 * adapter and accepts a software (fallback) one, asks for the adapter's largest buffer
 * limits, and routes device loss, uncaptured errors and shader compilation messages to
 * one place: `GpuContext.fail`, which rejects whatever is waiting on the GPU.
 */
import type { AdapterInfo } from '../experiments/types';

/** A small persistent string store (a file in Node, localStorage in a page). */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

/** What a host (page or Node) provides: adapters, a cache, and how to explain absences. */
export interface GpuHost {
  kind: 'node' | 'browser';
  /** Where calibration results persist; null when nothing can be stored. */
  store: KeyValueStore | null;
  /** Adapters to try, best first; a host may return several (hardware, then software). */
  requestAdapter(options: GPURequestAdapterOptions): Promise<GPUAdapter | null>;
  /** Called when no adapter was found at all: what the user should do. */
  noAdapterHelp(): string;
}

/** An error with a message written for the user: what went wrong and what to do. */
export class GpuError extends Error {
  override name = 'GpuError';
}

/** Throws a GpuError with `message` unless `value` is present. */
export function assertPresent<T>(value: T | null | undefined, message: string): asserts value is T {
  if (value === null || value === undefined) throw new GpuError(message);
}

export class GpuContext {
  private failure: GpuError | null = null;
  private readonly waiters = new Set<(e: GpuError) => void>();

  constructor(
    readonly device: GPUDevice,
    readonly adapter: AdapterInfo,
  ) {
    device.lost.then((info) => {
      if (info.reason !== 'destroyed') this.fail(`GPU device lost (${info.reason}): ${info.message}. A dispatch may have run past the GPU watchdog, or the driver reset; rerun with smaller work.`);
    });
    device.addEventListener('uncapturederror', (ev) => {
      this.fail(`GPU error: ${(ev as GPUUncapturedErrorEvent).error.message}`);
    });
  }

  /** The single error path: records the first failure and rejects everything waiting. */
  fail(message: string): void {
    if (this.failure) return;
    this.failure = new GpuError(message);
    for (const reject of this.waiters) reject(this.failure);
    this.waiters.clear();
  }

  /** Throws if the device has failed. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  /** Awaits `work`, but rejects as soon as the device fails. */
  async guard<T>(work: Promise<T>): Promise<T> {
    this.check();
    let reject!: (e: GpuError) => void;
    const failed = new Promise<never>((_, r) => (reject = r));
    this.waiters.add(reject);
    try {
      return await Promise.race([work, failed]);
    } finally {
      this.waiters.delete(reject);
    }
  }

  destroy(): void {
    this.device.destroy();
  }
}

function describeAdapter(adapter: GPUAdapter, host: GpuHost['kind']): AdapterInfo {
  const info = adapter.info;
  const software = Boolean((info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter)
    || (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true
    || /swiftshader|llvmpipe|lavapipe|software|warp/i.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`);
  return {
    vendor: info.vendor || 'unknown',
    architecture: info.architecture || 'unknown',
    description: info.description || info.device || '',
    software,
    host,
  };
}

/**
 * Finds an adapter (hardware first) and opens a device with the adapter's largest
 * storage-buffer limits.
 * @example const gpu = await acquireGpu(await nodeHost()); console.log(gpu.adapter.vendor);
 */
export async function acquireGpu(host: GpuHost): Promise<GpuContext> {
  const adapter = await host.requestAdapter({ powerPreference: 'high-performance' });
  assertPresent(adapter, `No WebGPU adapter found. ${host.noAdapterHelp()}`);
  const limits = adapter.limits;
  // Optional features the engine uses when present: GPU timers and subgroup reductions.
  const wanted = ['timestamp-query', 'subgroups'] as GPUFeatureName[];
  const device = await adapter.requestDevice({
    label: 'gradscope',
    requiredFeatures: wanted.filter((f) => adapter.features.has(f)),
    requiredLimits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
    },
  });
  return new GpuContext(device, describeAdapter(adapter, host.kind));
}
