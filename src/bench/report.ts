/**
 * The benchmark's arithmetic and views, pure functions over plain data (unit-tested):
 * rows from measurements, result checks, the ratios against their targets, the Markdown.
 * @example const row = makeRow('stored', 'numpy', 1 << 24, measured, checkMeans(measured.result, EXPECTED, 0.02));
 */
import { median } from './timing';
import type { BenchResults, BenchRow, Measured, Ratio } from './types';

/** Builds a row; `problem` (from a check) marks it invalid and goes into the note. */
export function makeRow(job: string, impl: string, examples: number, m: Measured, problem: string | null, note = ''): BenchRow {
  const medianMs = median(m.samplesMs);
  const valid = problem === null && m.valid !== false;
  const notes = [note, m.note, problem ? `INVALID: ${problem}` : ''].filter(Boolean);
  return {
    job, impl, medianMs, examplesPerSec: examples / (medianMs / 1000), examples,
    runs: m.samplesMs.length, warmup: m.warmup, samplesMs: m.samplesMs.map((t) => Math.round(t * 100) / 100),
    valid, skipped: false, note: notes.join('; '), result: m.result,
  };
}

/** A row for an implementation that could not run, saying why. */
export function skippedRow(job: string, impl: string, examples: number, why: string): BenchRow {
  return { job, impl, medianMs: null, examplesPerSec: null, examples, runs: 0, warmup: 0, samplesMs: [], valid: false, skipped: true, note: `SKIPPED: ${why}`, result: null };
}

/** Expected [mean gradient, mean loss] and how far a result may be from them. */
export interface Expectation {
  grad: number;
  loss: number;
  /** Absolute tolerance, or relative when `relative` is set. */
  tol: number;
  relative?: boolean;
  /** What the expectation is, for the message. */
  what: string;
}

/** Null when [grad, loss] meets the expectation, else why not. */
export function checkMeans(result: readonly number[], e: Expectation): string | null {
  const [g, l] = result;
  if (!Number.isFinite(g) || !Number.isFinite(l)) return `non-finite result [${g}, ${l}]`;
  const off = (v: number, want: number) => (e.relative ? Math.abs(v - want) / Math.abs(want) : Math.abs(v - want));
  if (off(g, e.grad) > e.tol || off(l, e.loss) > e.tol) {
    return `[grad, loss] = [${g.toPrecision(7)}, ${l.toPrecision(7)}], expected ${e.what} [${e.grad.toPrecision(7)}, ${e.loss.toPrecision(7)}] within ${e.tol}${e.relative ? ' relative' : ''}`;
  }
  return null;
}

export interface RatioSpec {
  /** The slower (denominator-of-speed) row: [job, impl]; the ratio is its time over the engine's. */
  other: [string, string];
  engine: [string, string];
  target: number | null;
}

const find = (rows: readonly BenchRow[], [job, impl]: [string, string]) => rows.find((r) => r.job === job && r.impl === impl);

/**
 * How many times faster the engine row is than the other row (time ratio), null when either
 * is missing, skipped or invalid.
 */
export function speedRatio(rows: readonly BenchRow[], spec: RatioSpec): Ratio {
  const a = find(rows, spec.other);
  const b = find(rows, spec.engine);
  const ok = (r: BenchRow | undefined): r is BenchRow & { medianMs: number } => !!r && r.valid && r.medianMs !== null;
  const value = ok(a) && ok(b) ? a.medianMs / b.medianMs : null;
  return withTarget(value, spec.target, `${spec.other.join('/')} ms ÷ ${spec.engine.join('/')} ms`);
}

/** A ratio with its target (value must reach it) and verdict. */
export function withTarget(value: number | null, target: number | null, from: string): Ratio {
  return { value, target, met: value === null || target === null ? null : value >= target, from };
}

const fmtMs = (ms: number | null) => (ms === null ? '—' : ms >= 100 ? ms.toFixed(0) : ms.toPrecision(3));

/** 12.3 M/s, 1.02 G/s, 870 k/s. */
export function formatRate(perSec: number | null, unit = ''): string {
  if (perSec === null) return '—';
  const scales: [number, string][] = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [s, p] of scales) if (perSec >= s) return `${(perSec / s).toPrecision(3)} ${p}${unit}/s`;
  return `${perSec.toPrecision(3)} ${unit}/s`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The Markdown report: adapter, the rows, the read ceiling, the ratios against targets. */
export function formatMarkdown(r: BenchResults): string {
  const lines: string[] = [];
  lines.push(`# gradscope bench, ${r.startedAt}`, '');
  lines.push(`Adapter: ${r.adapter.name}`, '');
  lines.push(`Machine: ${r.machine.cpus} CPUs (${r.machine.cpuModel}), Node ${r.machine.node}, Python ${r.machine.python ?? '—'}, numpy ${r.machine.numpy ?? '—'}, Chromium ${r.machine.chromium ?? '—'}. Total ${r.totalSeconds.toFixed(0)} s.`, '');
  lines.push('Each time is the median of the measured runs after the warm-up runs; every run includes reading its result back.', '');
  lines.push('"CPU elsewhere" is the share of the machine\'s CPU that other processes and the hypervisor (steal) took while the row ran: on a software adapter it inflates the time.', '');
  lines.push('| job | impl | median ms | examples/s | runs (+warm-up) | CPU elsewhere | note |', '|---|---|---:|---:|---|---:|---|');
  for (const row of r.rows) {
    const mark = row.skipped ? '' : row.valid ? '' : ' ✗';
    const busy = row.contention ? `${Math.round((row.contention.others + row.contention.steal) * 100)}%` : '—';
    lines.push(`| ${row.job} | ${cell(row.impl)}${mark} | ${fmtMs(row.medianMs)} | ${formatRate(row.examplesPerSec)} | ${row.runs} (+${row.warmup}) | ${busy} | ${cell(row.note)} |`);
  }
  lines.push('');
  const c = r.ceilings;
  lines.push(`Read ceiling (vec4 read-and-sum, best of ${c.readConfigs.length} configurations): ${formatRate(c.readBytesPerSec, 'B')}; the engine's stored job reads ${formatRate(c.storedBytesPerSec, 'B')} (8 bytes per example).`, '');
  lines.push('| ratio (× faster, engine first) | value | target | met | from |', '|---|---:|---:|---|---|');
  for (const [name, t] of Object.entries(r.targets)) {
    const v = t.value === null ? '—' : name.endsWith('_ceiling') ? `${(t.value * 100).toFixed(1)}%` : `${t.value >= 1 ? t.value.toFixed(2) : t.value.toPrecision(2)}×`;
    const target = t.target === null ? '—' : name.endsWith('_ceiling') ? `≥ ${(t.target * 100).toFixed(0)}%` : `≥ ${t.target}×`;
    const met = t.met === null ? (t.target === null ? 'report' : 'n/a') : t.met ? 'yes' : '**no**';
    lines.push(`| ${name} | ${v} | ${target} | ${met} | ${cell(t.from)} |`);
  }
  if (r.warnings.length) {
    lines.push('', 'Warnings:', ...r.warnings.map((w) => `- ${w}`));
  }
  return lines.join('\n') + '\n';
}
