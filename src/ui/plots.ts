/**
 * The uPlot panels: std against b (log-log, with the 1/√b law), one histogram of the
 * estimates per b (coordinate 0, true gradient marked), and the loss trajectories (log y).
 * Data passes to uPlot as column arrays.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { QualityResult, TrajectoryResult } from '../experiments/types';
import { rms } from '../experiments/stats';
import { coordinate, histogram, sharedRange } from './histogram';

/** Series colours, in order; the true-gradient mark is green as in the chapter's figure. */
export const PALETTE = ['#2563eb', '#ea580c', '#7c3aed', '#0891b2', '#db2777', '#ca8a04', '#4b5563', '#dc2626'];
const TRUTH = '#16a34a';
/** Axis styling shared by every panel. */
export const AXIS = { stroke: '#475569', grid: { stroke: '#e2e8f0', width: 1 }, ticks: { stroke: '#cbd5e1', width: 1 } };
const HIST_BINS = 60;

/** A count tick: integers only, thousands as "k" so narrow axes stay readable. */
const count = (v: number | null) => (v == null || !Number.isInteger(v) ? '' : v >= 1000 ? `${v / 1000}k` : String(v));
const positive = (v: number) => (Number.isFinite(v) && v > 0 ? v : null);

/** Owns the live uPlot instances, resizes them with their containers, destroys them on redraw. */
/** A log-axis tick: 3 significant digits, in exponent form when very large or small. */
function tickLabel(t: number | null): string {
  if (t == null) return '';
  return t !== 0 && (Math.abs(t) >= 1e5 || Math.abs(t) < 1e-3) ? t.toExponential(0) : String(+t.toPrecision(3));
}

export class Plots {
  private charts = new Map<string, uPlot[]>();
  private readonly observer = new ResizeObserver((entries) => {
    for (const e of entries) this.fit(e.target as HTMLElement);
  });

  constructor(private readonly els: { std: HTMLElement; hist: HTMLElement; loss: HTMLElement; accuracy: HTMLElement }) {
    for (const el of Object.values(els)) this.observer.observe(el);
  }

  /** Destroys the charts drawn into `el` and empties it. */
  private drop(el: HTMLElement): void {
    for (const c of this.charts.get(el.id) ?? []) c.destroy();
    this.charts.delete(el.id);
    el.replaceChildren();
  }

  private fit(el: HTMLElement): void {
    const charts = this.charts.get(el.id) ?? [];
    if (el === this.els.hist && charts.length > 0) layoutGrid(el, charts.length);
    for (const c of charts) {
      const w = el === this.els.hist ? (c.root.parentElement?.clientWidth ?? 0) : el.clientWidth;
      if (w > 0 && Math.abs(w - c.width) > 1) c.setSize({ width: w, height: c.height });
    }
  }

  /** Both quality panels from a (possibly partial) result. */
  quality(r: QualityResult): void {
    this.std(r);
    this.histograms(r);
  }

  /** Log-log std of the estimates against b, and c/√b through the first row. */
  private std(r: QualityResult): void {
    const el = this.els.std;
    this.drop(el);
    if (r.rows.length === 0) return;
    const rows = [...r.rows].sort((a, b) => a.batch - b.batch);
    const first = r.rows[0];
    const anchor = rms(first.std) * Math.sqrt(first.batch);
    const label = r.params.d === 1 ? 'std of estimate' : 'RMS std over coordinates';
    // Without replacement the finite-population correction bends the law: show the expected std too.
    const expected = r.params.sampling === 'without' && rows.some((row) => row.expectedStd);
    const data: uPlot.AlignedData = [
      rows.map((row) => row.batch),
      rows.map((row) => positive(anchor / Math.sqrt(row.batch))),
      rows.map((row) => positive(rms(row.std))),
      ...(expected ? [rows.map((row) => (row.expectedStd ? positive(rms(row.expectedStd)) : null))] : []),
    ];
    const chart = new uPlot({
      width: el.clientWidth || 480,
      height: 300,
      scales: { x: { time: false, distr: 3, log: 2 }, y: { distr: 3, log: 10 } },
      axes: [
        { ...AXIS, label: 'batch size b', values: (_, ticks) => ticks.map((t) => (t == null ? '' : String(t))) },
        { ...AXIS, label, size: 60, values: (_, ticks) => ticks.map(tickLabel) },
      ],
      series: [
        { label: 'b' },
        { label: `1/√b law from b=${first.batch}`, stroke: TRUTH, width: 2, dash: [7, 5], points: { show: false } },
        { label, stroke: PALETTE[0], width: 1.5, points: { size: 9, fill: PALETTE[0] } },
        ...(expected ? [{ label: 'expected σ̂·√(FPC/b)', stroke: PALETTE[1], width: 1.5, dash: [2, 4], points: { size: 6, fill: PALETTE[1] } }] : []),
      ],
      legend: { live: false },
    }, data, el);
    this.charts.set(el.id, [chart]);
  }

  /** One small histogram per b on a shared x range, with the true gradient drawn in green. */
  private histograms(r: QualityResult): void {
    const el = this.els.hist;
    this.drop(el);
    if (r.rows.length === 0) return;
    const truth = r.fullGradient[0];
    const groups = r.rows.map((row) => coordinate(row.estimates, r.params.d, 0));
    layoutGrid(el, r.rows.length);
    const range = sharedRange(groups, Number.isFinite(truth) ? [truth] : [], 0.01);
    const charts = r.rows.map((row, i) => {
      const bins = histogram(groups[i], range, HIST_BINS);
      const cell = el.appendChild(document.createElement('div'));
      cell.className = 'hist-cell';
      cell.dataset.batch = String(row.batch);
      const title = cell.appendChild(document.createElement('div'));
      title.className = 'hist-title';
      title.textContent = `b = ${row.batch}`;
      const note = title.appendChild(document.createElement('span'));
      note.textContent = `std ${row.std[0].toFixed(3)}${bins.outside ? ` · ${bins.outside} outside` : ''}`;
      return new uPlot({
        width: cell.clientWidth || 200,
        height: 150,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: () => range }, y: { range: (_, _lo, hi) => [0, Math.max(1, hi) * 1.1] } },
        axes: [
          { ...AXIS, size: 28, font: '11px system-ui, sans-serif', ticks: { show: false }, label: 'gradient estimate', labelSize: 14, labelFont: '11px system-ui, sans-serif' },
          { ...AXIS, size: 36, font: '11px system-ui, sans-serif', ticks: { show: false }, values: (_, t) => t.map(count), label: 'count', labelSize: 14, labelFont: '11px system-ui, sans-serif' },
        ],
        series: [
          {},
          { label: 'count', fill: `${PALETTE[i % PALETTE.length]}99`, stroke: PALETTE[i % PALETTE.length], width: 1, paths: uPlot.paths.bars!({ size: [1, Infinity], gap: 0 }), points: { show: false } },
        ],
        hooks: { draw: [(u) => markTruth(u, truth)] },
      }, [bins.centers, bins.counts], cell);
    });
    this.charts.set(el.id, charts);
  }

  /**
   * Full-data loss against step, one series per batch size, log y; for logistic regression
   * the full-data accuracy beside it (the two figures side by side).
   */
  trajectory(r: TrajectoryResult): void {
    const el = this.els.loss;
    this.drop(el);
    this.drop(this.els.accuracy);
    const logistic = r.params.model === 'logreg' && r.runs.some((run) => run.points.some((p) => p.accuracy !== undefined));
    el.closest('.traj-plots')?.classList.toggle('pair', logistic);
    if (r.runs.length === 0) return;
    const steps = r.runs[0].points.map((p) => p.step);
    if (logistic) this.accuracy(r, steps);
    const data: uPlot.AlignedData = [steps, ...r.runs.map((run) => run.points.map((p) => positive(p.loss)))];
    const chart = new uPlot({
      width: el.clientWidth || 640,
      height: 320,
      scales: { x: { time: false }, y: { distr: 3, log: 10 } },
      axes: [
        { ...AXIS, label: 'step t' },
        { ...AXIS, label: 'full-data loss L(w)', size: 64, values: (_, ticks) => ticks.map(tickLabel) },
      ],
      series: [{ label: 't' }, ...runSeries(r)],
      legend: { live: false },
    }, data, el);
    this.charts.set(el.id, [chart]);
  }

  /** Logistic regression's full-data accuracy against step, one series per batch size. */
  private accuracy(r: TrajectoryResult, steps: number[]): void {
    const el = this.els.accuracy;
    const finite = (v: number | null | undefined) => (v !== undefined && v !== null && Number.isFinite(v) ? v : null);
    const data: uPlot.AlignedData = [steps, ...r.runs.map((run) => run.points.map((p) => finite(p.accuracy)))];
    const chart = new uPlot({
      width: el.clientWidth || 480,
      height: 320,
      scales: { x: { time: false }, y: { range: (_, lo, hi) => [Math.max(0, Math.min(lo, 0.5) - 0.02), Math.min(1, hi + 0.02)] } },
      axes: [
        { ...AXIS, label: 'step t' },
        { ...AXIS, label: 'full-data accuracy', size: 56, values: (_, ticks) => ticks.map((t) => (t == null ? '' : t.toFixed(2))) },
      ],
      series: [{ label: 't' }, ...runSeries(r)],
      legend: { live: false },
    }, data, el);
    this.charts.set(el.id, [chart]);
  }

  /** Removes every chart. */
  clear(): void {
    for (const el of Object.values(this.els)) this.drop(el);
  }
}

/** Histogram columns: at most 4 and about 220 px each; fewest rows, then fewest empty slots. */
function layoutGrid(el: HTMLElement, panels: number): void {
  const most = Math.max(1, Math.min(4, panels, Math.floor(el.clientWidth / 220)));
  let best = most;
  const cost = (c: number) => [Math.ceil(panels / c), Math.ceil(panels / c) * c - panels];
  for (let c = most - 1; c >= 1; c--) {
    const [rows, empty] = cost(c);
    const [bestRows, bestEmpty] = cost(best);
    if (rows < bestRows || (rows === bestRows && empty < bestEmpty)) best = c;
  }
  el.style.gridTemplateColumns = `repeat(${best}, minmax(0, 1fr))`;
}

/** Draws a vertical green line at x = value across the plotting area. */
function markTruth(u: uPlot, value: number): void {
  if (!Number.isFinite(value)) return;
  const x = Math.round(u.valToPos(value, 'x', true));
  const { top, height } = u.bbox;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = TRUTH;
  ctx.lineWidth = 2 * uPlot.pxRatio;
  ctx.beginPath();
  ctx.moveTo(x, top);
  ctx.lineTo(x, top + height);
  ctx.stroke();
  ctx.restore();
}

/** One line with points per trajectory run, coloured by its batch size's place. */
function runSeries(r: TrajectoryResult): uPlot.Series[] {
  return r.runs.map((run, i) => ({
    label: `b = ${run.batch}`,
    stroke: PALETTE[i % PALETTE.length],
    width: 2,
    points: { size: 7, fill: PALETTE[i % PALETTE.length] },
  }));
}
