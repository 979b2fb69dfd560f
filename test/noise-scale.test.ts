// The gradient noise scale B_simple = tr(Σ)/|G|²: the estimators' algebra on exact inputs,
// then both GPU estimates against the isotropic least-squares closed form (fixed seeds).
import { beforeAll, describe, expect, test } from 'vitest';
import { runLab } from './helpers/cli';
import { Lab } from '../src/engine/lab';
import { ParamError, qualityParams } from '../src/experiments/params';
import { analyticNoise, noiseScaleParams, perExampleNoise, twoBatchNoise } from '../src/experiments/noise-scale';
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
});

describe('noise-scale CLI', () => {
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
