/**
 * Runs the noise-scale experiment on the GPU: per-example gradients are batch sums with
 * b = 1 (one row per example, M rows read back); the two-batch estimate uses `rows` batch
 * means at each size; the trace runs SGD from w = 0 at b_small on the host (one read-back
 * per step) and measures the per-example B_simple at five points.
 */
import type { GpuDataset } from '../engine/dataset';
import type { Lab } from '../engine/lab';
import { proceduralDataset } from './data-source';
import { sampleKey } from '../reference/threefry';
import { analyticNoise, meanSquaredNorm, perExampleNoise, twoBatchNoise, type NoiseScaleParams, type NoiseScaleResult } from './noise-scale';
import { WorkMeter, checkCancelled, runOnDataset, type RunHooks } from './run-control';

/** Random streams of this experiment (apart from the others' 0..4). */
const STREAM_EXAMPLES = 16;
const STREAM_SMALL = 17;
const STREAM_BIG = 18;
const STREAM_TRAIN = 19;

/** Batch rows per submission: keeps one submission near 2^22 examples. */
const EXAMPLES_PER_SUBMISSION = 1 << 22;

/** Per-example estimate at w from M examples drawn with stream `salt`, and their mean loss. */
async function perExampleAt(lab: Lab, data: GpuDataset, p: NoiseScaleParams, w: readonly number[], salt: number) {
  const sums = await lab.batchSums(data, w, 1, p.samples, { kind: 'drawn', key: sampleKey(p.seed, STREAM_EXAMPLES, salt) });
  let loss = 0;
  for (let i = 0; i < p.samples; i++) loss += sums[i * data.width + p.d];
  return { ...perExampleNoise(sums, p.samples, p.d, data.width), loss: loss / p.samples };
}

/** Mean |batch mean|² over p.rows batches of b. */
async function meanSq(lab: Lab, data: GpuDataset, p: NoiseScaleParams, b: number, stream: number, hooks: RunHooks): Promise<number> {
  const per = Math.max(1, Math.floor(EXAMPLES_PER_SUBMISSION / b));
  let acc = 0;
  for (let r0 = 0; r0 < p.rows; r0 += per) {
    checkCancelled(hooks.signal);
    const rows = Math.min(per, p.rows - r0);
    const sums = await lab.batchSums(data, p.w, b, rows, { kind: 'drawn', key: sampleKey(p.seed, stream, b) }, r0);
    acc += meanSquaredNorm(sums, rows, p.d, b, data.width) * rows;
  }
  return acc / p.rows;
}

/** Steps at which the trace measures B_simple: every ⌊steps/4⌋, and the last. */
export const traceSteps = (steps: number): number[] => {
  const every = Math.max(1, Math.floor(steps / 4));
  const out: number[] = [];
  for (let t = 0; t < steps; t += every) out.push(t);
  out.push(steps);
  return out;
};

/** Runs the experiment (params validated by noiseScaleParams). */
export async function runNoiseScale(lab: Lab, p: NoiseScaleParams, hooks: RunHooks = {}): Promise<NoiseScaleResult> {
  // The closed form is for least squares only.
  const closedForm = (w: readonly number[]) => (p.model === 'linreg' ? analyticNoise(w, p.wTrue, p.noise) : null);
  const analytic = closedForm(p.w);
  const result: NoiseScaleResult = {
    experiment: 'noise-scale', params: p, adapter: lab.gpu.adapter,
    bSimple: { perExample: NaN, twoBatch: NaN, analytic: analytic?.bSimple ?? null },
    parts: { perExample: { g2: NaN, trace: NaN }, twoBatch: { g2: NaN, trace: NaN }, analytic: analytic && { g2: analytic.g2, trace: analytic.trace } },
    trace: [], traceDivergedAt: null, elapsedMs: 0, tuning: lab.tuning,
  };
  const marks = traceSteps(p.steps);
  const meter = new WorkMeter(3 + marks.length, hooks);
  return runOnDataset(lab, proceduralDataset(p), result, async (data) => {
    const pe = await perExampleAt(lab, data, p, p.w, 0);
    result.bSimple.perExample = pe.bSimple;
    result.parts.perExample = { g2: pe.g2, trace: pe.trace };
    meter.advance(1, 'per-example gradients');
    const small = await meanSq(lab, data, p, p.bSmall, STREAM_SMALL, hooks);
    meter.advance(1, `b = ${p.bSmall}`);
    const big = await meanSq(lab, data, p, p.bBig, STREAM_BIG, hooks);
    meter.advance(1, `b = ${p.bBig}`);
    const tb = twoBatchNoise(small, p.bSmall, big, p.bBig);
    result.bSimple.twoBatch = tb.bSimple;
    result.parts.twoBatch = { g2: tb.g2, trace: tb.trace };

    let w = Array<number>(p.d).fill(0);
    for (let t = 0; t <= p.steps; t++) {
      checkCancelled(hooks.signal);
      if (!w.every(Number.isFinite)) {
        result.traceDivergedAt = t;
        break;
      }
      if (marks.includes(t)) {
        const at = await perExampleAt(lab, data, p, w, t + 1);
        // w finite but the loss past f32's range: diverged too.
        if (!Number.isFinite(at.loss) || !Number.isFinite(at.bSimple)) {
          result.traceDivergedAt = t;
          break;
        }
        result.trace.push({ step: t, bSimple: at.bSimple, analytic: closedForm(w)?.bSimple ?? null, loss: at.loss });
        meter.advance(1, `trace at step ${t}`);
      }
      if (t === p.steps) break;
      const sums = await lab.batchSums(data, w, p.bSmall, 1, { kind: 'drawn', key: sampleKey(p.seed, STREAM_TRAIN, p.bSmall) }, t);
      w = w.map((x, c) => x - (p.lr * sums[c]) / p.bSmall);
    }
  });
}
