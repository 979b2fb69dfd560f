/**
 * Flags → validated experiment parameters, with node:util parseArgs. Every mistake becomes
 * a UsageError whose one-line message names the flag; main() prints it and exits with 2.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULTS, ParamError, WORKERS_DEFAULTS, parseList, parseNumber, qualityParams, throughputParams, trajectoryParams, workersParams } from '../experiments/params';
import { NOISE_DEFAULTS, noiseScaleParams, type NoiseScaleParams, type SavedThroughput } from '../experiments/noise-scale';
import { scalingModelParams, type ScalingModelParams } from '../experiments/scaling-model';
import { LR_SCALING_DEFAULTS, lrScalingParams, type LrScalingParams } from '../experiments/lr-scaling';
import { readThroughput } from './saved-result';
import type { Model, QualityParams, RngMode, ThroughputParams, TrajectoryParams, WorkersParams } from '../experiments/types';

export const EXPERIMENTS = ['quality', 'trajectory', 'book', 'throughput', 'workers', 'scaling-model', 'noise-scale', 'lr-scaling'] as const;
export type ExperimentName = (typeof EXPERIMENTS)[number];

export class UsageError extends Error {
  override name = 'UsageError';
}

const OPTIONS = {
  n: { type: 'string' }, d: { type: 'string' }, seed: { type: 'string' }, rng: { type: 'string' },
  w: { type: 'string' }, 'w-true': { type: 'string' }, noise: { type: 'string' }, model: { type: 'string' }, margin: { type: 'string' },
  batches: { type: 'string' }, 'traj-batches': { type: 'string' }, trials: { type: 'string' },
  lr: { type: 'string' }, steps: { type: 'string' }, json: { type: 'string' },
  'max-batch': { type: 'string' }, 'min-time': { type: 'string' }, repeats: { type: 'string' }, timer: { type: 'string' },
  momentum: { type: 'string' }, dampening: { type: 'string' }, nesterov: { type: 'boolean' }, 'weight-decay': { type: 'string' },
  k: { type: 'string' }, b: { type: 'string' }, sizes: { type: 'string' },
  bandwidth: { type: 'string' }, 'latency-us': { type: 'string' }, bytes: { type: 'string' }, 'max-k': { type: 'string' }, 't-compute-us': { type: 'string' },
  samples: { type: 'string' }, 'b-small': { type: 'string' }, 'b-big': { type: 'string' }, rows: { type: 'string' },
  sampling: { type: 'string' }, 'drop-last': { type: 'boolean' }, epochs: { type: 'string' }, warmup: { type: 'string' }, throughput: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Command =
  | { kind: 'help'; experiment?: ExperimentName }
  | { kind: 'quality'; params: QualityParams; json?: string }
  | { kind: 'trajectory'; params: TrajectoryParams; json?: string }
  | { kind: 'book'; quality: QualityParams; trajectory: TrajectoryParams; json?: string }
  | { kind: 'throughput'; params: ThroughputParams; json?: string }
  | { kind: 'workers'; params: WorkersParams; json?: string }
  | { kind: 'scaling-model'; params: ScalingModelParams; json?: string }
  | { kind: 'noise-scale'; params: NoiseScaleParams; json?: string; saved: SavedThroughput | null }
  | { kind: 'lr-scaling'; params: LrScalingParams; json?: string };

const num = (flag: string, text: string | undefined) => (text === undefined ? undefined : parseNumber(flag, text));
const list = (flag: string, text: string | undefined) => (text === undefined ? undefined : parseList(flag, text));

/** Flags that each experiment accepts (others are rejected by name). */
const ACCEPTS: Record<ExperimentName, readonly string[]> = {
  quality: ['n', 'd', 'seed', 'rng', 'w', 'w-true', 'noise', 'batches', 'trials', 'json', 'sampling', 'drop-last', 'model', 'margin'],
  trajectory: ['n', 'd', 'seed', 'rng', 'w-true', 'noise', 'batches', 'lr', 'steps', 'json', 'momentum', 'dampening', 'nesterov', 'weight-decay', 'model', 'margin'],
  book: ['n', 'seed', 'rng', 'w', 'w-true', 'noise', 'batches', 'traj-batches', 'trials', 'lr', 'steps', 'json', 'model', 'margin'],
  throughput: ['n', 'd', 'seed', 'batches', 'max-batch', 'steps', 'min-time', 'repeats', 'timer', 'json', 'model', 'margin'],
  workers: ['n', 'd', 'seed', 'w', 'w-true', 'noise', 'k', 'b', 'sizes', 'trials', 'json', 'model', 'margin'],
  'scaling-model': ['n', 'd', 'seed', 'b', 'bandwidth', 'latency-us', 'bytes', 'max-k', 't-compute-us', 'json', 'model'],
  'noise-scale': ['n', 'd', 'seed', 'w', 'w-true', 'noise', 'samples', 'b-small', 'b-big', 'rows', 'lr', 'steps', 'json', 'model', 'margin', 'throughput'],
  'lr-scaling': ['n', 'd', 'seed', 'w-true', 'noise', 'b', 'k', 'lr', 'epochs', 'warmup', 'json', 'model', 'margin'],
};

/** Parses argv (without node and script) into a command; throws UsageError on any mistake. */
export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    const message = (e as Error).message.split('\n')[0];
    const flag = message.match(/'(-[^' ]*)/)?.[1];
    if (!flag) throw new UsageError(message);
    if (message.includes('ambiguous')) throw new UsageError(`${flag}: a value starting with "-" is written ${flag}=VALUE`);
    if (message.includes('Unknown')) throw new UsageError(`unknown flag ${flag} (see --help)`);
    throw new UsageError(`${flag}: ${message.includes('argument missing') ? 'needs a value' : message} (see --help)`);
  }
  // A flag given twice is a mistake to point out, not a silent "last one wins".
  const seen = new Set<string>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option') continue;
    if (seen.has(t.name)) throw new UsageError(`--${t.name} is given twice; give it once`);
    seen.add(t.name);
  }
  const { values: v, positionals } = parsed;
  const [name, ...extra] = positionals;
  if (name !== undefined && !(EXPERIMENTS as readonly string[]).includes(name)) {
    throw new UsageError(`unknown experiment "${name}": choose one of ${EXPERIMENTS.join(', ')}`);
  }
  if (v.help || name === undefined) return { kind: 'help', experiment: name as ExperimentName | undefined };
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" (flags start with --)`);
  const experiment = name as ExperimentName;
  for (const key of Object.keys(v)) {
    if (key !== 'help' && !ACCEPTS[experiment].includes(key)) throw new UsageError(`--${key} does not apply to ${experiment} (see --help)`);
  }
  if (v.json !== undefined && v.json.trim() === '') throw new UsageError('--json: needs a file name');
  try {
    const problem = {
      n: num('--n', v.n), d: num('--d', v.d), seed: num('--seed', v.seed), rng: v.rng as RngMode | undefined,
      wTrue: list('--w-true', v['w-true']), noise: num('--noise', v.noise), model: v.model as Model | undefined, margin: num('--margin', v.margin),
    };
    const quality = () => qualityParams({ ...problem, w: list('--w', v.w), batches: list('--batches', v.batches), trials: num('--trials', v.trials), sampling: v.sampling as QualityParams['sampling'], dropLast: v['drop-last'] });
    if (experiment === 'quality') return { kind: 'quality', params: quality(), json: v.json };
    if (experiment === 'workers') {
      return {
        kind: 'workers',
        params: workersParams({ ...problem, w: list('--w', v.w), k: num('--k', v.k), b: num('--b', v.b), sizes: list('--sizes', v.sizes), trials: num('--trials', v.trials) }),
        json: v.json,
      };
    }
    if (experiment === 'noise-scale') {
      if (v.json !== undefined && v.throughput !== undefined && resolve(v.json) === resolve(v.throughput)) {
        throw new UsageError('--json: names the --throughput file; write the result to another file');
      }
      return {
        kind: 'noise-scale',
        params: noiseScaleParams({ ...problem, w: list('--w', v.w) }, {
          samples: num('--samples', v.samples), bSmall: num('--b-small', v['b-small']), bBig: num('--b-big', v['b-big']), rows: num('--rows', v.rows), lr: num('--lr', v.lr), steps: num('--steps', v.steps),
        }),
        json: v.json,
        saved: v.throughput === undefined ? null : readThroughput(v.throughput),
      };
    }
    if (experiment === 'lr-scaling') {
      return {
        kind: 'lr-scaling',
        params: lrScalingParams({
          ...problem, b: num('--b', v.b), k: num('--k', v.k), lr: num('--lr', v.lr), epochs: num('--epochs', v.epochs), warmup: num('--warmup', v.warmup),
        }),
        json: v.json,
      };
    }
    if (experiment === 'scaling-model') {
      return {
        kind: 'scaling-model',
        params: scalingModelParams({
          n: problem.n, d: problem.d, seed: problem.seed, model: problem.model, b: num('--b', v.b), bandwidthGBs: num('--bandwidth', v.bandwidth), latencyUs: num('--latency-us', v['latency-us']),
          bytes: num('--bytes', v.bytes), maxK: num('--max-k', v['max-k']), tComputeUs: num('--t-compute-us', v['t-compute-us']) ?? null,
        }),
        json: v.json,
      };
    }
    if (experiment === 'throughput') {
      return {
        kind: 'throughput',
        params: throughputParams({
          n: problem.n, d: problem.d, seed: problem.seed, model: problem.model, margin: problem.margin, batches: list('--batches', v.batches), maxBatch: num('--max-batch', v['max-batch']),
          steps: num('--steps', v.steps), minTimeMs: num('--min-time', v['min-time']), repeats: num('--repeats', v.repeats), timer: v.timer as ThroughputParams['timer'] | undefined,
        }),
        json: v.json,
      };
    }
    if (experiment === 'trajectory') {
      const optimizer = { momentum: num('--momentum', v.momentum), dampening: num('--dampening', v.dampening), nesterov: v.nesterov, weightDecay: num('--weight-decay', v['weight-decay']) };
      return { kind: 'trajectory', params: trajectoryParams({ ...problem, batches: list('--batches', v.batches), lr: num('--lr', v.lr), steps: num('--steps', v.steps), ...optimizer }), json: v.json };
    }
    return {
      kind: 'book',
      quality: quality(),
      trajectory: trajectoryParams({ ...problem, batches: list('--traj-batches', v['traj-batches']) ?? DEFAULTS.trajBatches, lr: num('--lr', v.lr), steps: num('--steps', v.steps) }, '--traj-batches'),
      json: v.json,
    };
  } catch (e) {
    if (e instanceof ParamError) throw new UsageError(e.message);
    throw e;
  }
}

export const HELP = `gradscope lab: the chapter's mini-batch SGD experiments on WebGPU

usage: npm run lab -- <experiment> [flags]

experiments
  quality      mean and std of T mini-batch gradient estimates per batch size b (Part 1)
  trajectory   full-data loss along mini-batch SGD at each batch size (Part 2)
  book         the chapter's whole program: quality, then trajectory, one random stream
  throughput   examples/s and µs per SGD step against b, host-synchronized and pipelined,
               and b_sat, where the hardware saturates (Section 3)
  workers      K workers' local batch means averaged on the GPU against one global batch:
               same samples, same distribution; unequal b_k (Exercise 10.2.2)
  scaling-model value per unit time √(Kb)/σ ÷ (t_compute + ring all-reduce t_comm(K))
               against workers K, and K*, its argmax (Exercise 10.2.3)
  noise-scale  gradient noise scale B_simple = tr(Σ)/|G|²: per-example, two-batch
               (McCandlish et al. 2018) and analytic, and along an SGD run
  lr-scaling   the practical example: baseline b, η against K workers × b with the same η,
               linear Kη, Kη after a warmup, and √K·η, for the same epochs (Section 6)

flags (defaults are the chapter's)
  --n N             examples (default ${DEFAULTS.n}; up to 4294967295 with --rng gpu)
  --d D             features per example, 1..16 (default 1)
  --seed S          random seed (default 0)
  --rng gpu|python  gpu: counter-based RNG on the GPU (default); python: replay CPython's
                    random stream of the chapter's program on the CPU and upload it
  --w W             probe point for quality, one value or d values (default 0)
  --w-true W        true weights, one value or d values (default 3)
  --model M         linreg (default): least squares, y = w_true·x + noise; logreg: binary
                    logistic regression, y = [w_true·x >= 0] with flipped labels, loss the
                    cross-entropy, and accuracy reported (GPU RNG only)
  --noise S         linreg: label noise std (default 0.1); logreg: probability that a
                    label is flipped, 0..0.5 (default 0.1)
  --margin M        logreg: every example is pushed M further from the true hyperplane
                    w_true·x = 0 (default 0)
  --batches LIST    batch sizes, e.g. 1,4,16 (quality: 1,4,16,64,256,1024; trajectory: 1,256)
  --traj-batches L  book only: trajectory batch sizes (default 1,256)
  --trials T        estimates per batch size, 2..10^7 (default 400)
  --lr ETA          learning rate, >= 0 (default 0.05)
  --steps S         SGD steps (default 60)
  --json FILE       also write the result as JSON
  -h, --help        this text

quality flags: sampling without replacement (epoch shuffling, like a DataLoader with shuffle=True)
  --sampling MODE   with (default): b uniform draws with replacement; without: each epoch a new
                    permutation of the N examples, cut into batches; the table adds the FPC
                    (N-b)/(N-1) and the expected std (GPU RNG only, b <= N)
  --drop-last       without replacement: drop each epoch's last incomplete batch (else it wraps
                    to the start of the same permutation, so it still holds b distinct examples)

trajectory flags: torch.optim.SGD's options (defaults 0: plain SGD)
  --momentum M      momentum, >= 0; the buffer starts as the first step's gradient
  --dampening D     dampening of the momentum, >= 0
  --nesterov        Nesterov momentum (needs --momentum > 0 and --dampening 0)
  --weight-decay L  weight decay (L2 penalty), >= 0

throughput flags (also --n, default 2^24 here, --d, --seed, --model, --margin, --batches, --json)
  --max-batch B     b = 1, 2, 4, … up to B, a power of two up to 2^24 (default 2^20)
  --steps S         steps per timed span, at least (default ${DEFAULTS.throughputSteps}); a first span
                    shorter than --min-time only calibrates, and the spans timed then
                    get ceil(1.25 · S · min-time / its time) steps (at most 65536)
  --min-time MS     each timed span lasts at least MS ms (default ${DEFAULTS.minTimeMs})
  --repeats R       timed spans per measurement, the fastest kept (default ${DEFAULTS.repeats}): other
                    work on the machine can only slow a span down
  --timer auto|wall auto: GPU timestamp queries when the device has them (default);
                    wall: the host's clock

workers flags (also --n, --d, --seed, --model, --w, --w-true, --noise, --margin, --json)
  --k K             workers (default ${WORKERS_DEFAULTS.k})
  --b B             local batch per worker (default ${WORKERS_DEFAULTS.b})
  --sizes LIST      unequal local batches b_k for part (c) (default ${WORKERS_DEFAULTS.sizes.join(',')})
  --trials T        trials (default ${WORKERS_DEFAULTS.trials})

scaling-model flags (also --n, --d, --seed, --model, --json)
  --b B             per-worker batch; t_compute is measured there (default 256)
  --t-compute-us T  give t_compute in µs per step instead of measuring it
  --bandwidth GB/s  all-reduce link bandwidth (default 10)
  --latency-us L    per-message latency in µs, >= 0 (default 5)
  --bytes S         bytes all-reduced per step (default 4·d, the gradient; give a model size)
  --max-k K         largest K in the table (default 64)

noise-scale flags (also --n, default 2^20 here, --d, --seed, --model, --w, --w-true, --noise,
  --margin, --json)
  --samples M       per-example gradients read back, 2..2^20 (default ${NOISE_DEFAULTS.samples})
  --b-small B       small batch of the two-batch estimate and of the SGD trace (default ${NOISE_DEFAULTS.bSmall})
  --b-big B         big batch, > --b-small (default ${NOISE_DEFAULTS.bBig})
  --rows R          batches per size for the two-batch estimate (default ${NOISE_DEFAULTS.rows})
  --lr ETA, --steps S  the traced SGD run from w = 0 (defaults ${NOISE_DEFAULTS.lr}, ${NOISE_DEFAULTS.steps})
  --throughput FILE compare B_simple with b_sat from a saved run (lab -- throughput --json FILE)

lr-scaling flags (also --seed, --w-true, --margin, --json; here --model defaults to
  ${LR_SCALING_DEFAULTS.model}, --n to ${LR_SCALING_DEFAULTS.n}, --d to ${LR_SCALING_DEFAULTS.d} and --noise to ${LR_SCALING_DEFAULTS.noise})
  --b B             baseline batch, and each worker's (default ${LR_SCALING_DEFAULTS.b})
  --k K             workers: the scaled runs use global batch K·b <= n (default ${LR_SCALING_DEFAULTS.k})
  --lr ETA          baseline rate, > 0 (default ${LR_SCALING_DEFAULTS.lr})
  --epochs E        epochs per run, each a new GPU-shuffled permutation (default ${LR_SCALING_DEFAULTS.epochs})
  --warmup W        epochs of linear warmup from η to Kη in variant (c) (default ${LR_SCALING_DEFAULTS.warmup})

examples
  npm run lab -- book --rng python --seed 0
  npm run lab -- quality --n 100000000 --trials 1000
  npm run lab -- trajectory --d 4 --w-true 1,2,3,4 --batches 1,32,1024 --steps 200
  npm run lab -- throughput --max-batch 65536 --json throughput.json
  npm run lab -- noise-scale --throughput throughput.json
  npm run lab -- lr-scaling
  npm run lab -- trajectory --model logreg --d 8 --noise 0.05 --margin 0.2 --lr 0.5
`;
