/**
 * How the page prints numbers: the chapter program's formats (%.4f for estimates, losses
 * and weights; %.2fx for the std ratio), and the throughput table's (the CLI's). The e2e
 * test imports these to compare the page with the CLI's JSON, so the table and the test
 * can never disagree on rounding.
 */
import { formatMicros, formatRate } from '../experiments/throughput-report';

/**
 * Names of the formats a table cell can declare in its data-format attribute: also 'sig4'
 * (4 significant digits, the noise-scale and scaling-model reports' %.4g-like style),
 * 'exp2' (2-digit exponent form, the workers report's max |difference|) and 'g6' (6
 * significant digits, trailing zeros dropped: the lr-scaling report's rates, 0.113137).
 */
export type FormatName = 'fixed4' | 'ratio' | 'int' | 'rate' | 'us' | 'sig4' | 'exp2' | 'g6';

/** Python's "%.4f" for finite values; "nan" / "inf" / "-inf" otherwise, as Python prints them. */
export function fixed(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toFixed(digits);
}

/**
 * Formats `value` as the named format.
 * @example format(0.5123, 'ratio') === '0.51x'
 */
export function format(value: number | null, name: FormatName): string {
  if (value === null) return '';
  if (name === 'ratio') return `${fixed(value, 2)}x`;
  if (name === 'int') return String(value);
  if (name === 'rate') return formatRate(value);
  if (name === 'us') return formatMicros(value);
  if (!Number.isFinite(value) && (name === 'sig4' || name === 'exp2' || name === 'g6')) return fixed(value);
  if (name === 'sig4') return value.toPrecision(4);
  if (name === 'g6') return String(Number(value.toPrecision(6)));
  if (name === 'exp2') return value.toExponential(2);
  return fixed(value, 4);
}

/** A duration in ms as "840 ms" or "12.3 s". */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
