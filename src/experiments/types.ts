/**
 * The plain-data results every view renders (terminal table, --json file, page table, plots).
 * Field names are a stable JSON schema: later versions may add fields, never rename these.
 */

import type { Model } from '../engine/dataset';
import type { Tuning } from '../engine/tuning';

export type { Model, Tuning };

/** Which adapter ran the work, as every output reports it. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  /** Free-form adapter description (may be empty). */
  description: string;
  /** True for a software (CPU) adapter such as SwiftShader. */
  software: boolean;
  host: 'node' | 'browser';
}

/** Where examples and batch indices come from. */
export type RngMode = 'gpu' | 'python';

/**
 * The problem, x ~ N(0, I_d). linreg (least squares): y = wTrue·x + N(0, noise²).
 * logreg (binary logistic regression): y = [wTrue·x >= 0], each x pushed `margin` further
 * from that hyperplane along wTrue, and y flipped with probability `noise` (<= 1/2).
 */
export interface ProblemParams {
  n: number;
  d: number;
  seed: number;
  rng: RngMode;
  model: Model;
  wTrue: number[];
  noise: number;
  /** logreg only (0 for linreg). */
  margin: number;
}

/** Quality sampling: uniform with replacement, or without replacement (epoch-shuffled, like a DataLoader with shuffle=True). */
export type SamplingMode = 'with' | 'without';

export interface QualityParams extends ProblemParams {
  /** The probe point w at which gradients are estimated. */
  w: number[];
  batches: number[];
  trials: number;
  /** 'with' (default): b uniform draws with replacement; 'without': slices of a fresh permutation per epoch (GPU RNG only); qualityParams always sets it. */
  sampling?: SamplingMode;
  /** Without replacement: drop the last incomplete batch of each epoch (else it wraps to the start of the same permutation). */
  dropLast?: boolean;
}

export interface TrajectoryParams extends ProblemParams {
  batches: number[];
  lr: number;
  steps: number;
  /** torch.optim.SGD's momentum, dampening, nesterov and weight_decay (0, 0, false, 0: plain SGD). */
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
}

export interface QualityRow {
  batch: number;
  /** Mean of the T estimates, per coordinate. */
  mean: number[];
  /** Sample std (n−1 denominator) of the T estimates, per coordinate. */
  std: number[];
  /** RMS std over coordinates divided by the previous row's; null on the first row (or after a zero std). */
  ratio: number | null;
  /** The T estimates, row-major T×d (for histograms). */
  estimates: number[];
  /** Finite-population correction (N−b)/(N−1) without replacement; 1 with replacement. */
  fpc?: number;
  /**
   * Expected std per coordinate, σ̂·√(fpc/b), σ̂² the per-example gradient variance (over the
   * N examples, divisor N) estimated from the first row as std₁²·b₁/fpc₁; null when the first
   * row cannot give it (fpc₁ = 0, i.e. b₁ = N without replacement).
   */
  expectedStd?: number[] | null;
}

export interface QualityResult {
  experiment: 'quality';
  params: QualityParams;
  adapter: AdapterInfo;
  fullGradient: number[];
  fullLoss: number;
  /** logreg: fraction of the N examples classified correctly at w; absent for linreg. */
  fullAccuracy?: number;
  rows: QualityRow[];
  elapsedMs: number;
  /** The engine tuning that ran (it fixes the summation order, hence the exact bits); absent for CPU references. */
  tuning?: Tuning;
}

export interface TrajectoryPoint {
  step: number;
  /** Full-data loss after the update of this step. */
  loss: number;
  /** logreg: full-data accuracy after the update (null once w is not finite); absent for linreg. */
  accuracy?: number | null;
  w: number[];
}

export interface TrajectoryRun {
  batch: number;
  points: TrajectoryPoint[];
  finalW: number[];
  /** First recorded step whose loss or w is not finite (SGD diverged), or null. */
  divergedAt?: number | null;
}

export interface TrajectoryResult {
  experiment: 'trajectory';
  params: TrajectoryParams;
  adapter: AdapterInfo;
  runs: TrajectoryRun[];
  elapsedMs: number;
  /** The engine tuning that ran; absent for CPU references. */
  tuning?: Tuning;
}

export interface BookResult {
  experiment: 'book';
  quality: QualityResult;
  trajectory: TrajectoryResult;
}

/** Progress of long work: fraction in [0, 1] and a short label of the current stage. */
export type Progress = (fraction: number, stage: string) => void;

/** How the host drives SGD steps in the throughput experiment. */
export type ThroughputMode = 'sync' | 'pipelined';

/** What timed a throughput row: GPU timestamp queries, or the host's wall clock. */
export type TimerKind = 'gpu' | 'wall';

export interface ThroughputParams {
  n: number;
  d: number;
  seed: number;
  model: Model;
  wTrue: number[];
  noise: number;
  margin: number;
  lr: number;
  /** Batch sizes, ascending and distinct. */
  batches: number[];
  /** Steps per measurement, at least (more when a span would be shorter than minTimeMs). */
  steps: number;
  /** Each measurement is lengthened until it spans at least this many milliseconds. */
  minTimeMs: number;
  /** Timed spans per measurement; the fastest is kept. */
  repeats: number;
  /** auto: GPU timestamp queries when the device has them; wall: the host's clock always. */
  timer: 'auto' | 'wall';
}

export interface ThroughputRow {
  batch: number;
  mode: ThroughputMode;
  examplesPerSec: number;
  usPerStep: number;
  timer: TimerKind;
  /** SGD steps in the timed span. */
  steps: number;
}

export interface ThroughputResult {
  experiment: 'throughput';
  params: ThroughputParams;
  adapter: AdapterInfo;
  /** Whether the device had the 'timestamp-query' feature. */
  timestampQuery: boolean;
  /** Per batch size: the sync row, then the pipelined row. */
  rows: ThroughputRow[];
  /** Per mode, the smallest b reaching 90% of that mode's peak examples/s (null: no rows). */
  bSat: Record<ThroughputMode, number | null>;
  elapsedMs: number;
  /** The engine tuning that ran (it sets the kernels' shapes, hence their speed). */
  tuning?: Tuning;
}

/** Data-parallel workers (Exercise 10.2.2): K local batches averaged against one global batch. */
export interface WorkersParams extends ProblemParams {
  /** The probe point w at which gradients are estimated. */
  w: number[];
  /** Workers K and local batch b of the equal-shard parts (identity and distribution). */
  k: number;
  b: number;
  /** Unequal local batch sizes b_k of the third part. */
  sizes: number[];
  trials: number;
}

export interface WorkersResult {
  experiment: 'workers';
  params: WorkersParams;
  adapter: AdapterInfo;
  fullGradient: number[];
  /** Same samples: |average of K worker means − global Kb mean|, largest over trials and coordinates. */
  identity: { maxAbsDiff: number; bitwise: boolean };
  /** Over T trials: mean and std (n−1) per coordinate of each estimator. */
  equal: { global: { mean: number[]; std: number[] }; workers: { mean: number[]; std: number[] } };
  unequal: {
    sizes: number[];
    /** Largest |plain average of worker means − global mean over Σb_k| over trials and coordinates. */
    unweightedMaxAbsGap: number;
    /** Largest |size-weighted average − global mean|: rounding only. */
    weightedMaxAbsDiff: number;
    unweightedStd: number[];
    globalStd: number[];
    /** σ² per coordinate estimated from the equal part (Kb · Var(global)), and the predicted stds from it. */
    sigma2: number[];
    predictedUnweightedStd: number[];
    predictedGlobalStd: number[];
  };
  /**
   * Per trial, the gradient coordinates behind the stds above (row-major T × d), for the
   * page's histograms: (b)'s two estimators, and (c)'s plain average and global mean.
   * Optional: added after the first schema; each part is present once that part finished.
   */
  estimates?: {
    equal?: { global: number[]; workers: number[] };
    unequal?: { global: number[]; unweighted: number[] };
  };
  elapsedMs: number;
  tuning?: Tuning;
}
