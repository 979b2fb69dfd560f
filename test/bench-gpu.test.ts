// The benchmark's own GPU kernels (shaders/bench/): the naive tree and the read ceiling compute the right sums. No timing is asserted.
import { describe, expect, it } from 'vitest';
import { proceduralArrays, proceduralSums, storedSums } from '../src/bench/cpu-loops';
import { NaiveSum, ReadCeiling, uploadStored } from '../src/bench/gpu-jobs';
import { dataKey } from '../src/reference/threefry';
import { testGpu } from './helpers/gpu';

describe('bench GPU kernels', () => {
  it('the naive kernel matches the f64 sums, procedural and stored, across several tree levels', async () => {
    const gpu = await testGpu();
    const naive = await NaiveSum.create(gpu);
    for (const n of [1, 255, 256, 257, 70_000]) {   // 70 000: three levels, the last partial
      const spec = { n, seed: 9, wTrue: 3, noise: 0.1, w: 0.5 };
      const [g, l] = proceduralSums(dataKey(spec.seed), n, spec.wTrue, spec.noise, spec.w);
      const [gp, lp] = await naive.run(spec, null);
      const scale = l + Math.abs(g) + 1;   // Σ|terms| bounds the f32 error
      expect(Math.abs(gp - g) / scale).toBeLessThan(1e-5);
      expect(Math.abs(lp - l) / scale).toBeLessThan(1e-5);
      const { x, y } = proceduralArrays(dataKey(spec.seed), n, spec.wTrue, spec.noise);
      const [gs, ls] = storedSums(x, y, spec.w);
      const buffers = uploadStored(gpu, x, y);
      const [gq, lq] = await naive.run(spec, buffers);
      buffers.x.destroy();
      buffers.y.destroy();
      expect(Math.abs(gq - gs) / scale).toBeLessThan(1e-5);
      expect(Math.abs(lq - ls) / scale).toBeLessThan(1e-5);
    }
  });

  it('the read-ceiling kernel sums every float of its buffer once, in both layouts', async () => {
    const gpu = await testGpu();
    const ceiling = ReadCeiling.create(gpu, 1 << 20);
    for (const c of [{ workgroups: 3, wg: 64, strided: true }, { workgroups: 5, wg: 256, strided: false }, { workgroups: 1, wg: 64, strided: false }]) {
      expect(await ceiling.run(c)).toBe((1 << 20) / 4);
    }
    ceiling.destroy();
  });
});
