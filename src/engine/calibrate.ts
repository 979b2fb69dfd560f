/**
 * Picks the engine's tuning for an adapter: a pinned value if the user gave one, else the
 * cached result of an earlier calibration, else a short calibration (a few seconds) whose
 * result is cached. The cache is the host's (a file in Node, localStorage in a page).
 */
import type { GpuContext, KeyValueStore } from '../gpu/context';
import { Lab } from './lab';
import { DEFAULT_TUNING, candidates, parseTuning, type Tuning } from './tuning';

/** Examples in the calibration job: a procedural full-data sum, d = 1. */
const CALIBRATION_N = 1 << 20;

export interface TuningChoice {
  tuning: Tuning;
  source: 'pinned' | 'cached' | 'calibrated' | 'default';
}

/** Cache key: the adapter, and the engine's kernels (bump when they change). */
export function tuningKey(gpu: GpuContext): string {
  const a = gpu.adapter;
  return `gradscope-tuning-v1 ${a.host} ${a.vendor} ${a.architecture} ${a.description}`;
}

/** Times each candidate on the same job (best of 3 after a warm-up) and returns the fastest. */
export async function calibrate(gpu: GpuContext): Promise<{ best: Tuning; timings: { tuning: Tuning; ms: number }[] }> {
  const timings: { tuning: Tuning; ms: number }[] = [];
  for (const tuning of candidates(gpu.device.features.has('subgroups'))) {
    const lab = await Lab.create(gpu, tuning);
    const data = await lab.dataset({ kind: 'procedural', n: CALIBRATION_N, d: 1, seed: 1, wTrue: [3], noise: 0.1 });
    await lab.fullSums(data, [0]);
    let ms = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      await lab.fullSums(data, [0]);
      ms = Math.min(ms, performance.now() - t0);
    }
    data.destroy();
    timings.push({ tuning, ms });
  }
  const best = timings.reduce((a, b) => (b.ms < a.ms ? b : a)).tuning;
  return { best, timings };
}

/**
 * The tuning to run with. `pinned` ("default" or JSON, e.g. from GRADSCOPE_TUNING or a
 * URL parameter) wins; without a store nothing is calibrated and the default is used.
 */
export async function chooseTuning(gpu: GpuContext, store: KeyValueStore | null, pinned?: string | null, onCalibrate?: () => void): Promise<TuningChoice> {
  if (pinned) return { tuning: parseTuning(pinned), source: 'pinned' };
  if (!store) return { tuning: { ...DEFAULT_TUNING }, source: 'default' };
  const key = tuningKey(gpu);
  const cached = store.get(key);
  if (cached) {
    try {
      return { tuning: parseTuning(cached), source: 'cached' };
    } catch {
      // A stale or damaged entry: calibrate again.
    }
  }
  onCalibrate?.();
  const { best } = await calibrate(gpu);
  store.set(key, JSON.stringify(best));
  return { tuning: best, source: 'calibrated' };
}
