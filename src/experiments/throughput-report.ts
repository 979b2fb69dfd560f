/**
 * The throughput experiment's terminal table: one line per b with both modes side by
 * side, then b_sat per mode. The number formats are shared with the page's table.
 * @example formatRate(3_412_000) === '3.41 M'; formatMicros(95.04) === '95.0'
 */
import { SATURATION, peakRate, saturatedAtEnd } from './saturation';
import type { ThroughputMode, ThroughputResult, ThroughputRow } from './types';

const SI: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

/** Examples per second, 3 significant digits with an SI prefix: "3.41 M", "812 k", "95.2". */
export function formatRate(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const [scale, prefix] = SI.find(([s]) => Math.abs(v) >= s) ?? [1, ''];
  return `${(v / scale).toPrecision(3)}${prefix ? ` ${prefix}` : ''}`;
}

/** Microseconds: 3 significant digits below 1000 ("95.0", "1.23"), whole numbers above ("32788"). */
export function formatMicros(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1000 ? String(Math.round(v)) : v.toPrecision(3);
}

/** Each b with its row per mode (undefined where a partial run stopped). */
export function rowsByBatch(r: ThroughputResult): { batch: number; sync?: ThroughputRow; pipelined?: ThroughputRow }[] {
  const batches = [...new Set(r.rows.map((row) => row.batch))];
  return batches.map((batch) => ({
    batch,
    sync: r.rows.find((row) => row.batch === batch && row.mode === 'sync'),
    pipelined: r.rows.find((row) => row.batch === batch && row.mode === 'pipelined'),
  }));
}

/** The timer column: "gpu" or "wall", or "sync/pipelined" when the two rows differ. */
export function timerLabel(sync?: ThroughputRow, pipelined?: ThroughputRow): string {
  const kinds = [sync?.timer, pipelined?.timer].filter((t) => t !== undefined);
  return new Set(kinds).size <= 1 ? (kinds[0] ?? '') : kinds.join('/');
}

/** One sentence on how the rows were timed. */
export function timerNote(r: ThroughputResult): string {
  const min = `spans of at least ${r.params.steps} steps and ${r.params.minTimeMs} ms`;
  if (r.params.timer === 'wall') return `timer: host wall clock (--timer wall); ${min}`;
  if (!r.timestampQuery) return `timer: host wall clock (this device has no timestamp-query); ${min}`;
  const wall = r.rows.filter((row) => row.timer === 'wall').length;
  return `timer: GPU timestamp queries${wall ? ` (${wall} row(s) fell back to the wall clock: non-positive deltas)` : ''}; ${min}`;
}

/** "b_sat (…): sync 4096 (peak 3.41 M ex/s), pipelined 1024 (…)". */
export function saturationLine(r: ThroughputResult): string {
  const part = (mode: ThroughputMode) => {
    const b = r.bSat[mode];
    if (b === null) return `${mode} -`;
    const end = saturatedAtEnd(r.rows, b, mode) ? ', the largest b measured: it may not have levelled off' : '';
    return `${mode} ${b} (peak ${formatRate(peakRate(r.rows, mode))} ex/s${end})`;
  };
  return `b_sat (smallest b at ${SATURATION * 100}% of the peak examples/s): ${part('sync')}, ${part('pipelined')}`;
}

/** The whole report, lines joined by "\n", no final newline. */
export function formatThroughputReport(r: ThroughputResult): string {
  const cols = ['batch b', 'sync ex/s', 'sync µs/step', 'pipelined ex/s', 'pipelined µs/step', 'timer'];
  const widths = [9, 12, 14, 16, 19, 6];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : i === cells.length - 1 ? `  ${c}` : c.padStart(widths[i]))).join('').trimEnd();
  const cell = (row: ThroughputRow | undefined, f: (x: ThroughputRow) => string) => (row ? f(row) : '-');
  const lines = [
    `throughput: mini-batch SGD steps (sample b, per-example gradients, reduce, update w) on the GPU, ${r.params.model}, d = ${r.params.d}`,
    'sync: the host reads each step\'s estimate back; pipelined: all steps of a span in one submission, no read-back',
    timerNote(r),
    line(cols),
    ...rowsByBatch(r).map(({ batch, sync, pipelined }) => line([
      String(batch),
      cell(sync, (x) => formatRate(x.examplesPerSec)), cell(sync, (x) => formatMicros(x.usPerStep)),
      cell(pipelined, (x) => formatRate(x.examplesPerSec)), cell(pipelined, (x) => formatMicros(x.usPerStep)),
      timerLabel(sync, pipelined),
    ])),
    saturationLine(r),
  ];
  return lines.join('\n');
}
