/**
 * Data-parallel workers (the chapter's Exercise 10.2.2). Each trial draws one global batch
 * of B = Σ b_k example indices; worker k takes the slice of b_k of them. On the GPU the
 * engine sums the global batch as one row of B items and each worker's slice as its own
 * row; the all-reduce is the engine's pass-2 fold for equal shards (sameSampleMeans) and
 * reduce/worker_average.wgsl for unequal ones (workerEstimates). The host compares, in f64:
 *   (a) same samples: the average of K equal worker means against the global Kb mean;
 *   (b) over T trials: the mean and std of the two estimators;
 *   (c) unequal b_k: the plain average of worker means (variance (σ²/K²)·Σ 1/b_k) against
 *       the global mean (σ²/Σ b_k), and the size-weighted average, which equals it.
 */
import { Batch } from '../gpu/batch';
import { readFloats } from '../gpu/buffers';
import { Kernel } from '../gpu/kernel';
import { SumEngine } from '../engine/sums';
import type { GpuDataset, Model } from '../engine/dataset';
import type { Lab } from '../engine/lab';
import { drawnIndex } from '../reference/linreg';
import { STREAM, sampleKey } from '../reference/threefry';
import { proceduralDataset } from './data-source';
import { WorkMeter, checkCancelled, runOnDataset, type RunHooks } from './run-control';
import { meanAndStd } from './stats';
import type { WorkersParams, WorkersResult } from './types';

/** Examples per submission (global plus worker rows): about a second on a software adapter. */
const EXAMPLES_PER_SUBMISSION = 1 << 22;

const kernels = new WeakMap<Lab, Promise<Kernel>>();
function averageKernel(lab: Lab): Promise<Kernel> {
  let k = kernels.get(lab);
  if (!k) kernels.set(lab, (k = Kernel.create(lab.gpu, 'reduce/worker_average.wgsl')));
  return k;
}

/** Per trial, row-major T × data.width: the global mean and the unweighted and weighted worker averages. */
export interface WorkerEstimates {
  global: Float64Array;
  unweighted: Float32Array;
  weighted: Float32Array;
}

/**
 * Runs `trials` trials of workers with local sizes `sizes` on the same drawn samples (the
 * host draws slot s of trial t with drawnIndex(key, t, s, n) and lists them).
 */
export async function workerEstimates(lab: Lab, data: GpuDataset, w: readonly number[], sizes: readonly number[], trials: number, key: readonly [number, number], onRows?: (rows: number) => void): Promise<WorkerEstimates> {
  const kernel = await averageKernel(lab);
  const width = data.width;
  const K = sizes.length;
  const B = sizes.reduce((a, x) => a + x, 0);
  const offsets = sizes.map((_, k) => sizes.slice(0, k).reduce((a, x) => a + x, 0));
  const out: WorkerEstimates = { global: new Float64Array(trials * width), unweighted: new Float32Array(trials * width), weighted: new Float32Array(trials * width) };
  const rowsPerSubmission = Math.max(1, Math.floor(EXAMPLES_PER_SUBMISSION / (2 * B)));
  const wBuf = lab.vector('w', w);
  const sizesBuf = lab.vector('worker sizes', sizes);
  try {
    for (let t0 = 0; t0 < trials; t0 += rowsPerSubmission) {
      const rows = Math.min(rowsPerSubmission, trials - t0);
      const all = new Uint32Array(rows * B);
      for (let r = 0; r < rows; r++) for (let s = 0; s < B; s++) all[r * B + s] = drawnIndex(key, t0 + r, s, data.spec.n);
      const batch = new Batch(lab.gpu, `workers trials ${t0}..`);
      const globalSums = lab.resultBuffer('global sums', rows * width);
      const unweighted = lab.resultBuffer('worker average', rows * width);
      const weighted = lab.resultBuffer('weighted worker average', rows * width);
      try {
        const g = lab.items(batch, { kind: 'listed', indices: all }, B, rows, 0);
        lab.sums.encode(batch, data, wBuf, { items: g.items, rows, itemsPerRow: B, rowBase: g.rowBase }, globalSums);
        // Worker-major sums: worker k's rows at [k · rows, (k + 1) · rows).
        const workerSums = batch.scratch('worker sums', K * rows * width);
        sizes.forEach((bk, k) => {
          const mine = new Uint32Array(rows * bk);
          for (let r = 0; r < rows; r++) mine.set(all.subarray(r * B + offsets[k], r * B + offsets[k] + bk), r * bk);
          const placed = lab.items(batch, { kind: 'listed', indices: mine }, bk, rows, 0);
          lab.sums.encode(batch, data, wBuf, { items: placed.items, rows, itemsPerRow: bk, rowBase: placed.rowBase }, workerSums, k * rows * width);
        });
        for (const [weightedFlag, target] of [[0, unweighted], [1, weighted]] as const) {
          batch.dispatch(kernel, {
            params: { trials: rows, workers: K, width, weighted: weightedFlag, lane_count: rows * width },
            sizes: sizesBuf, sums: workerSums, averages: target,
          }, Math.ceil((rows * width) / 64));
        }
        await batch.submit();
        const sums = await readFloats(lab.gpu, globalSums, 0, rows * width);
        // The global mean as f32 would give it (exact when B is a power of two).
        for (let i = 0; i < rows * width; i++) out.global[t0 * width + i] = Math.fround(sums[i] / B);
        out.unweighted.set(await readFloats(lab.gpu, unweighted, 0, rows * width), t0 * width);
        out.weighted.set(await readFloats(lab.gpu, weighted, 0, rows * width), t0 * width);
      } finally {
        globalSums.destroy();
        unweighted.destroy();
        weighted.destroy();
      }
      onRows?.(rows);
    }
    return out;
  } finally {
    wBuf.destroy();
    sizesBuf.destroy();
  }
}

const aligned = new WeakMap<Lab, Map<string, Promise<SumEngine>>>();
/** The lab's engine with pass-1 lanes of exactly b items (see sameSampleMeans). */
function alignedEngine(lab: Lab, b: number, d: number, model: Model): Promise<SumEngine> {
  let byB = aligned.get(lab);
  if (!byB) aligned.set(lab, (byB = new Map()));
  const key = `${b}/${d}/${model}`;
  let engine = byB.get(key);
  if (!engine) {
    engine = SumEngine.create(lab.gpu, { ...lab.tuning, itemsPerLane: b }).then(async (e) => {
      await e.prepare(d, false, model);
      return e;
    });
    byB.set(key, engine);
  }
  return engine;
}

/**
 * Equal shards, same samples, both on the GPU; per trial, row-major T × data.width means:
 *   global:  the engine's sum of the Kb examples as one row, divided by Kb;
 *   workers: each worker's sum of its b examples as its own row, then the all-reduce
 *            (SumEngine.encodeFold over the K worker sums of each trial), divided by Kb.
 * The global row is summed with pass-1 lanes of exactly b items and its indices listed
 * interleaved (item j·K + k is worker k's j-th example), so lane k of the global row adds
 * worker k's examples in worker k's order: its partial is worker k's sum, bit for bit, and
 * pass 2 folds the same K vectors in the same fixed order as the all-reduce. So the two
 * sums are the same bits, and sum/(Kb) is the average of the K worker means S_k/b: exactly
 * (bitwise) when b and K are powers of two, since dividing by 2^m is exact in f32; up to
 * the rounding of S_k/b otherwise. The identity's `bitwise` is measured, not assumed.
 */
export async function sameSampleMeans(lab: Lab, data: GpuDataset, w: readonly number[], K: number, b: number, trials: number, key: readonly [number, number], onRows?: (rows: number) => void): Promise<{ global: Float64Array; workers: Float64Array }> {
  const engine = await alignedEngine(lab, b, data.d, data.model);
  const width = data.width;
  const B = K * b;
  const out = { global: new Float64Array(trials * width), workers: new Float64Array(trials * width) };
  const rowsPerSubmission = Math.max(1, Math.floor(EXAMPLES_PER_SUBMISSION / (2 * B)));
  const wBuf = lab.vector('w', w);
  try {
    for (let t0 = 0; t0 < trials; t0 += rowsPerSubmission) {
      const rows = Math.min(rowsPerSubmission, trials - t0);
      const shards = new Uint32Array(rows * B);   // [trial][worker][j]
      const interleaved = new Uint32Array(rows * B);   // [trial][j][worker]
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < K; k++) {
          for (let j = 0; j < b; j++) {
            const i = drawnIndex(key, t0 + r, k * b + j, data.spec.n);
            shards[r * B + k * b + j] = i;
            interleaved[r * B + j * K + k] = i;
          }
        }
      }
      const batch = new Batch(lab.gpu, `workers (equal shards) trials ${t0}..`);
      const globalSums = lab.resultBuffer('global sums', rows * width);
      const reduced = lab.resultBuffer('all-reduced worker sums', rows * width);
      try {
        const g = lab.items(batch, { kind: 'listed', indices: interleaved }, B, rows, 0);
        engine.encode(batch, data, wBuf, { items: g.items, rows, itemsPerRow: B, rowBase: g.rowBase }, globalSums);
        const workerSums = batch.scratch('worker sums', rows * K * width);   // [trial][worker][c]
        const s = lab.items(batch, { kind: 'listed', indices: shards }, b, rows * K, 0);
        engine.encode(batch, data, wBuf, { items: s.items, rows: rows * K, itemsPerRow: b, rowBase: s.rowBase }, workerSums);
        engine.encodeFold(batch, workerSums, rows, K, width, reduced, 0);
        await batch.submit();
        const gs = await readFloats(lab.gpu, globalSums, 0, rows * width);
        const ws = await readFloats(lab.gpu, reduced, 0, rows * width);
        for (let i = 0; i < rows * width; i++) {
          out.global[t0 * width + i] = Math.fround(gs[i] / B);
          out.workers[t0 * width + i] = Math.fround(Math.fround(ws[i] / b) / K);
        }
      } finally {
        globalSums.destroy();
        reduced.destroy();
      }
      onRows?.(rows);
    }
    return out;
  } finally {
    wBuf.destroy();
  }
}

/** The gradient coordinates (not the loss) of T rows of `width` floats, as T × d. */
function gradients(v: ArrayLike<number>, trials: number, d: number, width: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < trials; t++) for (let c = 0; c < d; c++) out.push(v[t * width + c]);
  return out;
}

/** Largest |a − b| over the gradient coordinates. */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, trials: number, d: number, width: number): number {
  let m = 0;
  for (let t = 0; t < trials; t++) for (let c = 0; c < d; c++) m = Math.max(m, Math.abs(a[t * width + c] - b[t * width + c]));
  return m;
}

/**
 * Runs the experiment. Params must be validated (workersParams). On cancellation or a GPU
 * failure it throws IncompleteRunError holding what finished.
 */
export async function runWorkers(lab: Lab, params: WorkersParams, hooks: RunHooks = {}): Promise<WorkersResult> {
  const { n, d, trials, k: K, b, sizes } = params;
  const result: WorkersResult = {
    experiment: 'workers', params, adapter: lab.gpu.adapter, fullGradient: [],
    identity: { maxAbsDiff: NaN, bitwise: false },
    equal: { global: { mean: [], std: [] }, workers: { mean: [], std: [] } },
    unequal: { sizes, unweightedMaxAbsGap: NaN, weightedMaxAbsDiff: NaN, unweightedStd: [], globalStd: [], sigma2: [], predictedUnweightedStd: [], predictedGlobalStd: [] },
    elapsedMs: 0, tuning: lab.tuning,
  };
  const B = sizes.reduce((a, x) => a + x, 0);
  const meter = new WorkMeter(n + 2 * trials * (K * b + B), hooks);
  const dataset = proceduralDataset(params);
  return runOnDataset(lab, dataset, result, async (data) => {
    checkCancelled(hooks.signal);
    const full = await lab.fullSums(data, params.w);
    result.fullGradient = Array.from(full.subarray(0, d), (s) => s / n);
    meter.advance(n, 'full-data gradient');

    const progress = (B: number, stage: string) => (rows: number) => {
      meter.advance(2 * rows * B, stage);
      checkCancelled(hooks.signal);
    };
    const eq = await sameSampleMeans(lab, data, params.w, K, b, trials, sampleKey(params.seed, STREAM.workers, 0), progress(K * b, 'equal workers'));
    const diff = maxAbsDiff(eq.workers, eq.global, trials, d, data.width);
    result.identity = { maxAbsDiff: diff, bitwise: diff === 0 };
    const equal = { global: gradients(eq.global, trials, d, data.width), workers: gradients(eq.workers, trials, d, data.width) };
    result.equal = { global: meanAndStd(equal.global, trials, d), workers: meanAndStd(equal.workers, trials, d) };
    result.estimates = { equal };

    const un = await workerEstimates(lab, data, params.w, sizes, trials, sampleKey(params.seed, STREAM.workers, 1), progress(B, 'unequal workers'));
    const unequal = { global: gradients(un.global, trials, d, data.width), unweighted: gradients(un.unweighted, trials, d, data.width) };
    result.estimates.unequal = unequal;
    const sigma2 = result.equal.global.std.map((s) => K * b * s * s);
    const invSum = sizes.reduce((a, x) => a + 1 / x, 0);
    result.unequal = {
      sizes,
      unweightedMaxAbsGap: maxAbsDiff(un.unweighted, un.global, trials, d, data.width),
      weightedMaxAbsDiff: maxAbsDiff(un.weighted, un.global, trials, d, data.width),
      unweightedStd: meanAndStd(unequal.unweighted, trials, d).std,
      globalStd: meanAndStd(unequal.global, trials, d).std,
      sigma2,
      predictedUnweightedStd: sigma2.map((s2) => Math.sqrt((s2 / (sizes.length * sizes.length)) * invSum)),
      predictedGlobalStd: sigma2.map((s2) => Math.sqrt(s2 / B)),
    };
  });
}
