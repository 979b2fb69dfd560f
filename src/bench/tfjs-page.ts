/**
 * The benchmark's page (bench/tfjs.html), driven by Playwright: implementation (ii), the job
 * written the idiomatic way in TensorFlow.js on its WebGPU backend, and the engine itself in
 * the same Chromium, so the two share a browser, a GPU process and an adapter.
 * window.__bench exposes one async function per measurement; each returns plain data.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; the `@tensorflow/tfjs` bundle imports this file.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-webgpu';
import { chooseTuning, type TuningChoice } from '../engine/calibrate';
import { Lab } from '../engine/lab';
import { browserHost } from '../gpu/browser-host';
import { acquireGpu } from '../gpu/context';
import { dataKey } from '../reference/threefry';
import { proceduralArrays } from './cpu-loops';
import { timeRuns } from './timing';
import type { Measured } from './types';

export interface PageJob {
  n: number;
  seed: number;
  wTrue: number;
  noise: number;
  w: number;
  runs: number;
  warmup: number;
  /** The engine's tuning pinned ("default" or JSON), or null to calibrate as the page does. */
  tuning?: string | null;
}

export interface PageAdapter {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
}

export interface PageApi {
  adapter(): Promise<PageAdapter | null>;
  tfjs(job: PageJob): Promise<{ backend: string; procedural: Measured; stored: Measured }>;
  engine(job: PageJob): Promise<{ procedural: Measured; stored: Measured; tuning: TuningChoice }>;
}

declare global {
  interface Window {
    __bench?: PageApi;
  }
}

const log = (s: string) => {
  document.getElementById('log')!.textContent += `${s}\n`;
};

/** The mean squared error at w, as one would write it for tf.valueAndGrad. */
const mse = (x: tf.Tensor, y: tf.Tensor) => (w: tf.Tensor) => tf.mean(tf.square(tf.sub(tf.mul(x, w), y)));

/** One TF.js job: valueAndGrad of the loss, then one read-back of [mean gradient, mean loss]. */
async function tfjsGradient(x: tf.Tensor, y: tf.Tensor, w: tf.Scalar): Promise<number[]> {
  const out = tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad(mse(x, y))(w);
    return tf.stack([grad, value]);
  });
  const v = await out.data();
  out.dispose();
  return [v[0], v[1]];
}

const api: PageApi = {
  async adapter() {
    const adapter = await navigator.gpu?.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null;
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    return {
      vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description,
      isFallbackAdapter: Boolean(info.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter),
    };
  },

  async tfjs(job) {
    if (!(await tf.setBackend('webgpu'))) throw new Error('TensorFlow.js could not start its webgpu backend');
    await tf.ready();
    const backend = tf.getBackend();
    if (backend !== 'webgpu') throw new Error(`TensorFlow.js runs on ${backend}, not webgpu`);
    const w = tf.scalar(job.w);
    log(`tfjs procedural n=${job.n}`);
    // Generation, gradient and reduction: what the TF.js user writes for this job.
    const procedural = await timeRuns(async () => {
      const [x, y] = tf.tidy(() => {
        const x = tf.randomNormal([job.n], 0, 1, 'float32', job.seed);
        return [x, tf.add(tf.mul(x, job.wTrue), tf.randomNormal([job.n], 0, job.noise, 'float32', job.seed + 1))];
      });
      try {
        return await tfjsGradient(x, y, w);
      } finally {
        x.dispose();
        y.dispose();
      }
    }, job);
    log('tfjs stored');
    const [x, y] = tf.tidy(() => {
      const x = tf.randomNormal([job.n], 0, 1, 'float32', job.seed + 2);
      return [x, tf.add(tf.mul(x, job.wTrue), tf.randomNormal([job.n], 0, job.noise, 'float32', job.seed + 3))];
    });
    await x.data();   // make sure both are on the GPU before timing
    await y.data();
    const stored = await timeRuns(() => tfjsGradient(x, y, w), job);
    x.dispose();
    y.dispose();
    w.dispose();
    const leaked = tf.memory().numTensors;
    return {
      backend,
      procedural: { samplesMs: procedural.samplesMs, warmup: job.warmup, result: procedural.last },
      stored: { samplesMs: stored.samplesMs, warmup: job.warmup, result: stored.last, note: leaked ? `${leaked} tensors left` : undefined },
    };
  },

  async engine(job) {
    const host = browserHost();
    if (!host) throw new Error('no navigator.gpu in this page');
    const gpu = await acquireGpu(host);
    try {
      // As the page (src/ui/main.ts) does: calibrated once per adapter, cached in localStorage.
      const tuning = await chooseTuning(gpu, host.store, job.tuning ?? null, () => log('calibrating the engine'));
      const lab = await Lab.create(gpu, tuning.tuning);
      const spec = { n: job.n, d: 1, seed: job.seed, wTrue: [job.wTrue], noise: job.noise };
      log(`engine procedural n=${job.n}`);
      const pData = await lab.dataset({ kind: 'procedural', ...spec });
      const perExample = async (data: typeof pData) => Array.from(await lab.fullSums(data, [job.w]), (s) => s / job.n);
      const procedural = await timeRuns(() => perExample(pData), job);
      pData.destroy();
      log('engine stored');
      const { x, y } = proceduralArrays(dataKey(job.seed), job.n, job.wTrue, job.noise);
      const sData = await lab.dataset({ kind: 'stored', n: job.n, d: 1, x, y });
      const stored = await timeRuns(() => perExample(sData), job);
      sData.destroy();
      return {
        procedural: { samplesMs: procedural.samplesMs, warmup: job.warmup, result: procedural.last },
        stored: { samplesMs: stored.samplesMs, warmup: job.warmup, result: stored.last },
        tuning,
      };
    } finally {
      gpu.destroy();
    }
  },
};

window.__bench = api;
document.body.dataset.state = 'ready';
