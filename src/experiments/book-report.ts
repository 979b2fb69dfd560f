/**
 * The chapter program's printout (Output 10.2.1), byte for byte as python3 prints it,
 * trailing spaces included, with the headers showing the actual parameters. The program's
 * problem is scalar; with d > 1 the same layout shows each vector as [a, b, …], and the
 * ratio column is the RMS std ratio (QualityRow.ratio). Logistic regression (not the
 * chapter's) adds the full-data loss and accuracy to the same layout.
 */

import { floatRepr, formatFixed, pyPercent } from '../reference/pyformat';
import type { BookResult, QualityResult, TrajectoryResult } from './types';

/**
 * Part 1 of the printout: the header line and the table, one line per batch size, the
 * ratio column being std/prev of coordinate 0. Lines are joined by "\n", no final newline.
 *
 * @example
 * formatQualityReport(runBookF64({ ...BOOK_DEFAULTS }).quality).split('\n')[0];
 * // "gradient-estimate quality at w = 0.0   (true full gradient g = -5.9093)"
 */
export function formatQualityReport(quality: QualityResult): string {
  const scalar = quality.params.d === 1;
  coordinate0(quality.fullGradient, 'quality.fullGradient');
  // Without replacement the table adds the finite-population correction and the expected std;
  // the chapter's layout (with replacement) is unchanged.
  const without = quality.params.sampling === 'without';
  const lines = [
    `gradient-estimate quality at w = ${reprs(quality.params.w)}   (true full gradient g = ${fixed(quality.fullGradient)})${logisticNote(quality)}`,
    without
      ? pyPercent('%-8s %-14s %-14s %-8s %-14s', ['batch b', 'mean est.', 'std of est.', 'FPC', 'expected std'])
      : pyPercent('%-8s %-14s %-14s', ['batch b', 'mean est.', 'std of est.']),
  ];
  let prev: number | null = null;
  for (const row of quality.rows) {
    const std = coordinate0(row.std, `std of batch ${row.batch}`);
    // The program divides by the previous std; a zero one (every estimate equal) has no ratio.
    const ratio = scalar ? (prev === null || prev === 0 ? null : std / prev) : row.ratio;
    const ratioText = ratio === null || !Number.isFinite(ratio) ? '' : pyPercent('   (%.2fx vs prev)', [ratio]);
    const extra = without ? ` ${pyPercent('%-8.4f', [row.fpc ?? 1])} ${row.expectedStd ? cell(row.expectedStd) : pyPercent('%-14s', ['-'])}` : '';
    lines.push(`${pyPercent('%-8d ', [row.batch])}${cell(row.mean)} ${cell(row.std)}${extra}${ratioText}`);
    prev = std;
  }
  return lines.join('\n');
}

/**
 * Part 2 of the printout: the header line and one line per batch size with the recorded
 * steps and the final w. Lines are joined by "\n", no final newline.
 *
 * @example
 * formatTrajectoryReport(runBookF64({ ...BOOK_DEFAULTS }).trajectory).split('\n')[0];
 * // "loss trajectory (lr = 0.05, 60 steps), small vs large batch"
 */
export function formatTrajectoryReport(trajectory: TrajectoryResult): string {
  const { lr, steps, momentum, dampening, nesterov, weightDecay } = trajectory.params;
  // The chapter's header for plain SGD; torch.optim.SGD's options only when they are set.
  const options = [
    momentum ? `momentum = ${floatRepr(momentum)}` : '', dampening ? `dampening = ${floatRepr(dampening)}` : '',
    nesterov ? 'nesterov' : '', weightDecay ? `weight decay = ${floatRepr(weightDecay)}` : '',
  ].filter((o) => o !== '').map((o) => `, ${o}`).join('');
  const logistic = trajectory.params.model === 'logreg';
  const lines = [`loss trajectory (${logistic ? 'logistic regression, ' : ''}lr = ${floatRepr(lr)}${options}, ${steps} steps), small vs large batch`];
  for (const run of trajectory.runs) {
    const last = run.points[run.points.length - 1];
    if (last === undefined) throw new RangeError(`trajectory run for batch ${run.batch} has no points`);
    const tail = run.points.map((pt) => pyPercent('t=%-2d L=%.4f', [pt.step, pt.loss]) + (logistic ? pyPercent(' A=%.3f', [pt.accuracy ?? NaN]) : '')).join('  ');
    coordinate0(last.w, 'w');
    lines.push(pyPercent('batch b=%-4d -> %s  (final w=%s)', [run.batch, tail, fixed(last.w)]));
  }
  return lines.join('\n');
}

/**
 * The whole stdout of the program: Part 1, a blank line, Part 2, and the final newline
 * that print() leaves. For the defaults it equals what python3 prints for Code 10.2.1.
 *
 * @example
 * process.stdout.write(formatBookReport(runBookF64({ ...BOOK_DEFAULTS })));
 */
export function formatBookReport(result: BookResult): string {
  return `${formatQualityReport(result.quality)}\n\n${formatTrajectoryReport(result.trajectory)}\n`;
}

/** Logistic regression's full-data loss and accuracy at the probe point; '' for least squares. */
function logisticNote(q: QualityResult): string {
  return q.params.model === 'logreg' ? pyPercent('   [logistic: loss %.4f, accuracy %.4f]', [q.fullLoss, q.fullAccuracy ?? NaN]) : '';
}

/** %.4f of a scalar, or [a, b, …] of a vector. */
function fixed(v: readonly number[]): string {
  return v.length === 1 ? formatFixed(v[0], 4) : `[${v.map((x) => formatFixed(x, 4)).join(', ')}]`;
}

/** Python's str() of a float, or [a, b, …]. */
function reprs(v: readonly number[]): string {
  return v.length === 1 ? floatRepr(v[0]) : `[${v.map(floatRepr).join(', ')}]`;
}

/** A table cell as the program's %-14.4f: left-aligned in 14 columns. */
function cell(v: readonly number[]): string {
  return fixed(v).padEnd(14);
}

function coordinate0(values: readonly number[], what: string): number {
  const v = values[0];
  if (v === undefined) throw new RangeError(`${what} is empty: the book report prints coordinate 0`);
  return v;
}
