/**
 * The workers panel's two histograms, on one shared x range with the true gradient in
 * green: (b) the global Kb mean against the average of K worker means (same samples: the
 * same distribution, bar for bar when the identity is bitwise), and (c) with unequal b_k
 * the plain average of worker means against the global mean over Σb_k (a wider spread).
 * Coordinate 0 of each trial's estimate; bars for one estimator, a line for the other.
 */
import uPlot from 'uplot';
import type { WorkersResult } from '../experiments/types';
import { coordinate, histogram, sharedRange } from './histogram';
import { ChartSlot, markX, showPlots } from './panel';
import { AXIS, PALETTE } from './plots';

const BINS = 50;
const TRUTH = '#16a34a';
const count = (_: uPlot, t: number[]) => t.map((v) => (v == null || !Number.isInteger(v) ? '' : v >= 1000 ? `${v / 1000}k` : String(v)));

export class WorkersPlots {
  private readonly equal: ChartSlot;
  private readonly unequal: ChartSlot;

  constructor(els: { equal: HTMLElement; unequal: HTMLElement }) {
    this.equal = new ChartSlot(els.equal, 260);
    this.unequal = new ChartSlot(els.unequal, 260);
    this.clear();
  }

  /** Both histograms from a (possibly partial) result; a part without estimates is left empty. */
  draw(r: WorkersResult): void {
    this.clear();
    const d = r.params.d;
    const est = r.estimates;
    const equal = est?.equal && { bars: coordinate(est.equal.global, d, 0), line: coordinate(est.equal.workers, d, 0) };
    const unequal = est?.unequal && { bars: coordinate(est.unequal.global, d, 0), line: coordinate(est.unequal.unweighted, d, 0) };
    if (!equal) return;
    showPlots(this.equal.el, true);
    const truth = r.fullGradient[0];
    const groups = [equal.bars, equal.line, ...(unequal ? [unequal.bars, unequal.line] : [])];
    const range = sharedRange(groups, Number.isFinite(truth) ? [truth] : [], 0.002);
    const { k, b } = r.params;
    const B = r.unequal.sizes.reduce((a, x) => a + x, 0);
    overlay(this.equal, range, truth, equal, [`global mean (Kb = ${k * b})`, `average of ${k} worker means`]);
    if (unequal) overlay(this.unequal, range, truth, unequal, [`global mean (Σb_k = ${B})`, 'plain average of worker means']);
  }

  clear(): void {
    this.equal.clear();
    this.unequal.clear();
    showPlots(this.equal.el, false);
  }
}

/** Bars of `bars` and a line through the bin centres of `line`, on the x range `range`. */
function overlay(slot: ChartSlot, range: [number, number], truth: number, groups: { bars: number[]; line: number[] }, labels: [string, string]): void {
  const bars = histogram(groups.bars, range, BINS);
  const line = histogram(groups.line, range, BINS);
  const top = Math.max(1, ...bars.counts, ...line.counts) * 1.1;
  const font = '11px system-ui, sans-serif';
  slot.draw({
    scales: { x: { time: false, range: () => range }, y: { range: () => [0, top] } },
    axes: [
      { ...AXIS, label: 'gradient estimate (coordinate 0)', size: 30, labelSize: 18, labelFont: font, font },
      { ...AXIS, label: 'trials', size: 44, labelSize: 16, labelFont: font, font, values: count },
    ],
    series: [
      {},
      { label: labels[0], fill: `${PALETTE[0]}55`, stroke: PALETTE[0], width: 1, paths: uPlot.paths.bars!({ size: [1, Infinity], gap: 0 }), points: { show: false } },
      { label: labels[1], stroke: PALETTE[1], width: 2, points: { show: false } },
    ],
    legend: { live: false },
    cursor: { show: false },
    hooks: { draw: [(u) => markX(u, truth, TRUTH)] },
  }, [bars.centers, bars.counts, line.counts]);
}
