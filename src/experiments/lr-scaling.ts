/**
 * Learning-rate scaling, the chapter's practical example (Section 6). A baseline at batch b
 * with rate η, then K workers × b, which is one step at global batch K·b (Section 5), with
 *   same:    η, the under-stepped run of the example;
 *   linear:  K·η;
 *   warmup:  K·η, reached linearly from η over the first `warmup` epochs;
 *   sqrt:    √K·η.
 * Every run takes the same number of epochs of epoch-shuffled data (a new permutation per
 * epoch, drop_last, as a DataLoader with shuffle=True), so the big-batch runs take K times
 * fewer steps. This module is the math and the validation; lr-scaling-run.ts runs it.
 */
import { ParamError, finite, integer, problem } from './params';
import type { AdapterInfo, Model, Tuning } from './types';

export const LR_VARIANTS = ['baseline', 'same', 'linear', 'warmup', 'sqrt'] as const;
export type LrVariant = (typeof LR_VARIANTS)[number];

export interface LrScalingParams {
  n: number; d: number; seed: number; model: Model; wTrue: number[]; noise: number; margin: number;
  /** Baseline batch, and each worker's batch. */
  b: number;
  /** Workers: the big-batch runs use K·b. */
  k: number;
  /** Baseline rate η. */
  lr: number;
  epochs: number;
  /** Warmup length in epochs (the warmup variant only). */
  warmup: number;
}

export interface LrScalingPoint {
  step: number;
  /** Epochs done after this step. */
  epoch: number;
  /** Full-data loss and (logreg) accuracy after the step. */
  loss: number;
  accuracy: number | null;
}

export interface LrScalingRun {
  variant: LrVariant;
  batch: number;
  /** The rate after warmup. */
  lr: number;
  steps: number;
  warmupSteps: number;
  points: LrScalingPoint[];
  finalLoss: number;
  finalAccuracy: number | null;
  /**
   * (final loss − baseline's) / (initial loss − baseline's): the share of the baseline's
   * progress this run misses (0: recovers it; negative: better); null for the baseline.
   */
  shortfall: number | null;
  /** First recorded step whose loss is not finite, or null. */
  divergedAt: number | null;
}

export interface LrScalingResult {
  experiment: 'lr-scaling';
  params: LrScalingParams;
  adapter: AdapterInfo;
  /** Full-data loss and accuracy at w = 0, where every run starts. */
  initial: { loss: number; accuracy: number | null };
  runs: LrScalingRun[];
  elapsedMs: number;
  tuning?: Tuning;
}

/** A run "recovers" the baseline when it misses at most this share of the baseline's progress. */
export const RECOVERY_SHORTFALL = 0.05;

/**
 * Defaults chosen so the example's story shows on logistic data: 2 epochs give the baseline
 * 4096 steps, and the 128 steps at the same rate fall far short (about half the baseline's
 * progress); √K·η falls a little short; K·η = 0.64 is well inside the stable range (the
 * logistic loss's curvature is at most 0.25·λmax(E[xxᵀ])), so linear scaling recovers the
 * baseline with or without warmup. Accuracy only needs the direction of w, which every run
 * finds within a few steps here: the loss is what tells the runs apart.
 */
export const LR_SCALING_DEFAULTS = { model: 'logreg' as Model, n: 65536, d: 8, noise: 0.05, b: 32, k: 32, lr: 0.02, epochs: 2, warmup: 0.5 };

/** Complete, validated parameters from partial input (GPU RNG only: epochs are GPU-shuffled). */
export function lrScalingParams(p: Partial<LrScalingParams> & { rng?: string } = {}): LrScalingParams {
  if (p.rng !== undefined && p.rng !== 'gpu') throw new ParamError('--rng', 'the lr-scaling experiment uses the GPU RNG only');
  const base = problem({ ...p, rng: 'gpu', model: p.model ?? LR_SCALING_DEFAULTS.model, n: p.n ?? LR_SCALING_DEFAULTS.n, d: p.d ?? LR_SCALING_DEFAULTS.d, noise: p.noise ?? LR_SCALING_DEFAULTS.noise });
  const b = integer('--b', p.b ?? LR_SCALING_DEFAULTS.b, 1, 2 ** 24);
  const k = integer('--k', p.k ?? LR_SCALING_DEFAULTS.k, 2, 4096);
  if (k * b > base.n) throw new ParamError('--k', `K·b = ${k * b} must be at most n = ${base.n}: every epoch needs a whole global batch`);
  const lr = finite('--lr', p.lr ?? LR_SCALING_DEFAULTS.lr, 0);
  if (lr === 0) throw new ParamError('--lr', 'must be > 0: with rate 0 nothing trains');
  const epochs = integer('--epochs', p.epochs ?? LR_SCALING_DEFAULTS.epochs, 1, 1000);
  const warmup = finite('--warmup', p.warmup ?? LR_SCALING_DEFAULTS.warmup, 0);
  if (warmup > epochs) throw new ParamError('--warmup', `must be at most --epochs (${epochs}), got ${warmup}`);
  const steps = epochs * Math.floor(base.n / b);
  if (steps > 1_000_000) {
    const fix = epochs > 1 ? 'use fewer --epochs, a larger --b or a smaller --n' : 'use a larger --b or a smaller --n';
    throw new ParamError(epochs > 1 ? '--epochs' : '--n', `the baseline would take ${steps} steps (limit 10^6): ${fix}`);
  }
  return { n: base.n, d: base.d, seed: base.seed, model: base.model, wTrue: base.wTrue, noise: base.noise, margin: base.margin, b, k, lr, epochs, warmup };
}

export interface LrSchedule {
  batch: number;
  /** Rate after warmup. */
  lr: number;
  steps: number;
  stepsPerEpoch: number;
  warmupSteps: number;
  /** Rate of step t. */
  at: (t: number) => number;
}

/** A variant's batch, step count and rate schedule. */
export function lrSchedule(variant: LrVariant, p: LrScalingParams): LrSchedule {
  const batch = variant === 'baseline' ? p.b : p.k * p.b;
  const stepsPerEpoch = Math.floor(p.n / batch);
  const steps = p.epochs * stepsPerEpoch;
  const lr = { baseline: p.lr, same: p.lr, linear: p.k * p.lr, warmup: p.k * p.lr, sqrt: Math.sqrt(p.k) * p.lr }[variant];
  const warmupSteps = variant === 'warmup' ? Math.min(steps, Math.round(p.warmup * stepsPerEpoch)) : 0;
  // Linear ramp from η: step t < W runs at η + (Kη − η)·(t + 1)/W, so step W − 1 is at Kη.
  const at = (t: number) => (t < warmupSteps ? p.lr + ((lr - p.lr) * (t + 1)) / warmupSteps : lr);
  return { batch, lr, steps, stepsPerEpoch, warmupSteps, at };
}

/** Steps after which a run records the full-data loss: about 24 evenly spaced, and the last. */
export function lrRecordSteps(steps: number): number[] {
  const every = Math.max(1, Math.floor(steps / 24));
  const out: number[] = [];
  for (let t = every - 1; t < steps - 1; t += every) out.push(t);
  out.push(steps - 1);
  return out;
}

/**
 * The share of the baseline's progress a run misses (see LrScalingRun.shortfall); null when
 * there is nothing to compare with: the baseline diverged or made no measurable progress
 * (under 0.1% of the initial loss).
 */
export function shortfall(finalLoss: number, baselineLoss: number, initialLoss: number): number | null {
  const progress = initialLoss - baselineLoss;
  if (!Number.isFinite(baselineLoss) || !(progress > 1e-3 * Math.abs(initialLoss))) return null;
  if (!Number.isFinite(finalLoss)) return Infinity;
  return (finalLoss - baselineLoss) / progress;
}

/** The variants' names in tables and legends. */
export const LR_VARIANT_NAMES: Record<LrVariant, string> = { baseline: 'baseline', same: '(a) same η', linear: '(b) linear K·η', warmup: '(c) K·η + warmup', sqrt: '(d) √K·η' };

/**
 * What a run's shortfall means, in words. Past 100% the run ends above the loss at w = 0,
 * and the percentage grows without bound as the loss blows up: that is said in words.
 */
export function verdict(run: LrScalingRun, baseline?: LrScalingRun): string {
  if (run.divergedAt !== null) return `diverged: loss not finite by step ${run.divergedAt}`;
  if (run.variant === 'baseline') return '';
  if (run.shortfall === null) return baseline?.divergedAt != null ? 'no comparison: the baseline diverged' : 'no comparison: the baseline made no measurable progress';
  if (run.shortfall <= RECOVERY_SHORTFALL) return 'recovers the baseline';
  if (run.shortfall > 1) return "misses all of the baseline's progress: ends above the loss at w = 0";
  return `misses ${(100 * run.shortfall).toFixed(0)}% of the baseline's progress`;
}

/** Terminal report. */
export function formatLrScalingReport(r: LrScalingResult): string {
  const p = r.params;
  // A blown-up but finite loss in exponent form, so the columns hold.
  const f = (x: number | null, digits = 4) => (x === null ? '-' : !Number.isFinite(x) ? String(x) : Math.abs(x) >= 1e6 ? x.toExponential(3) : x.toFixed(digits));
  const epochs = `${p.epochs} epoch${p.epochs > 1 ? 's' : ''}`;
  const lines = [
    `learning-rate scaling: baseline b = ${p.b}, lr ${p.lr} against K = ${p.k} workers × b = ${p.b} (global batch ${p.k * p.b}); ${epochs} of N = ${p.n}${p.epochs > 1 ? ' each' : ''} (${p.model}, d = ${p.d})`,
    `at w = 0: loss ${f(r.initial.loss)}${r.initial.accuracy === null ? '' : `, accuracy ${f(r.initial.accuracy)}`}`,
    'variant           batch   lr         steps   warmup  final loss  accuracy  vs baseline',
  ];
  for (const run of r.runs) {
    lines.push([
      LR_VARIANT_NAMES[run.variant].padEnd(17), String(run.batch).padEnd(7), String(Number(run.lr.toPrecision(6))).padEnd(10), String(run.steps).padEnd(7),
      String(run.warmupSteps || '-').padEnd(7), f(run.finalLoss).padEnd(11), f(run.finalAccuracy).padEnd(9), verdict(run, r.runs[0]),
    ].join(' ').trimEnd());
  }
  lines.push(`The K·b step is exact (Section 5); only its rate decides whether ${epochs} at K times fewer steps ${p.epochs > 1 ? 'match' : 'matches'} the baseline.`);
  return lines.join('\n');
}

