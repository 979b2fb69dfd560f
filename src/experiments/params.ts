/**
 * Defaults (the chapter's) and validation of experiment parameters, shared by the CLI and
 * the page. A bad value throws ParamError naming the flag and what would be accepted.
 */
import { MAX_D, MAX_N } from '../engine/dataset';
import type { Model, QualityParams, RngMode, ThroughputParams, TrajectoryParams, WorkersParams } from './types';

/** A parameter the user must fix; `flag` is its CLI spelling (e.g. "--trials"). */
export class ParamError extends Error {
  override name = 'ParamError';
  constructor(readonly flag: string, message: string) {
    super(`${flag}: ${message}`);
  }
}

export const DEFAULTS = {
  n: 20000,
  d: 1,
  seed: 0,
  rng: 'gpu' as RngMode,
  model: 'linreg' as Model,
  margin: 0,
  w: 0,
  wTrue: 3,
  noise: 0.1,
  batches: [1, 4, 16, 64, 256, 1024],
  trials: 400,
  trajBatches: [1, 256],
  lr: 0.05,
  steps: 60,
  /** torch.optim.SGD's defaults: plain SGD. */
  momentum: 0,
  dampening: 0,
  nesterov: false,
  weightDecay: 0,
  /** Throughput: b = 1, 2, 4, … up to this; at least this many steps and this many ms per measurement. */
  maxBatch: 2 ** 20,
  throughputN: 2 ** 24,
  throughputSteps: 4,
  minTimeMs: 100,
  repeats: 3,
};

const MAX_U32 = 0xffffffff;

/** Decimal or scientific notation, as a user types a number (not JavaScript's 0x10, 0b11, Infinity). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number as a user typed it (decimal or scientific, the whole text), or a ParamError naming `flag`. */
export function parseNumber(flag: string, text: string): number {
  if (!DECIMAL.test(text.trim())) throw new ParamError(flag, `expected a number, got "${text}"`);
  return Number(text.trim());
}

/** A comma-separated list of numbers, e.g. "1,4,16". */
export function parseList(flag: string, text: string): number[] {
  return text.split(',').map((part) => parseNumber(flag, part));
}

export function integer(flag: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new ParamError(flag, `must be an integer from ${min} to ${max}, got ${v}`);
  return v;
}

export function finite(flag: string, v: number, min = -Infinity): number {
  if (!Number.isFinite(v) || v < min) throw new ParamError(flag, `must be a finite number${min > -Infinity ? ` >= ${min}` : ''}, got ${v}`);
  return v;
}

/**
 * Largest |value| of weights, probe and noise: keeps (w·x − y)² (x up to ±5.4, d ≤ 16)
 * far inside float32's range (3.4e38), so the GPU's sums cannot overflow to Infinity.
 */
export const MAX_MAGNITUDE = 1e15;

function magnitude(flag: string, v: number, min = -MAX_MAGNITUDE): number {
  finite(flag, v, min);
  if (Math.abs(v) > MAX_MAGNITUDE) throw new ParamError(flag, `must be at most ${MAX_MAGNITUDE} in size (float32 sums would overflow), got ${v}`);
  return v;
}

/** A length-d vector from one value (broadcast) or d values. */
function vector(flag: string, v: number[], d: number): number[] {
  if (v.length === 1) return Array(d).fill(magnitude(flag, v[0]));
  if (v.length !== d) throw new ParamError(flag, d === 1 ? `needs 1 value, got ${v.length}` : `needs 1 or ${d} (= --d) values, got ${v.length}`);
  return v.map((x) => magnitude(flag, x));
}

function batchList(flag: string, v: number[]): number[] {
  if (v.length === 0) throw new ParamError(flag, 'needs at least one batch size');
  const twice = v.find((b, i) => v.indexOf(b) !== i);
  if (twice !== undefined) throw new ParamError(flag, `${twice} is listed twice; list each batch size once`);
  return v.map((b) => integer(flag, b, 1, MAX_U32));
}

interface ProblemInput {
  n?: number; d?: number; seed?: number; rng?: RngMode; model?: Model; wTrue?: number[]; noise?: number; margin?: number;
}

/** The model and its data's parameters: --noise is a label-flip probability for logreg. */
function modelParams(p: ProblemInput, rng: RngMode, wTrue: number[]): { model: Model; noise: number; margin: number } {
  const model = p.model ?? DEFAULTS.model;
  if (model !== 'linreg' && model !== 'logreg') throw new ParamError('--model', `must be linreg or logreg, got "${String(model)}"`);
  if (model === 'linreg') {
    if (p.margin !== undefined && p.margin !== 0) throw new ParamError('--margin', 'applies only with --model logreg');
    return { model, noise: magnitude('--noise', p.noise ?? DEFAULTS.noise, 0), margin: 0 };
  }
  if (rng !== 'gpu') throw new ParamError('--model', "logreg needs --rng gpu (--rng python replays the chapter's least-squares program)");
  const noise = finite('--noise', p.noise ?? DEFAULTS.noise, 0);
  if (noise > 0.5) throw new ParamError('--noise', `with --model logreg it is the probability a label flips, from 0 to 0.5; got ${noise}`);
  const margin = finite('--margin', p.margin ?? DEFAULTS.margin, 0);
  if (margin > 100) throw new ParamError('--margin', `must be at most 100 (examples lie within ±5.4 of the hyperplane before the push), got ${margin}`);
  if (!wTrue.some((v) => v !== 0)) throw new ParamError('--w-true', 'with --model logreg it sets the labels and must not be all zero');
  return { model, noise, margin };
}

/** The validated problem (data and model) shared by every experiment. */
export function problem(p: ProblemInput) {
  const rng = p.rng ?? DEFAULTS.rng;
  if (rng !== 'gpu' && rng !== 'python') throw new ParamError('--rng', `must be gpu or python, got ${String(rng)}`);
  const d = integer('--d', p.d ?? DEFAULTS.d, 1, MAX_D);
  if (rng === 'python' && d !== 1) throw new ParamError('--d', "--rng python replays the chapter's scalar program: use --d 1");
  const n = integer('--n', p.n ?? DEFAULTS.n, 1, rng === 'python' ? 50_000_000 : MAX_N);
  const seed = rng === 'python'
    ? integer('--seed', p.seed ?? DEFAULTS.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
    : integer('--seed', p.seed ?? DEFAULTS.seed, 0, MAX_U32);
  const wTrue = vector('--w-true', p.wTrue ?? [DEFAULTS.wTrue], d);
  return { n, d, seed, rng, wTrue, ...modelParams(p, rng, wTrue) };
}

/** Python mode uploads every drawn index: keep that upload well inside one buffer. */
function checkPythonIndices(rng: RngMode, flag: string, count: number): void {
  if (rng === 'python' && count > 2 ** 26) throw new ParamError(flag, `--rng python draws every index on the CPU; ${count} indices is too many (limit 2^26)`);
}

/** Complete, validated quality parameters from partial input. */
export function qualityParams(p: Partial<QualityParams> = {}): QualityParams {
  const base = problem(p);
  // The host keeps every estimate (for the histograms): 10^7 per batch size at most.
  const trials = integer('--trials', p.trials ?? DEFAULTS.trials, 2, 10_000_000);
  const batches = batchList('--batches', p.batches ?? DEFAULTS.batches);
  checkPythonIndices(base.rng, '--trials', trials * batches.reduce((a, b) => a + b, 0));
  const sampling = p.sampling ?? 'with';
  if (sampling !== 'with' && sampling !== 'without') throw new ParamError('--sampling', `must be with or without, got ${String(sampling)}`);
  const dropLast = p.dropLast ?? false;
  if (sampling === 'without') {
    if (base.rng !== 'gpu') throw new ParamError('--sampling', 'without replacement needs --rng gpu');
    const big = batches.find((b) => b > base.n);
    if (big !== undefined) throw new ParamError('--batches', `without replacement a batch holds at most n = ${base.n} examples, got ${big}`);
  } else if (dropLast) {
    throw new ParamError('--drop-last', 'applies only with --sampling without');
  }
  return { ...base, w: vector('--w', p.w ?? [DEFAULTS.w], base.d), batches, trials, sampling, dropLast };
}

/**
 * Complete, validated trajectory parameters from partial input. `batchesFlag` names the
 * batch list in messages (the book calls it --traj-batches).
 */
export function trajectoryParams(p: Partial<TrajectoryParams> = {}, batchesFlag = '--batches'): TrajectoryParams {
  const base = problem(p);
  const steps = integer('--steps', p.steps ?? DEFAULTS.steps, 1, 10_000_000);
  const batches = batchList(batchesFlag, p.batches ?? DEFAULTS.trajBatches);
  checkPythonIndices(base.rng, '--steps', steps * batches.reduce((a, b) => a + b, 0));
  // Like torch.optim.SGD, a negative rate (gradient ascent) is refused.
  return { ...base, batches, lr: finite('--lr', p.lr ?? DEFAULTS.lr, 0), steps, ...optimizerParams(p) };
}

/**
 * torch.optim.SGD's momentum, dampening, nesterov and weight decay, validated as torch
 * does: momentum and weight decay >= 0, and nesterov only with momentum > 0 and zero
 * dampening. Dampening must be >= 0 here too (torch does not check it).
 */
export function optimizerParams(p: { momentum?: number; dampening?: number; nesterov?: boolean; weightDecay?: number }): { momentum: number; dampening: number; nesterov: boolean; weightDecay: number } {
  const momentum = finite('--momentum', p.momentum ?? DEFAULTS.momentum, 0);
  const dampening = finite('--dampening', p.dampening ?? DEFAULTS.dampening, 0);
  const weightDecay = finite('--weight-decay', p.weightDecay ?? DEFAULTS.weightDecay, 0);
  const nesterov = p.nesterov ?? DEFAULTS.nesterov;
  if (typeof nesterov !== 'boolean') throw new ParamError('--nesterov', `must be true or false, got ${String(nesterov)}`);
  if (nesterov && momentum <= 0) throw new ParamError('--nesterov', `needs --momentum > 0 (as torch.optim.SGD), got --momentum ${momentum}`);
  if (nesterov && dampening !== 0) throw new ParamError('--nesterov', `needs --dampening 0 (as torch.optim.SGD), got --dampening ${dampening}`);
  return { momentum, dampening, nesterov, weightDecay };
}

/** Largest batch the throughput experiment takes: the update divides by b in f32, exact to 2^24. */
export const MAX_THROUGHPUT_BATCH = 2 ** 24;
/** Most steps in one throughput measurement (one submission in pipelined mode). */
export const MAX_THROUGHPUT_STEPS = 2 ** 16;

/** 1, 2, 4, … up to `max`, which must be a power of two. */
export function powersOfTwo(flag: string, max: number): number[] {
  integer(flag, max, 1, MAX_THROUGHPUT_BATCH);
  if ((max & (max - 1)) !== 0) throw new ParamError(flag, `must be a power of two (use --batches for other sizes), got ${max}`);
  const out: number[] = [];
  for (let b = 1; b <= max; b *= 2) out.push(b);
  return out;
}

/**
 * Complete, validated throughput parameters from partial input. `maxBatch` (--max-batch)
 * and `batches` (--batches, sorted and deduplicated) are alternatives.
 */
export function throughputParams(p: Partial<ThroughputParams> & { maxBatch?: number } = {}): ThroughputParams {
  const base = problem({ ...p, rng: 'gpu', n: p.n ?? DEFAULTS.throughputN });
  if (p.batches !== undefined && p.maxBatch !== undefined) throw new ParamError('--max-batch', 'give --max-batch or --batches, not both');
  const batches = p.batches === undefined
    ? powersOfTwo('--max-batch', p.maxBatch ?? DEFAULTS.maxBatch)
    // Throughput measures a set of sizes: repeats and order do not matter, so it takes them as given.
    : batchList('--batches', [...new Set(p.batches)]).map((b) => integer('--batches', b, 1, MAX_THROUGHPUT_BATCH)).sort((a, b) => a - b);
  const timer = p.timer ?? 'auto';
  if (timer !== 'auto' && timer !== 'wall') throw new ParamError('--timer', `must be auto or wall, got ${String(timer)}`);
  const minTimeMs = finite('--min-time', p.minTimeMs ?? DEFAULTS.minTimeMs, 0);
  if (minTimeMs > 60_000) throw new ParamError('--min-time', `must be at most 60000 ms, got ${minTimeMs}`);
  return {
    n: base.n, d: base.d, seed: base.seed, model: base.model, wTrue: base.wTrue, noise: base.noise, margin: base.margin,
    lr: finite('--lr', p.lr ?? DEFAULTS.lr),
    batches,
    steps: integer('--steps', p.steps ?? DEFAULTS.throughputSteps, 1, MAX_THROUGHPUT_STEPS),
    minTimeMs,
    repeats: integer('--repeats', p.repeats ?? DEFAULTS.repeats, 1, 100),
    timer,
  };
}

/** Workers experiment (Exercise 10.2.2): K workers of b examples; unequal sizes for part (c); trials. */
export const WORKERS_DEFAULTS = { k: 8, b: 32, sizes: [8, 16, 32, 64, 128], trials: 2000 };

/** Complete, validated workers parameters from partial input (GPU RNG only: indices are listed by the host). */
export function workersParams(p: Partial<WorkersParams> = {}): WorkersParams {
  if (p.rng !== undefined && p.rng !== 'gpu') throw new ParamError('--rng', 'the workers experiment uses the GPU RNG only');
  const base = problem({ ...p, rng: 'gpu' });
  const k = integer('--k', p.k ?? WORKERS_DEFAULTS.k, 1, 1024);
  const b = integer('--b', p.b ?? WORKERS_DEFAULTS.b, 1, 65536);
  const sizes = (p.sizes ?? WORKERS_DEFAULTS.sizes).map((s) => integer('--sizes', s, 1, 65536));
  if (sizes.length < 2 || sizes.length > 1024) throw new ParamError('--sizes', `needs 2 to 1024 sizes, got ${sizes.length}`);
  const trials = integer('--trials', p.trials ?? WORKERS_DEFAULTS.trials, 2, 1_000_000);
  // Every index is drawn and uploaded by the host: keep that inside one buffer.
  const indices = trials * Math.max(k * b, sizes.reduce((a, x) => a + x, 0));
  if (indices > 2 ** 25) throw new ParamError('--trials', `trials × batch is ${indices} indices; the host lists them all (limit 2^25)`);
  return { ...base, w: vector('--w', p.w ?? [DEFAULTS.w], base.d), k, b, sizes, trials };
}
