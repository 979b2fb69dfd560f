// The throughput experiment: b_sat, parameter and flag validation, the report's formats,
// and small runs on the GPU (JSON shape, sanity, timer field, real SGD steps, cancel).
// No assertion depends on speed.
import { beforeAll, describe, expect, test } from 'vitest';
import { UsageError, parseCommand } from '../src/cli/args';
import { Lab } from '../src/engine/lab';
import { runSgd } from '../src/engine/sgd';
import { TimedSgd } from '../src/engine/timed-sgd';
import { MAX_THROUGHPUT_STEPS, ParamError, throughputParams } from '../src/experiments/params';
import { IncompleteRunError } from '../src/experiments/run-control';
import { SATURATION, saturatedAtEnd, saturationBatch, saturationByMode } from '../src/experiments/saturation';
import { measure, rowFromSpan, runThroughput, stepsFor } from '../src/experiments/throughput';
import { formatMicros, formatRate, formatThroughputReport } from '../src/experiments/throughput-report';
import type { ThroughputResult, ThroughputRow } from '../src/experiments/types';
import { hasTimestamps } from '../src/gpu/timing';
import { testGpu } from './helpers/gpu';

const rates = (...pairs: [number, number][]) => pairs.map(([batch, examplesPerSec]) => ({ batch, examplesPerSec }));

describe('b_sat', () => {
  test('is the smallest b reaching 90% of the peak', () => {
    expect(SATURATION).toBe(0.9);
    expect(saturationBatch(rates([1, 10], [2, 20], [4, 40], [8, 89], [16, 100], [32, 95]))).toBe(16);
    expect(saturationBatch(rates([1, 10], [2, 20], [4, 40], [8, 90], [16, 100], [32, 95]))).toBe(8);
    // Not monotone: a noisy early row that reaches 90% counts.
    expect(saturationBatch(rates([1, 10], [2, 95], [4, 40], [8, 100]))).toBe(2);
    // Unordered input, a fraction of 1: the peak itself.
    expect(saturationBatch(rates([64, 50], [8, 60], [16, 30]), 1)).toBe(8);
    expect(saturationBatch(rates([4, 7]))).toBe(4);
  });

  test('ignores rows without a positive finite rate; null when none is left', () => {
    expect(saturationBatch([])).toBeNull();
    expect(saturationBatch(rates([1, NaN], [2, 0], [4, Infinity]))).toBeNull();
    expect(saturationBatch(rates([1, NaN], [2, 5], [4, 10], [8, -1]))).toBe(4);
  });

  test('is computed per mode', () => {
    const row = (batch: number, mode: 'sync' | 'pipelined', examplesPerSec: number): ThroughputRow => ({ batch, mode, examplesPerSec, usPerStep: 1, timer: 'wall', steps: 1 });
    expect(saturationByMode([row(1, 'sync', 1), row(1, 'pipelined', 10), row(2, 'sync', 2), row(2, 'pipelined', 10)])).toEqual({ sync: 2, pipelined: 1 });
    expect(saturationByMode([row(1, 'sync', 1)])).toEqual({ sync: 1, pipelined: null });
    const rising = [row(1, 'sync', 1), row(2, 'sync', 2), row(1, 'pipelined', 10), row(2, 'pipelined', 10)];
    expect(saturatedAtEnd(rising, 2, 'sync')).toBe(true);
    expect(saturatedAtEnd(rising, 1, 'pipelined')).toBe(false);
    expect(saturatedAtEnd([row(1, 'sync', 1)], 1, 'sync')).toBe(false);
  });
});

describe('parameters', () => {
  test('defaults: b = 1 … 2^20, the documented span rule', () => {
    const p = throughputParams();
    expect(p.batches).toHaveLength(21);
    expect(p.batches[0]).toBe(1);
    expect(p.batches.at(-1)).toBe(2 ** 20);
    expect(p).toMatchObject({ n: 2 ** 24, d: 1, seed: 0, steps: 4, minTimeMs: 100, repeats: 3, timer: 'auto', lr: 0.05, wTrue: [3], noise: 0.1 });
    expect(throughputParams({ maxBatch: 8 }).batches).toEqual([1, 2, 4, 8]);
    expect(throughputParams({ batches: [64, 1, 64, 8] }).batches).toEqual([1, 8, 64]);
    expect(throughputParams({ d: 3 }).wTrue).toEqual([3, 3, 3]);
  });

  test('bad values throw ParamError naming the flag', () => {
    for (const [input, flag] of [
      [{ maxBatch: 100 }, '--max-batch'], [{ maxBatch: 0 }, '--max-batch'], [{ maxBatch: 2 ** 25 }, '--max-batch'],
      [{ maxBatch: 8, batches: [1] }, '--max-batch'], [{ batches: [] }, '--batches'], [{ batches: [0] }, '--batches'],
      [{ batches: [2 ** 24 + 1] }, '--batches'], [{ steps: 0 }, '--steps'], [{ steps: MAX_THROUGHPUT_STEPS + 1 }, '--steps'],
      [{ steps: 1.5 }, '--steps'], [{ minTimeMs: -1 }, '--min-time'], [{ minTimeMs: NaN }, '--min-time'], [{ minTimeMs: 60_001 }, '--min-time'],
      [{ repeats: 0 }, '--repeats'], [{ timer: 'gpu' as 'auto' }, '--timer'], [{ d: 17 }, '--d'], [{ n: 0 }, '--n'],
    ] as [Parameters<typeof throughputParams>[0], string][]) {
      expect(() => throughputParams(input), JSON.stringify(input)).toThrow(ParamError);
      try {
        throughputParams(input);
      } catch (e) {
        expect((e as ParamError).flag, JSON.stringify(input)).toBe(flag);
      }
    }
  });

  test('the CLI reads the flags, and rejects what does not apply', () => {
    expect(parseCommand(['throughput', '--max-batch', '16', '--steps', '2', '--min-time', '0', '--repeats', '1', '--timer', 'wall', '--d', '2', '--json', 'x.json']))
      .toMatchObject({ kind: 'throughput', json: 'x.json', params: { batches: [1, 2, 4, 8, 16], steps: 2, minTimeMs: 0, repeats: 1, timer: 'wall', d: 2 } });
    expect(parseCommand(['throughput', '--batches', '4,1'])).toMatchObject({ params: { batches: [1, 4] } });
    for (const [argv, message] of [
      [['throughput', '--max-batch', '3'], /^--max-batch: must be a power of two/],
      [['throughput', '--max-batch', '4', '--batches', '1'], /^--max-batch: give --max-batch or --batches/],
      [['throughput', '--timer', 'gpu'], /^--timer: must be auto or wall/],
      [['throughput', '--min-time', 'x'], /^--min-time: expected a number/],
      [['throughput', '--repeats', '0'], /^--repeats: /],
      [['throughput', '--lr', '0.1'], /--lr does not apply to throughput/],
      [['quality', '--max-batch', '4'], /--max-batch does not apply to quality/],
    ] as const) {
      expect(() => parseCommand([...argv]), argv.join(' ')).toThrow(UsageError);
      expect(() => parseCommand([...argv])).toThrow(message);
    }
  });
});

describe('report', () => {
  test('number formats', () => {
    expect(formatRate(3_412_000)).toBe('3.41 M');
    expect(formatRate(812_345)).toBe('812 k');
    expect(formatRate(95.24)).toBe('95.2');
    expect(formatRate(2.5e9)).toBe('2.50 G');
    expect(formatMicros(95.04)).toBe('95.0');
    expect(formatMicros(1.234)).toBe('1.23');
    expect(formatMicros(32787.6)).toBe('32788');
  });

  test('span arithmetic: rows from spans, steps after calibration', () => {
    expect(rowFromSpan(256, 'sync', { steps: 10, wallMs: 20, gpuMs: 10 })).toEqual({ batch: 256, mode: 'sync', examplesPerSec: 256_000, usPerStep: 1000, timer: 'gpu', steps: 10 });
    expect(rowFromSpan(4, 'pipelined', { steps: 8, wallMs: 2, gpuMs: null })).toMatchObject({ examplesPerSec: 16_000, usPerStep: 250, timer: 'wall' });
    expect(stepsFor(4, 10, 100)).toBe(50);              // 1.25 × 4 × 100 / 10
    expect(stepsFor(4, 0, 100)).toBe(MAX_THROUGHPUT_STEPS);
    expect(stepsFor(8, 1000, 100)).toBe(8);             // never fewer than asked
  });
});

describe('measurement rule (a scripted stand-in for the GPU)', () => {
  /** A fake TimedSgd: call i of `steps` steps takes ms(i, steps) on the GPU (1.1× on the wall), gpuMs null where bad(i). */
  const scripted = (ms: (i: number, steps: number) => number, bad: (i: number) => boolean = () => false) => {
    const calls: number[] = [];
    return {
      calls,
      run: async (_mode: string, steps: number) => {
        const i = calls.push(steps) - 1;
        const t = ms(i, steps);
        return { steps, wallMs: t * 1.1, gpuMs: bad(i) ? null : t };
      },
    };
  };
  const p = throughputParams({ batches: [8], steps: 4, minTimeMs: 100, repeats: 3 });

  test('the first span warms up; short spans re-calibrate; the fastest of the repeats is kept', async () => {
    // Call 0 is mostly warm-up (60 ms); then 1 ms a step, and call 3 twice as fast.
    const sgd = scripted((i, steps) => (i === 0 ? 60 : i === 3 ? 0.5 * steps : steps));
    const row = await measure(sgd, p, 8, 'pipelined', true, {});
    // 4 steps in 66 ms (wall): ceil(1.25 × 4 × 100 / 66) = 8 steps, which take 8.8 ms:
    // ceil(1.25 × 8 × 100 / 8.8) = 114 steps, 125.4 ms: long enough to count, then 2 more.
    expect(sgd.calls).toEqual([4, 8, 114, 114, 114]);
    expect(row).toMatchObject({ steps: 114, usPerStep: 500, timer: 'gpu' });
  });

  test('non-positive GPU deltas are discarded with twice the steps, then the wall clock is used', async () => {
    const some = scripted((_, steps) => 50 * steps, (i) => i === 2);
    expect(await measure(some, p, 8, 'sync', true, {})).toMatchObject({ timer: 'gpu', usPerStep: 50_000 });
    expect(some.calls).toEqual([4, 4, 4, 8, 8]);   // warm-up; kept; discarded; kept; kept

    const none = scripted((_, steps) => 50 * steps, () => true);
    const row = await measure(none, p, 8, 'sync', true, {});
    expect(none.calls).toEqual([4, 4, 8, 16]);     // GPU_RETRIES = 2: three discards, then stop
    expect(row).toMatchObject({ timer: 'wall', steps: 4 });
    expect(row.usPerStep).toBeCloseTo(55_000, 6);   // the wall clock, 1.1 × the GPU time

    const wallOnly = scripted((_, steps) => 50 * steps, () => true);
    expect(await measure(wallOnly, p, 8, 'sync', false, {})).toMatchObject({ timer: 'wall' });
    expect(wallOnly.calls).toEqual([4, 4, 4, 4]);
  });
});

describe('on the GPU', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.create(await testGpu());
  });

  const small = { batches: [1, 16, 256], steps: 2, minTimeMs: 5, repeats: 2 };

  test('a small run: JSON shape, both modes per b, positive rates, the timer the device allows', async () => {
    const progress: number[] = [];
    const r = await runThroughput(lab, throughputParams(small), { progress: (f) => progress.push(f) });
    const json = JSON.parse(JSON.stringify(r)) as ThroughputResult;
    expect(json).toMatchObject({
      experiment: 'throughput',
      params: { batches: [1, 16, 256], steps: 2, minTimeMs: 5, repeats: 2, timer: 'auto' },
      adapter: { vendor: expect.any(String), host: 'node' },
      timestampQuery: hasTimestamps(lab.gpu),
      elapsedMs: expect.any(Number),
    });
    expect(json.rows.map((row) => [row.batch, row.mode])).toEqual([[1, 'sync'], [1, 'pipelined'], [16, 'sync'], [16, 'pipelined'], [256, 'sync'], [256, 'pipelined']]);
    for (const row of json.rows) {
      expect(row.examplesPerSec).toBeGreaterThan(0);
      expect(row.usPerStep).toBeGreaterThan(0);
      expect(row.steps).toBeGreaterThanOrEqual(2);
      expect(row.examplesPerSec * row.usPerStep / 1e6).toBeCloseTo(row.batch, 6);   // the two columns agree
      // GPU timestamps when the device has them (a non-positive delta may fall back, rarely).
      if (!json.timestampQuery) expect(row.timer).toBe('wall');
    }
    if (json.timestampQuery) expect(json.rows.filter((row) => row.timer === 'gpu').length).toBeGreaterThan(json.rows.length / 2);
    expect(json.bSat).toEqual(saturationByMode(json.rows));
    expect(progress.at(-1)).toBe(1);
    const report = formatThroughputReport(r);
    expect(report).toContain('batch b     sync ex/s');
    expect(report).toMatch(/^b_sat \(smallest b at 90% of the peak examples\/s\): sync \d+ .*pipelined \d+/m);
    expect(report).toContain(json.timestampQuery ? 'timer: GPU timestamp queries' : 'timer: host wall clock');
  });

  test('--timer wall uses the wall clock everywhere', async () => {
    const r = await runThroughput(lab, throughputParams({ ...small, batches: [4], timer: 'wall' }));
    expect(r.rows.map((row) => row.timer)).toEqual(['wall', 'wall']);
    expect(formatThroughputReport(r)).toContain('timer: host wall clock (--timer wall)');
  });

  test('timed steps are real SGD steps: w equals runSgd after the same steps, bit for bit', async () => {
    const data = await lab.dataset({ kind: 'procedural', n: 5000, d: 2, seed: 7, wTrue: [3, -1], noise: 0.1 });
    const key = [12345, 678];
    const sgd = new TimedSgd(lab, data, { b: 32, lr: 0.05, key, timer: null });
    try {
      await sgd.run('sync', 3);
      expect(sgd.lastEstimate).toHaveLength(3);
      expect([...sgd.lastEstimate!].every(Number.isFinite)).toBe(true);
      await sgd.run('pipelined', 4);
      await sgd.run('sync', 1);
      expect(sgd.stepsDone).toBe(8);
      const [record] = await runSgd(lab, data, { b: 32, steps: 8, lr: 0.05, w0: [0, 0], sampling: { kind: 'drawn', key }, record: [7] }, () => {});
      expect(await sgd.weights()).toEqual(record.w);
      expect(record.w[0]).not.toBe(0);
    } finally {
      sgd.destroy();
      data.destroy();
    }
  });

  test('cancel keeps the finished rows and their b_sat', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = runThroughput(lab, throughputParams({ ...small, batches: [1, 2, 4, 8] }), {
      signal: controller.signal,
      progress: () => { if (++calls === 3) controller.abort(); },
    });
    const e = await run.then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(IncompleteRunError);
    const partial = (e as IncompleteRunError<ThroughputResult>).partial;
    expect((e as IncompleteRunError<ThroughputResult>).cancelled).toBe(true);
    expect(partial.rows.map((row) => `${row.batch}/${row.mode}`)).toEqual(['1/sync', '1/pipelined', '2/sync']);
    expect(partial.bSat).toEqual(saturationByMode(partial.rows));
  });
});
