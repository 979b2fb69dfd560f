/**
 * The plain-data results every view renders (terminal table, --json file, page table, plots).
 * Field names are a stable JSON schema: later versions may add fields, never rename these.
 */

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

/** The least-squares problem: x ~ N(0, I_d), y = wTrue·x + N(0, noise²). */
export interface ProblemParams {
  n: number;
  d: number;
  seed: number;
  rng: RngMode;
  wTrue: number[];
  noise: number;
}

export interface QualityParams extends ProblemParams {
  /** The probe point w at which gradients are estimated. */
  w: number[];
  batches: number[];
  trials: number;
}

export interface TrajectoryParams extends ProblemParams {
  batches: number[];
  lr: number;
  steps: number;
}

export interface QualityRow {
  batch: number;
  /** Mean of the T estimates, per coordinate. */
  mean: number[];
  /** Sample std (n−1 denominator) of the T estimates, per coordinate. */
  std: number[];
  /** RMS std over coordinates divided by the previous row's; null on the first row. */
  ratio: number | null;
  /** The T estimates, row-major T×d (for histograms). */
  estimates: number[];
}

export interface QualityResult {
  experiment: 'quality';
  params: QualityParams;
  adapter: AdapterInfo;
  fullGradient: number[];
  fullLoss: number;
  rows: QualityRow[];
  elapsedMs: number;
}

export interface TrajectoryPoint {
  step: number;
  /** Full-data loss after the update of this step. */
  loss: number;
  w: number[];
}

export interface TrajectoryRun {
  batch: number;
  points: TrajectoryPoint[];
  finalW: number[];
}

export interface TrajectoryResult {
  experiment: 'trajectory';
  params: TrajectoryParams;
  adapter: AdapterInfo;
  runs: TrajectoryRun[];
  elapsedMs: number;
}

export interface BookResult {
  experiment: 'book';
  quality: QualityResult;
  trajectory: TrajectoryResult;
}

/** Progress of long work: fraction in [0, 1] and a short label of the current stage. */
export type Progress = (fraction: number, stage: string) => void;
