// The gradient noise scale B_simple = tr(Σ)/|G|²: the estimators' algebra on exact inputs,
// then both GPU estimates against the isotropic least-squares closed form (fixed seeds).
import { beforeAll, describe, expect, test } from 'vitest';
import { expectUsageError, runLab } from './helpers/cli';
import { Lab } from '../src/engine/lab';
import { ParamError, qualityParams } from '../src/experiments/params';
import { analyticNoise, compareWithSaturation, formatNoiseReport, noiseScaleParams, type NoiseScaleParams, type SavedThroughput, perExampleNoise, twoBatchNoise } from '../src/experiments/noise-scale';
import { runNoiseScale, traceSteps } from '../src/experiments/noise-scale-run';
import { testGpu } from './helpers/gpu';

const base = (over: Partial<Parameters<typeof qualityParams>[0]> = {}) => {
  const q = qualityParams({ n: 1 << 20, d: 2, seed: 7, wTrue: [3, -1], noise: 0.5, w: [0, 0], ...over });
  return { n: q.n, d: q.d, seed: q.seed, model: q.model, wTrue: q.wTrue, noise: q.noise, margin: q.margin, w: q.w };
};

describe('noise scale: algebra', () => {
  test('closed form: |G|² = 4|δ|², tr Σ = 4d(|δ|² + s²) + 4|δ|²', () => {
    expect(analyticNoise([0, 0], [3, -1], 0.5)).toEqual({ g2: 40, trace: 4 * 2 * 10.25 + 40, bSimple: (82 + 40) / 40 });
  });

  test('per-example estimator on known vectors; two-batch inverts E|G_b|² = |G|² + tr Σ/b', () => {
    // g = (1,0),(3,0): mean (2,0), sample variance tr = 2, |G|² = 4 − 2/2 = 3.
    const r = perExampleNoise([1, 0, 9, 3, 0, 9], 2, 2);
    expect(r.trace).toBeCloseTo(2, 12);
    expect(r.g2).toBeCloseTo(3, 12);
    const g2 = 5, tr = 80;
    const t = twoBatchNoise(g2 + tr / 4, 4, g2 + tr / 64, 64);
    expect(t.g2).toBeCloseTo(g2, 10);
    expect(t.trace).toBeCloseTo(tr, 10);
    expect(traceSteps(40)).toEqual([0, 10, 20, 30, 40]);
  });

  test('validation names the flag', () => {
    for (const [p, flag] of [[{ bSmall: 0 }, '--b-small'], [{ bSmall: 64, bBig: 64 }, '--b-big'], [{ samples: 1 }, '--samples'], [{ samples: 2 ** 21 }, '--samples'], [{ rows: 1 }, '--rows'], [{ lr: -1 }, '--lr']] as const) {
      expect(() => noiseScaleParams(base(), p)).toThrow(ParamError);
      expect(() => noiseScaleParams(base(), p)).toThrow(flag);
    }
    expect(() => noiseScaleParams(base({ w: [3, -1] }))).toThrow('--w');
  });
});

describe('noise scale on the GPU', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.create(await testGpu());
  });

  test('per-example and two-batch estimates match the closed form', async () => {
    const p = noiseScaleParams(base(), { steps: 8 });
    const r = await runNoiseScale(lab, p);
    const a = r.bSimple.analytic!;   // (122)/40 = 3.05
    // Per-example: M = 65536; |G|² and tr Σ each within about 2% (x⁴ tails), the finite
    // dataset (n = 2^20) adds 0.3%: a 10% band on B is > 4 standard errors.
    expect(Math.abs(r.bSimple.perExample / a - 1)).toBeLessThan(0.1);
    // Two-batch: tr Σ carries most of the error (≈ 6% at 10000 rows of b = 16 and 256): 25% band.
    expect(Math.abs(r.bSimple.twoBatch / a - 1)).toBeLessThan(0.25);
    expect(Math.abs(r.parts.twoBatch.g2 / r.parts.analytic!.g2 - 1)).toBeLessThan(0.1);
    expect(r.trace.map((t) => t.step)).toEqual([0, 2, 4, 6, 8]);
    expect(Math.abs(r.trace[0].bSimple / a - 1)).toBeLessThan(0.1);
    // SGD shrinks |δ|, so B_simple grows along the run.
    expect(r.trace.at(-1)!.bSimple).toBeGreaterThan(r.trace[0].bSimple);
  }, 120_000);

  test('logistic regression: no closed form; the two measured estimates agree', async () => {
    const q = qualityParams({ model: 'logreg', n: 1 << 20, d: 2, seed: 7, wTrue: [3, -1], noise: 0.1, w: [0.5, 0] });
    const r = await runNoiseScale(lab, noiseScaleParams({ ...q }, { steps: 4 }));
    expect(r.bSimple.analytic).toBeNull();
    expect(r.parts.analytic).toBeNull();
    expect(r.trace.every((t) => t.analytic === null)).toBe(true);
    // Both estimate tr Σ/|G|² at the same w: the per-example one within ~3% (M = 65536),
    // the two-batch one within ~10% (its tr Σ): a 30% band is > 3 of their joint std errors.
    expect(Math.abs(r.bSimple.twoBatch / r.bSimple.perExample - 1)).toBeLessThan(0.3);
  }, 120_000);
});

describe('B_simple against b_sat', () => {
  const params = base();
  const r = (probe: number, along: number[]) => ({ params: { ...params, steps: 4 } as NoiseScaleParams, bSimple: { perExample: probe, twoBatch: NaN, analytic: null }, trace: along.map((b, step) => ({ step, bSimple: b, analytic: null, loss: 1 })) });
  const saved = (sync: number | null, pipelined: number | null, extra: Partial<SavedThroughput> = {}): SavedThroughput => ({ bSat: { sync, pipelined }, largestBatch: 2 ** 20, d: params.d, model: 'linreg', ...extra });

  test('the reading follows which of the two comes first, over the whole range along training', () => {
    expect(compareWithSaturation(r(3, [2, 8, 20]), saved(65536, 16384))).toMatchObject({ bSimple: { probe: 3, min: 2, max: 20 }, reading: expect.stringMatching(/^B_simple \(2\.000 to 20\.00\) < b_sat \(16384\)/) });
    expect(compareWithSaturation(r(500, [500, 900]), saved(64, null)).reading).toMatch(/> b_sat \(64\): this device saturates first/);
    // A probe far above the trace does not hide that the trace lies below b_sat.
    expect(compareWithSaturation(r(439, [2, 2.1]), saved(64, 64)).reading).toMatch(/lies within/);
    expect(compareWithSaturation(r(10, []), saved(null, null)).reading).toMatch(/no b_sat/);
  });

  test('caveats: b_sat at the largest b measured, another d or model', () => {
    expect(compareWithSaturation(r(3, [3]), saved(64, 1024, { largestBatch: 1024 })).reading).toMatch(/largest b that run measured/);
    expect(compareWithSaturation(r(3, [3]), saved(64, 1024, { d: 5, model: 'logreg' })).reading).toMatch(/d = 5, this one d = 2; that run timed logreg, this one is linreg/);
  });

  test('the report says what did not finish, negative estimates, and a diverged trace', () => {
    const stopped = formatNoiseReport({
      experiment: 'noise-scale', params: { ...params, steps: 4 } as NoiseScaleParams, adapter: null as never,
      bSimple: { perExample: 2, twoBatch: NaN, analytic: 3 },
      parts: { perExample: { g2: -1, trace: 4 }, twoBatch: { g2: NaN, trace: NaN }, analytic: { g2: 40, trace: 122 } },
      trace: [{ step: 0, bSimple: 2, analytic: 3, loss: 5 }], traceDivergedAt: 1, elapsedMs: 0,
    });
    expect(stopped).toMatch(/per-example .*negative: sampling noise swamps this estimate, raise --samples/);
    expect(stopped).toMatch(/two-batch +\(not measured: the run stopped first\)/);
    expect(stopped).toMatch(/diverged: the loss or w is no longer finite from step 1; try a smaller --lr/);
    expect(stopped).not.toMatch(/NaN/);
    expect(stopped).not.toMatch(/grows as w approaches/);
  });
});

describe('noise-scale CLI', () => {
  test('--throughput FILE adds the b_sat comparison; a file that is not a throughput result is a usage error', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'gradscope-bsat-'));
    const good = join(dir, 'throughput.json');
    writeFileSync(good, JSON.stringify({ experiment: 'throughput', params: { d: 1, model: 'linreg' }, rows: [{ batch: 1048576 }], bSat: { sync: 65536, pipelined: 16384 } }));
    const ok = runLab(['noise-scale', '--n', '100000', '--samples', '4096', '--rows', '200', '--steps', '4', '--throughput', good]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/against throughput: b_sat pipelined 16384, sync 65536\n  B_simple .* < b_sat \(16384\)/);
    const bad = join(dir, 'quality.json');
    writeFileSync(bad, JSON.stringify({ experiment: 'quality' }));
    expectUsageError(['noise-scale', '--throughput', bad], '--throughput');
    expectUsageError(['noise-scale', '--throughput', join(dir, 'missing.json')], '--throughput');
    writeFileSync(bad, JSON.stringify({ experiment: 'throughput', bSat: { sync: -1, pipelined: 2 } }));
    expectUsageError(['noise-scale', '--throughput', bad], '--throughput');
    expectUsageError(['noise-scale', '--throughput', ''], '--throughput');
    expectUsageError(['noise-scale', '--throughput', good, '--json', good], '--json');
    // A trace that diverges says so on stderr and in the table, with no NaN printed.
    const diverged = runLab(['noise-scale', '--n', '10000', '--samples', '1000', '--rows', '100', '--steps', '40', '--lr', '10']);
    expect(diverged.status, diverged.stderr).toBe(0);
    expect(diverged.stderr).toMatch(/the traced SGD run diverged: the loss or w is no longer finite from step \d+; lr = 10 is too large/);
    expect(diverged.stdout).toMatch(/diverged: the loss or w is no longer finite from step \d+/);
    expect(diverged.stdout).not.toMatch(/NaN/);
  }, 120_000);


  test('--json has the documented schema; bad flags exit 2', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'gradscope-noise-')), 'noise.json');
    const lab = runLab;
    const r = lab(['noise-scale', '--n', '100000', '--samples', '4096', '--rows', '500', '--steps', '4', '--json', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^adapter: /);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toMatchObject({
      experiment: 'noise-scale',
      params: { n: 100000, d: 1, samples: 4096, bSmall: 16, bBig: 256, rows: 500, steps: 4 },
      adapter: { host: 'node' },
      bSimple: { perExample: expect.any(Number), twoBatch: expect.any(Number), analytic: expect.any(Number) },
      elapsedMs: expect.any(Number),
    });
    expect(json.trace.map((t: { step: number }) => t.step)).toEqual([0, 1, 2, 3, 4]);
    expect(json.trace[0]).toMatchObject({ step: 0, bSimple: expect.any(Number) });
    for (const [args, flag] of [[['--b-big', '8'], '--b-big'], [['--samples', '1'], '--samples'], [['--w', '3'], '--w'], [['--k', '2'], '--k']] as const) {
      const e = lab(['noise-scale', ...args]);
      expect(e.status, args.join(' ')).toBe(2);
      expect(e.stderr).toContain(flag);
      expect(e.stdout).toBe('');
    }
  }, 120_000);
});
