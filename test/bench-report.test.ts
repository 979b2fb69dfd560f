// The benchmark's pure parts (src/bench/report.ts): rows, result checks, ratios and the Markdown. No timing is asserted.
import { describe, expect, it } from 'vitest';
import { checkMeans, formatMarkdown, formatRate, makeRow, skippedRow, speedRatio, withTarget } from '../src/bench/report';
import type { BenchResults } from '../src/bench/types';

const m = (samplesMs: number[], result = [-6, 9.01]) => ({ samplesMs, warmup: 1, result });

describe('bench report', () => {
  it('a row takes the median and derives examples/s', () => {
    const row = makeRow('stored', 'x', 1000, m([30, 10, 20]), null);
    expect(row.medianMs).toBe(20);
    expect(row.examplesPerSec).toBe(50_000);
    expect(row.valid).toBe(true);
  });

  it('a wrong answer marks the row invalid and says why', () => {
    const problem = checkMeans([-5.5, 9.01], { grad: -6, loss: 9.01, tol: 0.02, what: 'the population value' });
    expect(problem).toMatch(/expected the population value/);
    const row = makeRow('procedural', 'fast but wrong', 1000, m([1], [-5.5, 9.01]), problem);
    expect(row.valid).toBe(false);
    expect(row.note).toMatch(/^INVALID/);
    expect(checkMeans([NaN, 9], { grad: -6, loss: 9, tol: 1, what: '' })).toMatch(/non-finite/);
    expect(checkMeans([-6.000001, 9.01], { grad: -6, loss: 9.01, tol: 1e-4, relative: true, what: '' })).toBeNull();
  });

  it('ratios are the other time over the engine time, null when a row is invalid or missing', () => {
    const rows = [makeRow('p', 'engine', 10, m([100]), null), makeRow('p', 'tfjs', 10, m([250]), null), makeRow('p', 'bad', 10, m([1]), 'wrong'), skippedRow('p', 'none', 10, 'no python3')];
    expect(speedRatio(rows, { other: ['p', 'tfjs'], engine: ['p', 'engine'], target: 10 })).toMatchObject({ value: 2.5, target: 10, met: false });
    expect(speedRatio(rows, { other: ['p', 'bad'], engine: ['p', 'engine'], target: 1 }).value).toBeNull();
    expect(speedRatio(rows, { other: ['p', 'none'], engine: ['p', 'engine'], target: 1 }).met).toBeNull();
    expect(withTarget(0.75, 0.7, '').met).toBe(true);
  });

  it('formats rates and a report with every row and ratio', () => {
    expect(formatRate(12_300_000)).toBe('12.3 M/s');
    expect(formatRate(1.87e9, 'B')).toBe('1.87 GB/s');
    expect(formatRate(null)).toBe('—');
    const results: BenchResults = {
      version: 1, startedAt: 'now', totalSeconds: 1,
      machine: { cpus: 2, cpuModel: 'cpu', node: '20', python: null, numpy: null, chromium: null },
      adapter: { node: null, chromium: null, name: 'test adapter' },
      rows: [makeRow('procedural', 'engine', 10, m([1]), null), skippedRow('procedural', 'numpy f32', 10, 'no python3')],
      ceilings: { readBytesPerSec: 1e9, readConfigs: [], storedBytesPerSec: 5e8 },
      ratios: { stored_vs_ceiling: 0.5 },
      targets: { stored_vs_ceiling: withTarget(0.5, 0.7, 'x'), procedural_vs_numpy: withTarget(null, 1, 'y') },
      warnings: [],
    };
    const md = formatMarkdown(results);
    expect(md).toContain('test adapter');
    expect(md).toContain('| procedural | numpy f32 | — | — | 0 (+0) | — | SKIPPED: no python3 |');
    expect(md).toContain('| stored_vs_ceiling | 50.0% | ≥ 70% | **no** |');
    expect(md).toContain('| procedural_vs_numpy | — | ≥ 1× | n/a |');
  });
});

describe('bench contention', () => {
  it('splits machine CPU into ours, others and steal', async () => {
    const { contention } = await import('../src/bench/contention');
    const a = { total: 1000, busy: 100, steal: 10, own: 50 };
    const b = { total: 2000, busy: 900, steal: 60, own: 650 };
    expect(contention(a, b)).toEqual({ others: 0.2, steal: 0.05 });
    expect(contention(null, b)).toBeNull();
    expect(contention(b, b)).toBeNull();
    expect(contention(a, { ...b, total: 1100 })).toBeNull();   // too short to say
  });
});
