// Engine tunings: both pass-2 reductions (shared-memory tree and subgroupAdd) and other
// lane sizes against f64, determinism per tuning, and the calibration's choice and cache.
import { describe, expect, test } from 'vitest';
import { chooseTuning, tuningKey } from '../src/engine/calibrate';
import { Lab } from '../src/engine/lab';
import { DEFAULT_TUNING, candidates, parseTuning, type Tuning } from '../src/engine/tuning';
import type { KeyValueStore } from '../src/gpu/context';
import { proceduralSums } from '../src/reference/linreg';
import { testGpu } from './helpers/gpu';

const memoryStore = (): KeyValueStore & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return { map, get: (k) => map.get(k) ?? null, set: (k, v) => void map.set(k, v) };
};

describe('tunings', () => {
  test('the software adapter offers subgroups, so both reductions are exercised', async () => {
    const gpu = await testGpu();
    expect(gpu.device.features.has('subgroups')).toBe(true);
    expect(candidates(true).map((t) => t.reduction)).toContain('subgroup');
    expect(candidates(false).every((t) => t.reduction === 'shared')).toBe(true);
  });

  test.each<[string, Tuning]>([
    ['shared tree, default lanes', { ...DEFAULT_TUNING }],
    ['subgroupAdd, default lanes', { pass1Wg: 64, itemsPerLane: 256, reduction: 'subgroup' }],
    ['subgroupAdd, long lanes, wide workgroups', { pass1Wg: 256, itemsPerLane: 2048, reduction: 'subgroup' }],
    ['shared tree, one item per lane', { pass1Wg: 32, itemsPerLane: 1, reduction: 'shared' }],
  ])('%s: full sums match f64 and repeat bit for bit', async (_name, tuning) => {
    const gpu = await testGpu();
    const lab = await Lab.create(gpu, tuning);
    const spec = { n: 300_001, d: 2, seed: 77, wTrue: [3, -1], noise: 0.1 };
    const w = [0.5, 0.5];
    const data = await lab.dataset({ kind: 'procedural', ...spec });
    const a = await lab.fullSums(data, w);
    const b = await lab.fullSums(data, w);
    data.destroy();
    expect([...b]).toEqual([...a]);
    const want = proceduralSums(spec, w);
    want.value().forEach((v, c) => expect(Math.abs(a[c] - v)).toBeLessThanOrEqual(1e-6 * want.errorScale[c]));
  });

  test('parseTuning accepts default and JSON, and names what is wrong', () => {
    expect(parseTuning('default')).toEqual(DEFAULT_TUNING);
    expect(parseTuning('{"reduction":"subgroup"}')).toEqual({ ...DEFAULT_TUNING, reduction: 'subgroup' });
    expect(() => parseTuning('fast')).toThrow(/"default" or JSON/);
    expect(() => parseTuning('{"pass1Wg":100}')).toThrow(/pass1Wg/);
    expect(() => parseTuning('{"reduction":"atomic"}')).toThrow(/reduction/);
  });

  test('chooseTuning: pinned wins, then the cache, else a calibration that is cached', async () => {
    const gpu = await testGpu();
    const store = memoryStore();
    expect(await chooseTuning(gpu, store, 'default')).toEqual({ tuning: DEFAULT_TUNING, source: 'pinned' });
    expect(await chooseTuning(gpu, null)).toEqual({ tuning: DEFAULT_TUNING, source: 'default' });
    let announced = false;
    const first = await chooseTuning(gpu, store, undefined, () => (announced = true));
    expect(first.source).toBe('calibrated');
    expect(announced).toBe(true);
    expect(candidates(true)).toContainEqual(first.tuning);
    expect(JSON.parse(store.map.get(tuningKey(gpu))!)).toEqual(first.tuning);
    expect(await chooseTuning(gpu, store)).toEqual({ tuning: first.tuning, source: 'cached' });
  });
});
