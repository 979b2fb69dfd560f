// Shared test helper: one Node GPU context (Dawn on the software adapter here) per test file.
import { acquireGpu, type GpuContext } from '../../src/gpu/context';
import { nodeHost } from '../../src/gpu/node-host';

let context: Promise<GpuContext> | null = null;

/** The test file's GPU; fails (never skips) when no adapter can be found. */
export function testGpu(): Promise<GpuContext> {
  context ??= acquireGpu(nodeHost());
  return context;
}

/** A fresh random u32 seed, printed so a failure can be replayed. */
export function freshSeed(label: string): number {
  const seed = (Math.random() * 2 ** 32) >>> 0;
  console.log(`${label}: seed ${seed}`);
  return seed;
}
