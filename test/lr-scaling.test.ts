// Learning-rate scaling (the chapter's practical example): the schedules as pure math, one
// small run's recorded losses against an f64 replay on the same GPU-shuffled batches, the
// claims the defaults are chosen to show, and the parameter checks.
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab } from '../src/engine/lab';
import { LR_SCALING_DEFAULTS, RECOVERY_SHORTFALL, lrRecordSteps, lrScalingParams, lrSchedule, shortfall } from '../src/experiments/lr-scaling';
import { runLrScaling } from '../src/experiments/lr-scaling-run';
import { ParamError } from '../src/experiments/params';
import { LogisticTermSum, logisticExample, logisticSums } from '../src/reference/logreg';
import { shuffledIndex } from '../src/reference/permute';
import { sampleKey } from '../src/reference/threefry';
import { expectUsageError } from './helpers/cli';
import { freshSeed, testGpu } from './helpers/gpu';

let lab: Lab;
beforeAll(async () => {
  lab = await Lab.create(await testGpu());
});

describe('lr-scaling: schedules', () => {
  const p = lrScalingParams({ n: 1000, b: 10, k: 4, lr: 0.1, epochs: 3, warmup: 1 });

  test('batches, steps and rates of the five variants', () => {
    const s = (v: Parameters<typeof lrSchedule>[0]) => lrSchedule(v, p);
    expect([s('baseline').batch, s('baseline').steps, s('baseline').lr]).toEqual([10, 300, 0.1]);
    expect([s('same').batch, s('same').steps, s('same').lr]).toEqual([40, 75, 0.1]);   // floor(1000/40) = 25 per epoch
    expect(s('linear').lr).toBeCloseTo(0.4, 15);
    expect(s('sqrt').lr).toBeCloseTo(0.2, 15);
    expect(s('linear').warmupSteps).toBe(0);
    const w = s('warmup');
    expect(w.warmupSteps).toBe(25);
    // Linear ramp from η: step 0 at η + (Kη − η)/W, step W − 1 at Kη, then flat.
    expect(w.at(0)).toBeCloseTo(0.1 + 0.3 / 25, 15);
    expect(w.at(24)).toBeCloseTo(0.4, 15);
    expect(w.at(25)).toBeCloseTo(0.4, 15);
    for (let t = 1; t < 25; t++) expect(w.at(t)).toBeGreaterThan(w.at(t - 1));
  });

  test('recorded steps end at the last step; shortfall is the missed share of progress', () => {
    expect(lrRecordSteps(3)).toEqual([0, 1, 2]);
    const r = lrRecordSteps(4096);
    expect(r.at(-1)).toBe(4095);
    expect(r.length).toBeGreaterThanOrEqual(24);
    expect(shortfall(0.5, 0.4, 0.7)).toBeCloseTo(1 / 3, 12);
    expect(shortfall(NaN, 0.4, 0.7)).toBe(Infinity);
    expect(shortfall(0.5, 0.7, 0.7)).toBeNull();
  });

  test('parameters name their flag', () => {
    const cases: [Parameters<typeof lrScalingParams>[0], string][] = [
      [{ n: 100, b: 10, k: 20 }, '--k'], [{ k: 1 }, '--k'], [{ lr: 0 }, '--lr'], [{ lr: -1 }, '--lr'],
      [{ epochs: 0 }, '--epochs'], [{ epochs: 2, warmup: 3 }, '--warmup'], [{ warmup: -1 }, '--warmup'],
      [{ rng: 'python' }, '--rng'], [{ b: 0 }, '--b'], [{ n: 2 ** 20, b: 1, epochs: 2 }, '--epochs'],
    ];
    for (const [q, flag] of cases) {
      expect(() => lrScalingParams(q)).toThrow(ParamError);
      expect(() => lrScalingParams(q)).toThrow(flag);
    }
  });
});

describe('lr-scaling on the GPU', () => {
  test('every recorded loss matches an f64 replay of the same schedule on the same shuffled batches', async () => {
    const p = lrScalingParams({ n: 3000, d: 3, seed: freshSeed('lr-scaling replay'), wTrue: [2, -1, 1], b: 8, k: 8, lr: 0.05, epochs: 2, warmup: 1 });
    const r = await runLrScaling(lab, p);
    expect(r.runs.map((x) => x.variant)).toEqual(['baseline', 'same', 'linear', 'warmup', 'sqrt']);
    expect(r.initial.loss).toBeCloseTo(Math.LN2, 6);
    for (const run of r.runs) {
      const s = lrSchedule(run.variant, p);
      const key = sampleKey(p.seed, 24, s.batch);
      const w = Array<number>(p.d).fill(0);
      let k = 0;
      for (let t = 0; t < s.steps; t++) {
        const acc = new LogisticTermSum(p.d);
        for (let j = 0; j < s.batch; j++) acc.add(logisticExample(p, shuffledIndex(key, p.n, s.batch, s.stepsPerEpoch, t, j)), w);
        acc.value().slice(0, p.d).forEach((g, c) => (w[c] -= (s.at(t) * g) / s.batch));
        if (run.points[k]?.step !== t) continue;
        // Contractive at these rates (≤ 0.4 · 0.25 · 1.x): f32 drift stays far below 1e-5.
        const want = logisticSums(p, w).value()[p.d] / p.n;
        expect(Math.abs(run.points[k].loss - want), `${run.variant} step ${t}`).toBeLessThan(1e-5);
        k++;
      }
      expect(k).toBe(run.points.length);
    }
  });

  test('the defaults show the example: the same rate falls short, linear scaling with warmup recovers', async () => {
    const r = await runLrScaling(lab, lrScalingParams());
    const by = Object.fromEntries(r.runs.map((x) => [x.variant, x]));
    expect(r.params.k * r.params.b).toBe(LR_SCALING_DEFAULTS.k * LR_SCALING_DEFAULTS.b);
    expect(by.same.shortfall!).toBeGreaterThan(0.25);
    expect(by.warmup.shortfall!).toBeLessThanOrEqual(RECOVERY_SHORTFALL);
    expect(by.linear.shortfall!).toBeLessThanOrEqual(RECOVERY_SHORTFALL);
    expect(by.warmup.finalAccuracy!).toBeGreaterThan(0.9);
  });

  test('CLI: mistakes are usage errors naming the flag', () => {
    expectUsageError(['lr-scaling', '--k', '100000'], '--k');
    expectUsageError(['lr-scaling', '--warmup', '9'], '--warmup');
    expectUsageError(['lr-scaling', '--sampling', 'with'], '--sampling');
  });
});
