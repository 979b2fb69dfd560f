/**
 * The throughput panel's uPlot charts, the "hardware saturation" picture: examples/s
 * against b on log-log axes with each mode's knee (b_sat) marked, and µs per step against
 * b. Data passes to uPlot as column arrays, one column per mode.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { SATURATION, peakRate } from '../experiments/saturation';
import { rowsByBatch } from '../experiments/throughput-report';
import type { ThroughputMode, ThroughputResult, ThroughputRow } from '../experiments/types';
import { AXIS, PALETTE } from './plots';

/** Each mode's colour: pipelined in the page's accent blue, sync in orange. */
export const MODE_COLOUR: Record<ThroughputMode, string> = { pipelined: PALETTE[0], sync: PALETTE[1] };
const MODES: readonly ThroughputMode[] = ['sync', 'pipelined'];
const positive = (v: number | undefined) => (v !== undefined && Number.isFinite(v) && v > 0 ? v : null);
const si = (v: number) => (v >= 1e9 ? `${+(v / 1e9).toPrecision(3)}G` : v >= 1e6 ? `${+(v / 1e6).toPrecision(3)}M` : v >= 1e3 ? `${+(v / 1e3).toPrecision(3)}k` : String(+v.toPrecision(3)));
const ticks = (f: (v: number) => string) => (_: uPlot, t: number[]) => t.map((v) => (v == null ? '' : f(v)));
/** b ticks: 1, 2, …, 512, then 1k, 2k, …, 1M. */
const batchTick = (v: number) => (v >= 2 ** 20 ? `${v / 2 ** 20}M` : v >= 1024 ? `${v / 1024}k` : String(v));

export class ThroughputPlots {
  private charts: uPlot[] = [];
  private readonly observer = new ResizeObserver(() => this.fit());

  /** `els` are the two plot elements; their common parent is hidden while nothing is drawn. */
  constructor(private readonly els: { rate: HTMLElement; time: HTMLElement }) {
    for (const el of Object.values(els)) this.observer.observe(el);
    this.clear();
  }

  private set shown(shown: boolean) {
    const pair = this.els.rate.closest<HTMLElement>('.plot-pair');
    if (pair) pair.hidden = !shown;
  }

  /** Both charts from a (possibly partial) result. */
  draw(r: ThroughputResult): void {
    this.clear();
    const byBatch = rowsByBatch(r).sort((a, b) => a.batch - b.batch);
    if (byBatch.length === 0) return;
    this.shown = true;   // before measuring widths
    const x = byBatch.map((g) => g.batch);
    const column = (mode: ThroughputMode, f: (row: ThroughputRow) => number) => byBatch.map((g) => positive(g[mode] && f(g[mode]!)));
    const series = (label: string) => MODES.map((mode) => ({
      label: `${mode} ${label}`, stroke: MODE_COLOUR[mode], width: 2, points: { size: 7, fill: MODE_COLOUR[mode] },
    }));
    const xAxis = { ...AXIS, label: 'batch size b (log scale)', values: ticks(batchTick) };
    const xScale = { time: false, distr: 3, log: 2 } as const;
    this.charts.push(new uPlot({
      width: this.els.rate.clientWidth || 520,
      height: 320,
      scales: { x: xScale, y: { distr: 3, log: 10 } },
      axes: [xAxis, { ...AXIS, label: 'examples per second (log scale)', size: 64, values: ticks(si) }],
      series: [{ label: 'b' }, ...series('examples/s')],
      legend: { live: false },
      hooks: { draw: [(u) => MODES.forEach((mode, i) => markKnee(u, r, mode, i))] },
    }, [x, column('sync', (row) => row.examplesPerSec), column('pipelined', (row) => row.examplesPerSec)], this.els.rate));
    this.charts.push(new uPlot({
      width: this.els.time.clientWidth || 520,
      height: 320,
      scales: { x: xScale, y: { distr: 3, log: 10 } },
      axes: [xAxis, { ...AXIS, label: 'time per step, µs (log scale)', size: 64, values: ticks(si) }],
      series: [{ label: 'b' }, ...series('µs/step')],
      legend: { live: false },
    }, [x, column('sync', (row) => row.usPerStep), column('pipelined', (row) => row.usPerStep)], this.els.time));
  }

  /** Removes both charts. */
  clear(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    for (const el of Object.values(this.els)) el.replaceChildren();
    this.shown = false;
  }

  private fit(): void {
    for (const c of this.charts) {
      const w = c.root.parentElement?.clientWidth ?? 0;
      if (w > 0 && Math.abs(w - c.width) > 1) c.setSize({ width: w, height: c.height });
    }
  }
}

/**
 * Marks one mode's knee: a dashed vertical line at b_sat, a ring on its point, a dotted
 * line at SATURATION × the peak, and the label "b_sat = …" (row `slot` of labels, from the bottom).
 */
function markKnee(u: uPlot, r: ThroughputResult, mode: ThroughputMode, slot: number): void {
  const b = r.bSat[mode];
  const row = r.rows.find((x) => x.mode === mode && x.batch === b);
  if (b === null || !row) return;
  const px = uPlot.pxRatio;
  const x = Math.round(u.valToPos(b, 'x', true));
  const y = Math.round(u.valToPos(row.examplesPerSec, 'y', true));
  const level = Math.round(u.valToPos(SATURATION * peakRate(r.rows, mode), 'y', true));
  const { left, top, width, height } = u.bbox;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = ctx.fillStyle = MODE_COLOUR[mode];
  ctx.lineWidth = 1.5 * px;
  ctx.setLineDash([6 * px, 4 * px]);
  ctx.beginPath();
  ctx.moveTo(x, top);
  ctx.lineTo(x, top + height);
  ctx.stroke();
  ctx.setLineDash([2 * px, 3 * px]);
  ctx.beginPath();
  ctx.moveTo(left, level);
  ctx.lineTo(left + width, level);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.lineWidth = 2 * px;
  ctx.beginPath();
  ctx.arc(x, y, 7 * px, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.font = `600 ${12 * px}px system-ui, sans-serif`;
  const text = `${mode} b_sat = ${batchTick(b)}`;
  const right = x + 6 * px + ctx.measureText(text).width > left + width;
  ctx.textAlign = right ? 'right' : 'left';
  // Labels go low in the plot: at and right of the knee the curves run high.
  ctx.fillText(text, right ? x - 6 * px : x + 6 * px, top + height - (10 + 18 * (1 - slot)) * px);
  ctx.restore();
}
