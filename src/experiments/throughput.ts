/**
 * Throughput against batch size (the chapter's Section 3, hardware saturation): for each
 * b, mini-batch SGD steps (sample b, per-example gradients, reduce, update w) on the GPU,
 * timed in two modes (see engine/timed-sgd.ts): "sync", where the host reads each step's
 * estimate back, and "pipelined", where all steps of a span go in one submission. Reports
 * examples/s and µs per step per b and mode, and b_sat per mode.
 *
 * Steps per span adapt to b: a first span of `steps` steps warms up (never reported);
 * while a span lasts less than minTimeMs, the next has ceil(1.25 · steps · minTimeMs /
 * its wall time) steps (at most MAX_THROUGHPUT_STEPS). So spans are long against the
 * timer's quantum (100 µs in Chromium). Each measurement reports the fastest of `repeats`
 * spans: other work on the machine can only slow a span down. A span whose GPU timestamp
 * delta is not positive is discarded and the next one gets twice the steps; after
 * GPU_RETRIES such spans the row uses the wall clock (timer "wall").
 */
import type { GpuDataset } from '../engine/dataset';
import type { Lab } from '../engine/lab';
import { proceduralDataset } from './data-source';
import { TimedSgd, type Span } from '../engine/timed-sgd';
import { SpanTimer, hasTimestamps } from '../gpu/timing';
import { STREAM, sampleKey } from '../reference/threefry';
import { MAX_THROUGHPUT_STEPS } from './params';
import { IncompleteRunError, WorkMeter, checkCancelled, elapsedSince, type RunHooks } from './run-control';
import { saturationByMode } from './saturation';
import type { ThroughputMode, ThroughputParams, ThroughputResult, ThroughputRow } from './types';

/** The modes, in the order each b's rows appear. */
export const MODES: readonly ThroughputMode[] = ['sync', 'pipelined'];

/** Spans with a zero or negative GPU delta tolerated per measurement before using the wall clock. */
const GPU_RETRIES = 2;
/** Re-calibrations of the steps per span at most (the first span's time may be mostly warm-up). */
const CALIBRATIONS = 3;

/** Progress weight of one measurement: its rough duration in ms at a nominal 3 M examples/s. */
const weight = (p: ThroughputParams, b: number) => p.repeats * Math.max(p.minTimeMs, (p.steps * b) / 3000, 1);

/** A row from a kept span: GPU time when it is valid, else the wall clock. */
export function rowFromSpan(batch: number, mode: ThroughputMode, span: Span): ThroughputRow {
  const timer = span.gpuMs !== null ? 'gpu' : 'wall';
  const seconds = (span.gpuMs ?? span.wallMs) / 1000;
  return { batch, mode, examplesPerSec: (batch * span.steps) / seconds, usPerStep: (seconds * 1e6) / span.steps, timer, steps: span.steps };
}

/** Steps for the timed span after a calibration span that took `wallMs` for `steps` steps. */
export function stepsFor(steps: number, wallMs: number, minTimeMs: number): number {
  const wanted = Math.ceil((1.25 * steps * minTimeMs) / Math.max(wallMs, 1e-3));
  return Math.min(MAX_THROUGHPUT_STEPS, Math.max(steps, wanted));
}

/** Time per step of a span, by the clock its row will report. */
const perStep = (s: Span) => (s.gpuMs ?? s.wallMs) / s.steps;

/**
 * Measures one (b, mode). The first span, of `steps` steps, warms up and is never
 * reported. While a span lasts less than minTimeMs (wall clock), the next gets
 * stepsFor(…) steps, CALIBRATIONS times at most; a calibrated span that lasts long enough
 * counts. Spans are timed until `repeats` count, and the fastest is reported. A GPU-timed
 * span with a non-positive delta is discarded and the next span gets twice the steps;
 * after more than GPU_RETRIES discards the row uses those spans' wall clock.
 */
export async function measure(sgd: Pick<TimedSgd, 'run'>, p: ThroughputParams, b: number, mode: ThroughputMode, gpuTimed: boolean, hooks: RunHooks): Promise<ThroughputRow> {
  const run = (steps: number) => {
    checkCancelled(hooks.signal);
    return sgd.run(mode, steps, () => checkCancelled(hooks.signal));
  };
  const kept: Span[] = [];
  const discarded: Span[] = [];
  let steps = p.steps;
  const take = (span: Span) => {
    if (gpuTimed && span.gpuMs === null) {
      discarded.push(span);
      steps = Math.min(MAX_THROUGHPUT_STEPS, 2 * steps);
    } else {
      kept.push(span);
    }
  };
  let span = await run(steps);
  for (let i = 0; i < CALIBRATIONS && span.wallMs < p.minTimeMs && steps < MAX_THROUGHPUT_STEPS; i++) {
    steps = stepsFor(steps, span.wallMs, p.minTimeMs);
    span = await run(steps);
    if (span.wallMs >= p.minTimeMs) take(span);
  }
  while (kept.length < p.repeats && discarded.length <= GPU_RETRIES) take(await run(steps));
  const pool = kept.length > 0 ? kept : discarded;   // discarded spans report their wall clock
  const best = pool.reduce((a, x) => (perStep(x) < perStep(a) ? x : a));
  return rowFromSpan(b, mode, best);
}

/**
 * Runs the experiment. Params must be validated (throughputParams). On cancellation or a
 * GPU failure it throws IncompleteRunError holding the rows finished so far (and their b_sat).
 */
export async function runThroughput(lab: Lab, params: ThroughputParams, hooks: RunHooks = {}): Promise<ThroughputResult> {
  const start = performance.now();
  const timestampQuery = hasTimestamps(lab.gpu);
  const result: ThroughputResult = {
    experiment: 'throughput', params, adapter: lab.gpu.adapter, timestampQuery, rows: [], bSat: { sync: null, pipelined: null }, elapsedMs: 0, tuning: lab.tuning,
  };
  const meter = new WorkMeter(params.batches.reduce((sum, b) => sum + MODES.length * weight(params, b), 0), hooks);
  const timer = params.timer === 'auto' ? SpanTimer.create(lab.gpu) : null;
  let data: GpuDataset | null = null;
  try {
    data = await lab.dataset(proceduralDataset(params));
    for (const b of params.batches) {
      const sgd = new TimedSgd(lab, data, { b, lr: params.lr, key: sampleKey(params.seed, STREAM.trajectory, b), timer });
      try {
        for (const mode of MODES) {
          checkCancelled(hooks.signal);
          result.rows.push(await measure(sgd, params, b, mode, timer !== null, hooks));
          result.bSat = saturationByMode(result.rows);
          meter.advance(weight(params, b), `b = ${b}, ${mode}`);
        }
      } finally {
        sgd.destroy();
      }
    }
  } catch (e) {
    result.elapsedMs = elapsedSince(start);
    throw new IncompleteRunError(result, e);
  } finally {
    data?.destroy();
    timer?.destroy();
  }
  result.elapsedMs = elapsedSince(start);
  return result;
}
