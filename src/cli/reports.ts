/**
 * Every experiment's result as the terminal shows it: the table, the warnings for stderr,
 * and, for a run that stopped early, the part that finished (empty when nothing did).
 */
import { formatBookReport, formatQualityReport, formatTrajectoryReport } from '../experiments/book-report';
import { formatLrScalingReport, type LrScalingResult } from '../experiments/lr-scaling';
import { formatNoiseReport, type NoiseScaleResult } from '../experiments/noise-scale';
import { formatScalingReport, type ScalingModelResult } from '../experiments/scaling-model';
import { formatThroughputReport } from '../experiments/throughput-report';
import { divergenceNote } from '../experiments/trajectory';
import type { BookResult, QualityResult, ThroughputResult, TrajectoryResult, WorkersResult } from '../experiments/types';
import { formatWorkersReport } from '../experiments/workers-report';

export type AnyResult = QualityResult | TrajectoryResult | BookResult | ThroughputResult | WorkersResult | ScalingModelResult | NoiseScaleResult | LrScalingResult;

/** The finished part of a result: null when nothing finished that a table could show. */
export function formatResult(r: AnyResult): string | null {
  switch (r.experiment) {
    case 'quality': return r.fullGradient.length > 0 ? formatQualityReport(r) : null;
    case 'trajectory': return r.runs.length > 0 ? formatTrajectoryReport(r) : null;
    case 'book': {
      // The chapter program's exact stdout when both parts finished; else what did.
      if (r.quality.rows.length === r.quality.params.batches.length && r.trajectory.runs.length === r.trajectory.params.batches.length) return formatBookReport(r).replace(/\n$/, '');
      const parts = [formatResult(r.quality), formatResult(r.trajectory)].filter((s) => s !== null);
      return parts.length > 0 ? parts.join('\n\n') : null;
    }
    case 'throughput': return r.rows.length > 0 ? formatThroughputReport(r) : null;
    case 'workers': return r.unequal.globalStd.length > 0 ? formatWorkersReport(r) : null;
    case 'scaling-model': return r.rows.length > 0 ? formatScalingReport(r) : null;
    case 'noise-scale': return Number.isFinite(r.bSimple.perExample) ? formatNoiseReport(r) : null;
    case 'lr-scaling': return r.runs.length > 0 ? formatLrScalingReport(r) : null;
  }
}

/** Lines for stderr: runs that diverged, and what to change. */
export function warnings(r: AnyResult): string[] {
  if (r.experiment === 'book') return warnings(r.trajectory);
  if (r.experiment === 'trajectory') return r.runs.map((run) => divergenceNote(run, r.params)).filter((n) => n !== null);
  if (r.experiment === 'noise-scale' && r.traceDivergedAt !== null) {
    return [`the traced SGD run diverged: the loss or w is no longer finite from step ${r.traceDivergedAt}; lr = ${r.params.lr} is too large for this problem, try a smaller --lr`];
  }
  return [];
}
