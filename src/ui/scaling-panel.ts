/**
 * The scaling-model panel (Exercise 10.2.3, `lab scaling-model`): its form, value per unit
 * time V(K)/V(1) against the number of workers K (log x) with K* marked, and the CLI's
 * table (K = powers of two up to max-k, and K* with its neighbours). t_compute is given
 * or, with its field empty, measured on this adapter as one pipelined SGD step at b.
 */
import uPlot from 'uplot';
import type { Lab } from '../engine/lab';
import type { RunHooks } from '../experiments/run-control';
import { SCALING_DEFAULTS, scalingModelParams, type ScalingModelParams, type ScalingModelResult } from '../experiments/scaling-model';
import { runScalingModel } from '../experiments/scaling-run';
import type { Model } from '../experiments/types';
import { InlineForm, type FormField } from './inline-form';
import { modelField } from './problem-fields';
import { ChartSlot, markX, showPlots, type SoloPanel } from './panel';
import { AXIS, PALETTE } from './plots';
import { empty, labelled, num, summary, table } from './table';

const FIELDS: FormField[] = [
  { flag: '--b', label: 'batch b', hint: 'b examples per worker and step', value: String(SCALING_DEFAULTS.b) },
  { flag: '--t-compute-us', label: 't_compute µs', hint: 'µs per step per worker; empty: measure one pipelined SGD step at b on this adapter', value: '', placeholder: 'measure' },
  { flag: '--bandwidth', label: 'bandwidth GB/s', hint: 'all-reduce link bandwidth', value: String(SCALING_DEFAULTS.bandwidthGBs) },
  { flag: '--latency-us', label: 'latency µs', hint: 'per-message latency, >= 0', value: String(SCALING_DEFAULTS.latencyUs) },
  { flag: '--bytes', label: 'bytes', hint: 'bytes all-reduced per step (4·d, the gradient; give a model size)', value: String(4 * SCALING_DEFAULTS.d) },
  { flag: '--max-k', label: 'largest K', hint: 'the table and plot run K = 1 … this', value: String(SCALING_DEFAULTS.maxK) },
  { ...modelField(), hint: 'the model whose SGD step is timed when t_compute is measured' },
];

const STAR = '#dc2626';
const kTick = (v: number) => (v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v));

export class ScalingPanel implements SoloPanel<ScalingModelParams, ScalingModelResult> {
  readonly label = 'scaling model';
  readonly form: InlineForm<ScalingModelParams>;
  private readonly chart: ChartSlot;

  /** `els`: the form, summary, table area, statement line and plot element. */
  constructor(private readonly els: { form: HTMLFormElement; summary: HTMLElement; wrap: HTMLElement; plot: HTMLElement }, onRun: (p: ScalingModelParams) => void) {
    this.form = new InlineForm(els.form, 'scaling', FIELDS, 'Run scaling model', (v) => scalingModelParams({
      b: v.num('--b'), bandwidthGBs: v.num('--bandwidth'), latencyUs: v.num('--latency-us'), bytes: v.num('--bytes'), maxK: v.num('--max-k'),
      tComputeUs: v.num('--t-compute-us') ?? null, model: v.text('--model') as Model,
    }), onRun);
    this.chart = new ChartSlot(els.plot, 300);
    this.clear('Run the scaling model to fill this table.');
  }

  run(lab: Lab, p: ScalingModelParams, hooks: RunHooks): Promise<ScalingModelResult> {
    return runScalingModel(lab, p, hooks);
  }

  show(r: ScalingModelResult): void {
    const p = r.params;
    const t = labelled('t_compute =', num(r.tComputeUs, 'tComputeUs', 'sig4'));
    t.append(` µs/step (${r.tComputeSource}${r.tComputeSource === 'measured' ? `: one pipelined ${p.model} SGD step at b = ${p.b}` : ''})`);
    const star = r.kStar === null ? labelled('K* =', 'none') : labelled('K* =', num(r.kStar, 'kStar', 'int'));
    if (r.bestValuePerTime !== null) star.append(' at ', num(r.bestValuePerTime, 'bestValuePerTime', 'sig4'), '× one worker');
    summary(this.els.summary, [
      t, star, labelled('b =', `${p.b} per worker`),
      labelled('ring all-reduce:', `${p.bytes} bytes at ${p.bandwidthGBs} GB/s, latency ${p.latencyUs} µs`),
    ], r.elapsedMs, false);

    const show = new Set<number>();
    for (let k = 1; k <= p.maxK; k *= 2) show.add(k);
    show.add(p.maxK);
    if (r.kStar !== null) for (const k of [r.kStar - 1, r.kStar, r.kStar + 1]) if (k >= 1 && k <= p.maxK) show.add(k);
    const { table: tbl, body } = table('scaling-table', ['workers K', 't_comm, µs', 'value/time (K = 1 → 1)']);
    for (const k of [...show].sort((a, b) => a - b)) {
      const row = r.rows[k - 1];
      const tr = body.insertRow();
      tr.dataset.k = String(k);
      if (k === r.kStar) tr.className = 'k-star';
      tr.insertCell().append(num(row.k, `rows.${k - 1}.k`, 'int'), k === r.kStar ? ' ← K*' : '');
      tr.insertCell().append(num(row.tCommUs, `rows.${k - 1}.tCommUs`, 'sig4'));
      tr.insertCell().append(num(row.valuePerTime, `rows.${k - 1}.valuePerTime`, 'sig4'));
    }
    const note = document.createElement('p');
    note.className = 'part-line';
    note.textContent = r.kStar === null
      ? "No finite K*: with zero latency the ring's bandwidth term stays below 2·bytes/bandwidth, so value per unit time keeps growing like √K."
      : `Past K* = ${r.kStar}${r.kStar > p.maxK ? ` (beyond the largest K, ${p.maxK})` : ''} the all-reduce, growing linearly in K, costs more than the √K gain in signal that each worker's b examples bring.`;
    this.els.wrap.replaceChildren(tbl, note);
    this.plot(r);
  }

  clear(text: string): void {
    empty(this.els.wrap, text);
    this.els.summary.replaceChildren();
    this.chart.clear();
    showPlots(this.els.plot, false);
  }

  /** V(K)/V(1) for K = 1 … max-k on a log-2 x axis, the one-worker level dotted, K* dashed. */
  private plot(r: ScalingModelResult): void {
    showPlots(this.els.plot, true);
    const star = r.kStar !== null && r.kStar <= r.params.maxK ? r.kStar : null;
    this.chart.draw({
      scales: { x: r.rows.length > 1 ? { time: false, distr: 3, log: 2 } : { time: false, range: [0, 2] }, y: { range: (_, lo, hi) => [Math.min(0, lo), hi * 1.08] } },
      axes: [
        { ...AXIS, label: 'workers K (log scale)', values: (_, t) => t.map((v) => (v == null ? '' : kTick(v))) },
        { ...AXIS, label: 'value per unit time, V(K)/V(1)', size: 56 },
      ],
      series: [
        { label: 'K' },
        { label: 'V(K)/V(1) = √K·T/(T + t_comm(K))', stroke: PALETTE[0], width: 2, points: { show: r.rows.length <= 64, size: 5, fill: PALETTE[0] } },
        { label: 'one worker', stroke: '#94a3b8', width: 1, dash: [2, 4], points: { show: false } },
      ],
      legend: { live: false },
      hooks: {
        draw: [(u) => {
          if (star === null) return;
          markX(u, star, STAR, { dash: [6, 4], label: `K* = ${star}` });
          ringPoint(u, star, r.rows[star - 1].valuePerTime);
        }],
      },
    }, [r.rows.map((row) => row.k), r.rows.map((row) => row.valuePerTime), r.rows.map(() => 1)]);
  }
}

/** A ring around the point (K*, V(K*)). */
function ringPoint(u: uPlot, x: number, y: number): void {
  const px = uPlot.pxRatio;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = STAR;
  ctx.lineWidth = 2 * px;
  ctx.beginPath();
  ctx.arc(u.valToPos(x, 'x', true), u.valToPos(y, 'y', true), 7 * px, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.restore();
}
