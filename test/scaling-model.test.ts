// Exercise 10.2.3's model: the closed-form K* against a brute-force argmax and the
// derivative, where a finite maximum exists, how K* moves with bandwidth, validation,
// and the CLI's JSON.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runLab } from './helpers/cli';
import { ParamError } from '../src/experiments/params';
import { continuousKStar, kStar, scalingModel, scalingModelParams, tCommUs, valuePerTime, type CommModel } from '../src/experiments/scaling-model';

/** argmax of V over K = 1..limit by enumeration (smallest on a tie). */
function bruteArgmax(t: number, m: CommModel, limit: number): number {
  let best = 1;
  for (let k = 2; k <= limit; k++) if (valuePerTime(k, t, m) > valuePerTime(best, t, m)) best = k;
  return best;
}

/** A deterministic spread of models (an LCG, so the cases are fixed). */
function cases(count: number): { t: number; m: CommModel }[] {
  let s = 12345;
  const u = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push({ t: 10 ** (u() * 4), m: { bytes: i % 3 === 0 ? 4 : 10 ** (u() * 9), bandwidthGBs: 10 ** (u() * 3 - 1), latencyUs: 10 ** (u() * 3 - 1) } });
  }
  return out;
}

describe('scaling model (Exercise 10.2.3)', () => {
  test('t_comm is the ring all-reduce: 0 at K = 1, 2(K−1)/K·bytes/bw + 2(K−1)·latency', () => {
    const m = { bytes: 1e9, bandwidthGBs: 10, latencyUs: 5 };
    expect(tCommUs(1, m)).toBe(0);
    expect(tCommUs(4, m)).toBeCloseTo(1.5 * 1e5 + 30, 6);
    expect(valuePerTime(1, 123, m)).toBe(1);
  });

  test('closed-form K* equals a brute-force argmax, and V\' = 0 at the continuous root', () => {
    for (const { t, m } of cases(200)) {
      const ks = kStar(t, m);
      expect(ks).not.toBeNull();
      const limit = Math.max(4 * ks!, 2000);
      expect(ks, JSON.stringify({ t, m })).toBe(bruteArgmax(t, m, limit));
      const r = continuousKStar(t, m);
      if (r > 1.001) {
        const h = r * 1e-6;
        const slope = (valuePerTime(r + h, t, m) - valuePerTime(r - h, t, m)) / (2 * h);
        expect(Math.abs(slope) * r / valuePerTime(r, t, m)).toBeLessThan(1e-4);
      }
    }
  });

  test('K* is finite whenever latency > 0; with zero latency the ring term is bounded and V grows without end', () => {
    expect(kStar(50, { bytes: 0, bandwidthGBs: 10, latencyUs: 5 })).toBe(4);   // K = (T − 2L)/2L = 4
    expect(kStar(50, { bytes: 1e9, bandwidthGBs: 1, latencyUs: 0.001 })).not.toBeNull();
    const m0 = { bytes: 4e8, bandwidthGBs: 10, latencyUs: 0 };
    expect(kStar(50, m0)).toBeNull();
    expect(valuePerTime(1e9, 50, m0)).toBeGreaterThan(valuePerTime(1, 50, m0));
    expect(valuePerTime(4e9, 50, m0)).toBeGreaterThan(valuePerTime(1e9, 50, m0));
  });

  test('K* never falls as latency falls; in bandwidth it is not monotone (the ring term saturates in K)', () => {
    // Lowering L raises V(K)/V(K') for every K > K' (the ratio's L-derivative has the sign
    // of (K−K')[A(K+K'−1)/(KK') − T − A] < 0), so the argmax can only move up.
    for (const { t, m } of cases(60)) {
      const ks = [100, 10, 1, 0.1, 0.01].map((L) => kStar(t, { ...m, latencyUs: L })!);
      for (let i = 1; i < ks.length; i++) expect(ks[i]).toBeGreaterThanOrEqual(ks[i - 1]);
    }
    // More bandwidth is not "more workers": with a slow link the bytes term is a nearly
    // K-independent cost that more workers amortize; 1 → 147 → 58 here.
    const ks = [1, 100, 1000].map((bw) => kStar(100, { bytes: 1e7, bandwidthGBs: bw, latencyUs: 1 }));
    expect(ks).toEqual([1, 147, 58]);
    // Latency-bound limit (bytes/bw → 0): K* → (T − 2L)/2L.
    expect(kStar(100, { bytes: 4, bandwidthGBs: 1e6, latencyUs: 1 })).toBe(49);
  });

  test('the result: rows K = 1..maxK normalized to K = 1, kStar may lie beyond maxK', () => {
    const r = scalingModel(scalingModelParams({ tComputeUs: 50, maxK: 3 }), 50, null, 'given');
    expect(r.rows.map((x) => x.k)).toEqual([1, 2, 3]);
    expect(r.rows[0].valuePerTime).toBe(1);
    expect(r.kStar).toBe(4);
    expect(r.bestValuePerTime).toBeCloseTo(valuePerTime(4, 50, r.params), 12);
    expect(scalingModelParams({ d: 3 }).bytes).toBe(12);
  });

  test('bad parameters throw ParamError naming the flag', () => {
    for (const [p, flag] of [
      [{ bandwidthGBs: 0 }, '--bandwidth'], [{ bandwidthGBs: Infinity }, '--bandwidth'], [{ latencyUs: -1 }, '--latency-us'],
      [{ bytes: -4 }, '--bytes'], [{ maxK: 0 }, '--max-k'], [{ maxK: 2.5 }, '--max-k'], [{ tComputeUs: 0 }, '--t-compute-us'],
      [{ b: 0 }, '--b'], [{ d: 17 }, '--d'],
    ] as const) {
      expect(() => scalingModelParams(p), flag).toThrow(ParamError);
      expect(() => scalingModelParams(p)).toThrow(flag);
    }
  });
});

describe('scaling-model CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradscope-scaling-'));
  const lab = runLab;

  test('--json has the documented schema (given and measured t_compute); bad flags exit 2', () => {
    const file = join(dir, 'given.json');
    const r = lab(['scaling-model', '--t-compute-us', '50', '--max-k', '8', '--json', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('K* = 4');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toMatchObject({
      experiment: 'scaling-model',
      params: { b: 256, d: 1, bytes: 4, bandwidthGBs: 10, latencyUs: 5, maxK: 8, tComputeUs: 50 },
      adapter: null, tComputeUs: 50, kStar: 4,
    });
    expect(json.rows).toHaveLength(8);
    expect(json.rows[0]).toEqual({ k: 1, tCommUs: 0, valuePerTime: 1 });

    const measured = join(dir, 'measured.json');
    const m = lab(['scaling-model', '--b', '64', '--max-k', '4', '--json', measured]);
    expect(m.status, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/^adapter: /);
    const mj = JSON.parse(readFileSync(measured, 'utf8'));
    expect(mj).toMatchObject({ experiment: 'scaling-model', adapter: { host: 'node' }, tComputeSource: 'measured', tComputeUs: expect.any(Number) });
    expect(mj.tComputeUs).toBeGreaterThan(0);
    expect(mj.rows).toHaveLength(4);

    for (const [args, flag] of [[['--bandwidth', '0'], '--bandwidth'], [['--latency-us', '-1'], '--latency-us'], [['--max-k', 'x'], '--max-k'], [['--t-compute-us', '0'], '--t-compute-us'], [['--trials', '3'], '--trials']] as const) {
      const e = lab(['scaling-model', ...args]);
      expect(e.status, args.join(' ')).toBe(2);
      expect(e.stderr).toContain(flag);
      expect(e.stdout).toBe('');
    }
  });
});
