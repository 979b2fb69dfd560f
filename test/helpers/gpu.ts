// Shared test helper: one Node GPU context (Dawn on the software adapter here) per test file.
import { Batch } from '../../src/gpu/batch';
import { readFloats, storageBuffer } from '../../src/gpu/buffers';
import { acquireGpu, type GpuContext } from '../../src/gpu/context';
import { nodeHost } from '../../src/gpu/node-host';
import { GpuDataset, type Dataset } from '../../src/engine/dataset';
import { SumEngine, type SumJob } from '../../src/engine/sums';

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

/** `job`'s sums at w on a fresh SumEngine (default tuning) over the procedural `spec`: rows × width floats. */
export async function engineSums(gpu: GpuContext, spec: Omit<Extract<Dataset, { kind: 'procedural' }>, 'kind'>, w: number[], job: SumJob): Promise<Float32Array> {
  const engine = await SumEngine.create(gpu);
  await engine.prepare(spec.d, false, spec.model);
  const data = new GpuDataset(gpu, { kind: 'procedural', ...spec });
  const wBuf = storageBuffer(gpu, 'w', new Float32Array(w));
  const out = storageBuffer(gpu, 'out', job.rows * data.width * 4);
  const batch = new Batch(gpu, 'test');
  engine.encode(batch, data, wBuf, job, out);
  await batch.submit();
  const sums = await readFloats(gpu, out, 0, job.rows * data.width);
  data.destroy();
  wBuf.destroy();
  out.destroy();
  return sums;
}
