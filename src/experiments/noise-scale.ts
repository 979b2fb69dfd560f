/**
 * The gradient noise scale B_simple = tr(Σ)/|G|² (McCandlish et al. 2018): pure math.
 *
 * - perExample: from M per-example gradients g_i: ḡ, tr Σ̂ = (Σ|g_i|² − M|ḡ|²)/(M − 1),
 *   |G|²̂ = |ḡ|² − tr Σ̂/M (unbiased), B = tr Σ̂ / |G|²̂.
 * - twoBatch: Appendix A's unbiased estimators from batch means at B_small and B_big, with
 *   |G_b|² averaged over rows before dividing:
 *   |G|² ≈ (B_big|G_big|² − B_small|G_small|²)/(B_big − B_small),
 *   tr Σ ≈ (|G_small|² − |G_big|²)/(1/B_small − 1/B_big).
 * - analytic: isotropic least squares (x ~ N(0, I_d), y = w_true·x + s·ε) at w, with
 *   δ = w − w_true: |G|² = 4|δ|², tr Σ = 4d(|δ|² + s²) + 4|δ|². None for logistic regression.
 */
import { ParamError, qualityParams } from './params';
import type { AdapterInfo, Model, QualityParams, ThroughputMode, ThroughputResult, Tuning } from './types';

export interface NoiseScaleParams {
  n: number; d: number; seed: number; model: Model; wTrue: number[]; noise: number; margin: number;
  /** Probe point for the three estimates. */
  w: number[];
  /** Per-example gradients read back (M), at most 2^20. */
  samples: number;
  bSmall: number; bBig: number;
  /** Batch means per size for the two-batch estimate. */
  rows: number;
  /** Training run for the trace: SGD from w = 0 at bSmall. */
  lr: number; steps: number;
}

export interface NoiseScaleResult {
  experiment: 'noise-scale';
  params: NoiseScaleParams;
  adapter: AdapterInfo;
  /** analytic: the least-squares closed form; null for logreg. */
  bSimple: { perExample: number; twoBatch: number; analytic: number | null };
  /** |G|² and tr Σ behind each estimate. */
  parts: { perExample: { g2: number; trace: number }; twoBatch: { g2: number; trace: number }; analytic: { g2: number; trace: number } | null };
  /** B_simple, the closed form, and the mean loss of the M examples, before step `step`'s update. */
  trace: { step: number; bSimple: number; analytic: number | null; loss: number }[];
  /** First traced step at which w or the loss was no longer finite (the trace stops there), or null. */
  traceDivergedAt: number | null;
  /** B_simple against a throughput run's b_sat, when one was given (--throughput FILE). */
  saturation?: SaturationComparison;
  elapsedMs: number;
  tuning?: Tuning;
}

/** Where the statistics stop rewarding bigger batches (B_simple) against where the hardware saturates (b_sat). */
export interface SaturationComparison {
  bSat: Record<ThroughputMode, number | null>;
  /** B_simple at the probe point, and its range over the probe and the trace. */
  bSimple: { probe: number; min: number; max: number };
  reading: string;
}

/** What a saved throughput run tells: b_sat per mode, whether that b_sat is the largest b measured, and its problem. */
export interface SavedThroughput {
  bSat: Record<ThroughputMode, number | null>;
  largestBatch: number | null;
  d: number | null;
  model: string | null;
}

/** What a throughput result (the page's last run, or a saved --json) tells the comparison. */
export function savedThroughput(t: Pick<ThroughputResult, 'bSat' | 'rows' | 'params'>): SavedThroughput {
  return { bSat: t.bSat, largestBatch: t.rows.length > 0 ? Math.max(...t.rows.map((row) => row.batch)) : null, d: t.params.d, model: t.params.model };
}

/**
 * Compares B_simple with b_sat (pipelined, else sync). Below b_sat a step costs about the
 * same time whatever b, so batches up to b_sat are free per step; past B_simple a bigger
 * batch no longer cuts the number of steps much (McCandlish et al.: B_crit ≈ B_simple).
 */
export function compareWithSaturation(r: Pick<NoiseScaleResult, 'bSimple' | 'trace' | 'params'>, saved: SavedThroughput): SaturationComparison {
  const probe = r.bSimple.perExample;
  const all = [probe, ...r.trace.map((t) => t.bSimple)].filter((x) => Number.isFinite(x) && x > 0);
  const [min, max] = all.length > 0 ? [Math.min(...all), Math.max(...all)] : [NaN, NaN];
  const { bSat } = saved;
  const sat = bSat.pipelined ?? bSat.sync;
  const range = `B_simple (${g(min)} to ${g(max)})`;
  let reading: string;
  if (sat === null || !Number.isFinite(min)) reading = sat === null ? 'the throughput run has no b_sat to compare with' : 'no positive B_simple estimate to compare with';
  else if (max < sat) {
    reading = `${range} < b_sat (${sat}): up to b_sat a step costs about the same time, but past B_simple `
      + 'bigger batches barely cut the step count; the statistics, not this device, limit the useful batch';
  } else if (min > sat) {
    reading = `${range} > b_sat (${sat}): this device saturates first, while batches up to B_simple `
      + 'would still cut the step count nearly in proportion: more devices (workers) would pay off';
  } else {
    reading = `b_sat (${sat}) lies within ${range} along training: early in training the device is the limit, later the statistics`;
  }
  const caveats = [
    sat !== null && sat === saved.largestBatch ? `b_sat is the largest b that run measured, so the device may saturate later` : '',
    saved.d !== null && saved.d !== r.params.d ? `that run had d = ${saved.d}, this one d = ${r.params.d}` : '',
    saved.model !== null && saved.model !== r.params.model ? `that run timed ${saved.model}, this one is ${r.params.model}` : '',
  ].filter((c) => c !== '');
  if (caveats.length > 0) reading += ` (${caveats.join('; ')})`;
  return { bSat, bSimple: { probe, min, max }, reading };
}

/** Closed form on isotropic least squares. */
export function analyticNoise(w: readonly number[], wTrue: readonly number[], noise: number): { g2: number; trace: number; bSimple: number } {
  const delta2 = w.reduce((a, x, j) => a + (x - wTrue[j]) ** 2, 0);
  const d = w.length;
  const g2 = 4 * delta2;
  const trace = 4 * d * (delta2 + noise * noise) + 4 * delta2;
  return { g2, trace, bSimple: trace / g2 };
}

/** From per-example gradients: `rows` is M × width (gradient first) as the engine returns for b = 1. */
export function perExampleNoise(rows: ArrayLike<number>, m: number, d: number, width = d + 1): { g2: number; trace: number; bSimple: number } {
  const sum = Array<number>(d).fill(0);
  let sq = 0;
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < d; c++) {
      const g = rows[i * width + c];
      sum[c] += g;
      sq += g * g;
    }
  }
  const mean2 = sum.reduce((a, s) => a + (s / m) ** 2, 0);
  const trace = (sq - m * mean2) / (m - 1);
  const g2 = mean2 - trace / m;
  return { g2, trace, bSimple: trace / g2 };
}

/** Mean of |row mean|² over rows of batch sums (rows × width, gradient first, each a sum of b gradients). */
export function meanSquaredNorm(sums: ArrayLike<number>, rows: number, d: number, b: number, width = d + 1): number {
  let acc = 0;
  for (let r = 0; r < rows; r++) for (let c = 0; c < d; c++) acc += (sums[r * width + c] / b) ** 2;
  return acc / rows;
}

/** McCandlish et al. Appendix A, from row-averaged |G_small|² and |G_big|². */
export function twoBatchNoise(gSmall2: number, bSmall: number, gBig2: number, bBig: number): { g2: number; trace: number; bSimple: number } {
  const g2 = (bBig * gBig2 - bSmall * gSmall2) / (bBig - bSmall);
  const trace = (gSmall2 - gBig2) / (1 / bSmall - 1 / bBig);
  return { g2, trace, bSimple: trace / g2 };
}

export const NOISE_DEFAULTS = { n: 1 << 20, samples: 1 << 16, bSmall: 16, bBig: 256, rows: 10000, lr: 0.05, steps: 40 };

function int(flag: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new ParamError(flag, `must be an integer from ${min} to ${max}, got ${v}`);
  return v;
}

/**
 * Complete, validated parameters: the problem and the probe w checked as the quality
 * experiment checks them (n defaults to NOISE_DEFAULTS.n here), then the noise-scale fields.
 */
export function noiseScaleParams(problem: Partial<QualityParams> = {}, p: Partial<NoiseScaleParams> = {}): NoiseScaleParams {
  const q = qualityParams({ ...problem, n: problem.n ?? NOISE_DEFAULTS.n });
  const base = { n: q.n, d: q.d, seed: q.seed, model: q.model, wTrue: q.wTrue, noise: q.noise, margin: q.margin, w: q.w };
  const bSmall = int('--b-small', p.bSmall ?? NOISE_DEFAULTS.bSmall, 1, 65536);
  const bBig = int('--b-big', p.bBig ?? NOISE_DEFAULTS.bBig, 2, 65536);
  if (bBig <= bSmall) throw new ParamError('--b-big', `must be larger than --b-small (${bSmall}), got ${bBig}`);
  const rows = int('--rows', p.rows ?? NOISE_DEFAULTS.rows, 2, 1_000_000);
  if (rows * bBig > 2 ** 28) throw new ParamError('--rows', `rows × --b-big is ${rows * bBig} examples (limit 2^28)`);
  const lr = p.lr ?? NOISE_DEFAULTS.lr;
  if (!Number.isFinite(lr) || lr < 0) throw new ParamError('--lr', `must be a finite number >= 0, got ${lr}`);
  const delta2 = base.w.reduce((a, x, j) => a + (x - base.wTrue[j]) ** 2, 0);
  if (delta2 === 0 && base.model === 'linreg') throw new ParamError('--w', 'must differ from --w-true: at the optimum |G|² = 0 and B_simple is infinite');
  return {
    ...base,
    samples: int('--samples', p.samples ?? NOISE_DEFAULTS.samples, 2, 1 << 20),
    bSmall, bBig, rows, lr,
    steps: int('--steps', p.steps ?? NOISE_DEFAULTS.steps, 1, 100_000),
  };
}

/** One notation for every magnitude: 4 significant digits, exponent form far from 1. */
const g = (x: number | null) => {
  if (x === null || !Number.isFinite(x)) return String(x);
  return x !== 0 && (Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toPrecision(4);
};

/** A row of the estimates table; unmeasured (a stopped run) and negative estimates are said so. */
function estimateRow(name: string, part: { g2: number; trace: number } | null, bSimple: number | null, note: string, remedy: string): string {
  if (!part || !Number.isFinite(part.g2) || !Number.isFinite(part.trace)) return `${name.padEnd(13)} (not measured: the run stopped first)`;
  const caution = part.g2 <= 0 || part.trace <= 0 ? `; negative: sampling noise swamps this estimate, raise ${remedy}` : '';
  return `${name.padEnd(13)} ${g(part.g2).padEnd(11)} ${g(part.trace).padEnd(11)} ${g(bSimple).padEnd(10)} (${note}${caution})`;
}

/** Terminal report (also of a stopped run: what finished). */
export function formatNoiseReport(r: NoiseScaleResult): string {
  const p = r.params;
  const lines = [
    `gradient noise scale B_simple = tr(Σ)/|G|² at w = ${p.w.join(', ')} (${p.model}, d = ${p.d}, ${p.model === 'logreg' ? `label flips ${p.noise}, margin ${p.margin}` : `noise ${p.noise}`})`,
    'estimate      |G|²        tr(Σ)       B_simple',
    estimateRow('per-example', r.parts.perExample, r.bSimple.perExample, `M = ${p.samples} per-example gradients`, '--samples'),
    estimateRow('two-batch', r.parts.twoBatch, r.bSimple.twoBatch, `b = ${p.bSmall} and ${p.bBig}, ${p.rows} batches each`, '--rows'),
    r.parts.analytic ? estimateRow('analytic', r.parts.analytic, r.bSimple.analytic, 'closed form, isotropic least squares', '') : 'analytic      (no closed form for logistic regression)',
    `along SGD from w = 0 (b = ${p.bSmall}, lr ${p.lr}): per-example B_simple${r.parts.analytic ? ', analytic' : ''}, and the loss over the M examples`,
    ...r.trace.map((t) => `  step ${String(t.step).padEnd(6)} ${g(t.bSimple).padEnd(10)} ${t.analytic === null ? '' : g(t.analytic).padEnd(10)} loss ${g(t.loss)}`),
  ];
  if (r.traceDivergedAt !== null) lines.push(`  diverged: the loss or w is no longer finite from step ${r.traceDivergedAt}; try a smaller --lr`);
  if (r.saturation) lines.push(`against throughput: b_sat pipelined ${r.saturation.bSat.pipelined ?? '-'}, sync ${r.saturation.bSat.sync ?? '-'}`, `  ${r.saturation.reading}`);
  if (r.traceDivergedAt === null && r.trace.length > 1) lines.push('B_simple grows as w approaches the optimum: |G|² shrinks while the noise floor stays, so larger batches become useful.');
  return lines.join('\n');
}
