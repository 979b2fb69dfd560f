/**
 * Exercise 10.2.3: when does the next worker stop helping? Pure math, no GPU.
 *
 * K workers each compute a mini-batch gradient of b examples and all-reduce them, so a
 * synchronous step averages Kb examples: its value grows like 1/std = √(Kb)/σ, and it costs
 * t_compute (per worker, constant in K) plus t_comm(K), a ring all-reduce of `bytes`:
 *
 *   t_comm(K) = 2(K−1)/K · bytes/bandwidth + 2(K−1) · latency
 *   V(K) = √(Kb)/σ ÷ (t_compute + t_comm(K)),   reported as V(K)/V(1) = √K · T / (T + t_comm(K)).
 *
 * With A = 2·bytes/bandwidth, L = latency and c₀ = T + A − 2L the denominator is
 * D(K) = c₀ − A/K + 2LK, and sign V'(K) = sign h(K) with h(K) = c₀ − 3A/K − 2LK (from
 * D = 2K·D'). h is concave, so V rises only between the roots of 2LK² − c₀K + 3A = 0:
 * on K ≥ 1 the maximum is at K = 1 or at the larger root r₂ = (c₀ + √(c₀² − 24LA)) / 4L.
 * With latency > 0 the latency term grows linearly while the value grows like √K, so
 * the maximum is at finite K. With latency = 0 the ring's bandwidth term is bounded
 * (by A), so V keeps growing like √K and there is no finite maximum (kStar null).
 * K* never falls as latency falls, but it is not monotone in bandwidth: a slow link's
 * bytes term is a nearly K-independent cost that more workers amortize.
 */
import { ParamError } from './params';
import type { AdapterInfo, Model } from './types';

/** Model inputs; times in µs, bandwidth in GB/s (10⁹ bytes/s). */
export interface CommModel {
  bytes: number;
  bandwidthGBs: number;
  latencyUs: number;
}

export interface ScalingModelParams extends CommModel {
  /** Per-worker batch b (the measured t_compute is one SGD step at this b). */
  b: number;
  n: number;
  d: number;
  seed: number;
  /** The model whose SGD step is timed. */
  model: Model;
  /** Largest K in the table. */
  maxK: number;
  /** Given t_compute (µs per step); null: measure it (pipelined SGD steps at b). */
  tComputeUs: number | null;
}

export interface ScalingModelRow {
  k: number;
  tCommUs: number;
  /** V(K)/V(1). */
  valuePerTime: number;
}

export interface ScalingModelResult {
  experiment: 'scaling-model';
  params: ScalingModelParams;
  adapter: AdapterInfo | null;
  tComputeUs: number;
  /** "given" (--t-compute-us) or "measured" on the adapter. */
  tComputeSource: 'given' | 'measured';
  rows: ScalingModelRow[];
  /** argmax over all integers K ≥ 1 (not only up to maxK); null when V grows without bound. */
  kStar: number | null;
  /** V(K*)/V(1), or null. */
  bestValuePerTime: number | null;
  elapsedMs: number;
}

/** Ring all-reduce time in µs for K workers. */
export function tCommUs(k: number, m: CommModel): number {
  const bytesPerUs = m.bandwidthGBs * 1e3;
  return (2 * (k - 1) / k) * (m.bytes / bytesPerUs) + 2 * (k - 1) * m.latencyUs;
}

/** V(K)/V(1) = √K · T / (T + t_comm(K)). */
export function valuePerTime(k: number, tComputeUs: number, m: CommModel): number {
  return (Math.sqrt(k) * tComputeUs) / (tComputeUs + tCommUs(k, m));
}

/** The continuous maximizer r₂ of V on K ≥ 1 (1 when V falls from the start; Infinity when it never stops rising). */
export function continuousKStar(tComputeUs: number, m: CommModel): number {
  const A = (2 * m.bytes) / (m.bandwidthGBs * 1e3);
  const L = m.latencyUs;
  if (L === 0) return Infinity;
  const c0 = tComputeUs + A - 2 * L;
  const disc = c0 * c0 - 24 * L * A;
  if (disc < 0) return 1;
  const r2 = (c0 + Math.sqrt(disc)) / (4 * L);
  return Math.max(1, r2);
}

/** The integer argmax K* ≥ 1 (the smallest on a tie), or null when latency is 0. */
export function kStar(tComputeUs: number, m: CommModel): number | null {
  const r = continuousKStar(tComputeUs, m);
  if (!Number.isFinite(r)) return null;
  const candidates = [1, Math.floor(r), Math.ceil(r)].filter((k) => k >= 1);
  return candidates.reduce((best, k) => (valuePerTime(k, tComputeUs, m) > valuePerTime(best, tComputeUs, m) ? k : best), 1);
}

/** The table K = 1..maxK. */
export function scalingRows(tComputeUs: number, m: CommModel, maxK: number): ScalingModelRow[] {
  const rows: ScalingModelRow[] = [];
  for (let k = 1; k <= maxK; k++) rows.push({ k, tCommUs: tCommUs(k, m), valuePerTime: valuePerTime(k, tComputeUs, m) });
  return rows;
}

export const SCALING_DEFAULTS = { b: 256, n: 2 ** 24, d: 1, seed: 0, bandwidthGBs: 10, latencyUs: 5, maxK: 64 };

/**
 * Inputs of the model in [1e-9, 1e12] (or 0 where allowed): wide enough for any real link
 * or step, and narrow enough that the closed form's products stay far inside f64's range.
 */
function positive(flag: string, v: number, allowZero: boolean): number {
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) throw new ParamError(flag, `must be a finite number ${allowZero ? '>= 0' : '> 0'}, got ${v}`);
  if (v !== 0 && (v < 1e-9 || v > 1e12)) throw new ParamError(flag, `must be from 1e-9 to 1e12${allowZero ? ' (or 0)' : ''}, got ${v}`);
  return v;
}

function int(flag: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new ParamError(flag, `must be an integer from ${min} to ${max}, got ${v}`);
  return v;
}

/** Complete, validated parameters; bytes default to the gradient vector, 4·d. */
/** The model flag, validated (the data's other settings do not change a step's cost). */
function modelName(m: unknown): Model {
  if (m === undefined) return 'linreg';
  if (m !== 'linreg' && m !== 'logreg') throw new ParamError('--model', `must be linreg or logreg, got "${String(m)}"`);
  return m;
}

export function scalingModelParams(p: Partial<ScalingModelParams> = {}): ScalingModelParams {
  const d = int('--d', p.d ?? SCALING_DEFAULTS.d, 1, 16);
  return {
    b: int('--b', p.b ?? SCALING_DEFAULTS.b, 1, 2 ** 24),
    n: int('--n', p.n ?? SCALING_DEFAULTS.n, 1, 0xffffffff),
    d,
    seed: int('--seed', p.seed ?? SCALING_DEFAULTS.seed, 0, 0xffffffff),
    model: modelName(p.model),
    bytes: positive('--bytes', p.bytes ?? 4 * d, true),
    bandwidthGBs: positive('--bandwidth', p.bandwidthGBs ?? SCALING_DEFAULTS.bandwidthGBs, false),
    latencyUs: positive('--latency-us', p.latencyUs ?? SCALING_DEFAULTS.latencyUs, true),
    maxK: int('--max-k', p.maxK ?? SCALING_DEFAULTS.maxK, 1, 1_000_000),
    tComputeUs: p.tComputeUs == null ? null : positive('--t-compute-us', p.tComputeUs, false),
  };
}

/** The result, from validated params and t_compute. */
export function scalingModel(params: ScalingModelParams, tComputeUs: number, adapter: AdapterInfo | null, source: 'given' | 'measured', elapsedMs = 0): ScalingModelResult {
  const ks = kStar(tComputeUs, params);
  return {
    experiment: 'scaling-model', params, adapter, tComputeUs, tComputeSource: source,
    rows: scalingRows(tComputeUs, params, params.maxK),
    kStar: ks,
    bestValuePerTime: ks === null ? null : valuePerTime(ks, tComputeUs, params),
    elapsedMs,
  };
}

const g = (x: number) => x.toPrecision(4);

/** Terminal table: K = powers of two up to maxK, and K* with its neighbours; then the statement. */
export function formatScalingReport(r: ScalingModelResult): string {
  const p = r.params;
  const show = new Set<number>();
  for (let k = 1; k <= p.maxK; k *= 2) show.add(k);
  show.add(p.maxK);
  if (r.kStar !== null) for (const k of [r.kStar - 1, r.kStar, r.kStar + 1]) if (k >= 1 && k <= p.maxK) show.add(k);
  const lines = [
    `scaling model (Exercise 10.2.3): b = ${p.b} per worker, t_compute = ${g(r.tComputeUs)} µs/step (${r.tComputeSource === 'measured' ? `measured, ${p.model}` : 'given'})`,
    `ring all-reduce of ${p.bytes} bytes at ${p.bandwidthGBs} GB/s, latency ${p.latencyUs} µs: t_comm(K) = 2(K−1)/K·bytes/bw + 2(K−1)·latency`,
    'K        t_comm µs    value/time (K=1 → 1)',
  ];
  for (const k of [...show].sort((a, b) => a - b)) {
    const row = r.rows[k - 1];
    lines.push(`${String(k).padEnd(8)} ${g(row.tCommUs).padEnd(12)} ${g(row.valuePerTime)}${k === r.kStar ? '   ← K*' : ''}`);
  }
  if (r.kStar === null) {
    lines.push('K* = none: with zero latency the ring\'s bandwidth term stays below 2·bytes/bw, so value/time keeps growing like √K.');
  } else {
    lines.push(`K* = ${r.kStar}: value per unit time peaks at ${g(r.bestValuePerTime!)}× the single worker's${r.kStar > p.maxK ? ` (beyond --max-k ${p.maxK})` : ''}.`);
    lines.push('Each worker adds b examples but the noise falls only like 1/√(Kb), while the all-reduce cost grows linearly in K: past K* the extra communication costs more than the √K gain in signal.');
  }
  return lines.join('\n');
}
