/** The workers experiment's terminal report: identity, distribution, unequal sizes. */
import type { WorkersResult } from './types';

const vec = (v: readonly number[], digits = 4) => v.map((x) => x.toFixed(digits)).join(', ');
/** A table cell: padded to 13 columns, and always followed by a gap (d > 1 rows are wider). */
const cell = (text: string) => (text.length >= 13 ? `${text}   ` : text.padEnd(13));

export function formatWorkersReport(r: WorkersResult): string {
  const { k, b, trials } = r.params;
  const u = r.unequal;
  const B = u.sizes.reduce((a, x) => a + x, 0);
  const lines = [
    `workers (${r.params.model}): K = ${k} local batches of b = ${b} vs one global batch of Kb = ${k * b}, at w = ${vec(r.params.w, 1)}   (true full gradient g = ${vec(r.fullGradient)})`,
    '',
    '(a) same samples: average of the K worker means vs the global mean',
    `    max |difference| over ${trials} trials = ${r.identity.maxAbsDiff === 0 ? '0' : r.identity.maxAbsDiff.toExponential(2)}   (${r.identity.bitwise ? 'bitwise equal' : 'equal within f32 rounding: S_k/b and the 1/K round unless b and K are powers of two'})`,
    '',
    `(b) over ${trials} trials`,
    'estimator            mean est.    std of est.',
    `global (Kb = ${k * b})`.padEnd(21) + cell(vec(r.equal.global.mean)) + vec(r.equal.global.std),
    `workers (K = ${k})`.padEnd(21) + cell(vec(r.equal.workers.mean)) + vec(r.equal.workers.std),
    '',
    `(c) unequal local batches b_k = ${u.sizes.join(',')} (Σb_k = ${B})`,
    'estimator            std of est.  predicted',
    'plain average'.padEnd(21) + cell(vec(u.unweightedStd)) + `${vec(u.predictedUnweightedStd)}   √((σ²/K²)·Σ1/b_k)`,
    'global (Σb_k)'.padEnd(21) + cell(vec(u.globalStd)) + `${vec(u.predictedGlobalStd)}   √(σ²/Σb_k)`,
    `    σ² = Kb·Var(global) from (b) = ${vec(u.sigma2)}`,
    `    plain average − global mean, max per trial: ${u.unweightedMaxAbsGap.toFixed(4)}   (not the global mini-batch gradient)`,
    `    size-weighted average − global mean, max:  ${u.weightedMaxAbsDiff.toExponential(2)}   (equal up to f32 rounding)`,
  ];
  return lines.join('\n');
}
