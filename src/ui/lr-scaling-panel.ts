/**
 * The learning-rate scaling panel (`lab lr-scaling`, the chapter's Section 6): its form
 * (every CLI flag, the CLI's defaults), the five runs as the CLI's table (batch, rate,
 * steps, warmup, final loss and accuracy, and the verdict against the baseline), and the
 * full-data loss and (logreg) accuracy against epochs, one line per run, each starting at
 * w = 0 (epoch 0). Every number carries data-path and data-format as in the other tables.
 */
import uPlot from 'uplot';
import type { Lab } from '../engine/lab';
import { LR_SCALING_DEFAULTS, LR_VARIANT_NAMES, lrScalingParams, verdict, type LrScalingParams, type LrScalingResult, type LrScalingRun, type LrVariant } from '../experiments/lr-scaling';
import { runLrScaling } from '../experiments/lr-scaling-run';
import type { RunHooks } from '../experiments/run-control';
import { InlineForm, type FormField } from './inline-form';
import { dataFields, marginField, modelField, modelSummary, noiseField, problemValues } from './problem-fields';
import { ChartSlot, type SoloPanel } from './panel';
import { AXIS, PALETTE } from './plots';
import { empty, labelled, num, summary, table } from './table';

const D = LR_SCALING_DEFAULTS;

const FIELDS: FormField[] = [
  { flag: '--b', label: 'batch b', hint: 'the baseline batch, and each worker\'s batch', value: String(D.b) },
  { flag: '--k', label: 'workers K', hint: 'the scaled runs take one step at global batch K·b <= n', value: String(D.k) },
  { flag: '--lr', label: 'baseline rate η', hint: 'the baseline rate, > 0; the scaled runs use η, K·η, K·η after a warmup, √K·η', value: String(D.lr) },
  { flag: '--epochs', label: 'epochs', hint: 'epochs per run, each a new GPU-shuffled permutation (drop_last)', value: String(D.epochs) },
  { flag: '--warmup', label: 'warmup epochs', hint: 'variant (c): epochs of linear warmup from η to K·η, at most --epochs', value: String(D.warmup) },
  modelField(D.model),
  ...dataFields(D.n, D.d),
  noiseField(D.noise, D.model),
  marginField(),
];

/** The runs' names, as the CLI's report prints them. */

/** Each run's line: the baseline dark and thick; (c) dashed over (b), which it tends to meet. */
const STYLE: Record<LrVariant, { stroke: string; width: number; dash?: number[] }> = {
  baseline: { stroke: '#0f172a', width: 2.5 },
  same: { stroke: PALETTE[1], width: 2 },
  linear: { stroke: PALETTE[0], width: 2 },
  warmup: { stroke: PALETTE[2], width: 2, dash: [8, 5] },
  sqrt: { stroke: PALETTE[3], width: 2.5, dash: [2, 3] },
};

const tick = (v: number | null) => (v == null ? '' : String(+v.toPrecision(3)));

export class LrScalingPanel implements SoloPanel<LrScalingParams, LrScalingResult> {
  readonly label = 'lr scaling';
  readonly form: InlineForm<LrScalingParams>;
  private readonly lossChart: ChartSlot;
  private readonly accuracyChart: ChartSlot;

  /** `els`: the form, summary, table area, the plots' shared legend, the loss and accuracy plot elements, and the note under them. */
  constructor(private readonly els: { form: HTMLFormElement; summary: HTMLElement; wrap: HTMLElement; legend: HTMLElement; lossPlot: HTMLElement; accuracyPlot: HTMLElement; note: HTMLElement }, onRun: (p: LrScalingParams) => void) {
    this.form = new InlineForm(els.form, 'lr-scaling', FIELDS, 'Run lr scaling', (v) => lrScalingParams({
      b: v.num('--b'), k: v.num('--k'), lr: v.num('--lr'), epochs: v.num('--epochs'), warmup: v.num('--warmup'),
      ...problemValues(v),
    }), onRun);
    this.lossChart = new ChartSlot(els.lossPlot, 320);
    this.accuracyChart = new ChartSlot(els.accuracyPlot, 320);
    this.clear('Run the learning-rate scaling experiment to fill this table.');
  }

  run(lab: Lab, p: LrScalingParams, hooks: RunHooks): Promise<LrScalingResult> {
    return runLrScaling(lab, p, hooks);
  }

  show(r: LrScalingResult, partial: boolean): void {
    const p = r.params;
    const logistic = p.model === 'logreg';
    const start = labelled('at w = 0: loss', Number.isFinite(r.initial.loss) ? num(r.initial.loss, 'initial.loss') : '–');
    if (r.initial.accuracy !== null) start.append(', accuracy ', num(r.initial.accuracy, 'initial.accuracy'));
    summary(this.els.summary, [
      labelled('baseline', `b = ${p.b}, η = ${p.lr}`),
      labelled('against', `K = ${p.k} workers × b = ${p.b} (global batch ${p.k * p.b})`),
      labelled('each run', `${p.epochs} epoch${p.epochs === 1 ? '' : 's'} of N = ${p.n}`),
      labelled('model', `${modelSummary(p)}, d = ${p.d}`),
      start,
      labelled('seed', String(p.seed)),
    ], r.elapsedMs, partial);

    const { table: t, body } = table('lr-scaling-table', ['run', 'batch', 'lr', 'steps', 'warmup steps', 'final loss', ...(logistic ? ['accuracy'] : []), 'vs baseline']);
    t.tHead!.rows[0].lastElementChild!.className = 'text';
    r.runs.forEach((run, i) => {
      const tr = body.insertRow();
      tr.dataset.variant = run.variant;
      tr.insertCell().textContent = LR_VARIANT_NAMES[run.variant];
      tr.insertCell().append(num(run.batch, `runs.${i}.batch`, 'int'));
      tr.insertCell().append(num(run.lr, `runs.${i}.lr`, 'g6'));
      tr.insertCell().append(num(run.steps, `runs.${i}.steps`, 'int'));
      tr.insertCell().append(run.warmupSteps > 0 ? num(run.warmupSteps, `runs.${i}.warmupSteps`, 'int') : '–');
      // A blown-up loss in exponent form (4.531e+17), not 18 digits and 4 decimals.
      tr.insertCell().append(num(run.finalLoss, `runs.${i}.finalLoss`, Math.abs(run.finalLoss) >= 1e6 ? 'sig4' : 'fixed4'));
      if (logistic) tr.insertCell().append(run.finalAccuracy === null ? '–' : num(run.finalAccuracy, `runs.${i}.finalAccuracy`));
      const said = tr.insertCell();
      said.textContent = run.variant === 'baseline' ? 'the reference' : verdict(run, r.runs[0]);
      said.className = `text verdict ${outcome(run)}${said.textContent.length > 40 ? ' long' : ''}`;
    });
    if (r.runs.length === 0) empty(this.els.wrap, 'No run finished.');
    else this.els.wrap.replaceChildren(t);
    this.plot(r);
  }

  clear(text: string): void {
    empty(this.els.wrap, text);
    this.els.summary.replaceChildren();
    this.lossChart.clear();
    this.accuracyChart.clear();
    this.els.legend.replaceChildren();
    this.showPlots(false, false);
    this.els.note.hidden = true;
  }

  /** Shows the plot pair and its legend (or hides them), with the accuracy figure only for logistic regression. */
  private showPlots(shown: boolean, accuracy: boolean): void {
    this.els.legend.hidden = !shown;
    const pair = this.els.lossPlot.closest<HTMLElement>('.plot-pair');
    if (pair) {
      pair.hidden = !shown;
      pair.classList.toggle('single', !accuracy);
    }
    const figure = this.els.accuracyPlot.closest('figure');
    if (figure) figure.hidden = !accuracy;
  }

  private legend(runs: LrScalingRun[]): void {
    this.els.legend.replaceChildren(...runs.map(legendItem));
  }

  /** Loss (and accuracy) against epochs, one line per finished run, from the w = 0 point at epoch 0. */
  private plot(r: LrScalingResult): void {
    this.lossChart.clear();
    this.accuracyChart.clear();
    const logistic = r.params.model === 'logreg';
    const runs = r.runs.filter((run) => run.points.length > 0);
    const accuracy = logistic && runs.some((run) => run.points.some((q) => q.accuracy !== null));
    this.showPlots(runs.length > 0, accuracy);
    const note = this.els.note;
    note.hidden = logistic || runs.length === 0;
    note.textContent = 'No accuracy plot: least squares (linreg) has no accuracy; the full-data loss is the measure.';
    if (runs.length === 0) return;

    // One x array for every run: the union of their recorded epochs (the baseline's and the
    // K·b runs' differ), each run null where it recorded nothing and its line spanning the gaps.
    const initial = r.initial;
    const xs = [...new Set([...(Number.isFinite(initial.loss) ? [0] : []), ...runs.flatMap((run) => run.points.map((q) => q.epoch))])].sort((a, b) => a - b);
    const column = (run: LrScalingRun, value: (q: { loss: number; accuracy: number | null }) => number | null) => {
      const byEpoch = new Map<number, number | null>(run.points.map((q) => [q.epoch, value(q)]));
      if (Number.isFinite(initial.loss)) byEpoch.set(0, value(initial));
      return xs.map((x) => byEpoch.get(x) ?? null);
    };
    const finite = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);
    const losses = runs.map((run) => column(run, (q) => finite(q.loss)));
    const values = losses.flat().filter((v): v is number => v !== null);
    // Log y when the loss falls by a decade or more (least squares); the logistic loss falls from log 2 by about half.
    const log = values.length > 0 && values.every((v) => v > 0) && Math.max(...values) / Math.min(...values) >= 10;
    // A diverging run leaves the plot at the top instead of squashing the others.
    const top = Number.isFinite(initial.loss) ? initial.loss * (log ? 10 : 1.5) : Infinity;
    // Both plots draw the same runs: one legend above them, each line's colour and dash.
    this.legend(runs);
    const series = runs.map((run) => ({ label: LR_VARIANT_NAMES[run.variant], ...STYLE[run.variant], spanGaps: true, points: { show: false } }));
    const xAxis = { ...AXIS, label: `epochs (${r.params.n} examples each)` };
    this.lossChart.draw({
      scales: {
        x: { time: false, range: [0, r.params.epochs] },
        y: log ? { distr: 3, log: 10, range: (_, lo, hi) => uPlot.rangeLog(lo, Math.min(hi, top), 10, true) } : { range: (_, lo, hi) => padded(lo, Math.min(hi, top)) },
      },
      axes: [xAxis, { ...AXIS, label: `full-data loss${log ? ' (log scale)' : ''}`, size: 60, values: (_, ticks) => ticks.map(tick) }],
      series: [{ label: 'epoch' }, ...series],
      legend: { show: false },
    }, [xs, ...losses]);

    if (!accuracy) return;
    this.accuracyChart.draw({
      scales: { x: { time: false, range: [0, r.params.epochs] }, y: { range: (_, lo, hi) => padded(lo, Math.min(1, hi)) } },
      axes: [xAxis, { ...AXIS, label: 'full-data accuracy', size: 56, values: (_, ticks) => ticks.map((v) => (v == null ? '' : v.toFixed(2))) }],
      series: [{ label: 'epoch' }, ...series],
      legend: { show: false },
    }, [xs, ...runs.map((run) => column(run, (q) => finite(q.accuracy)))]);
  }
}

/** A legend entry per run: a sample of its line (colour, width, dash) and its name, batch and rate. */
function legendItem(run: LrScalingRun): HTMLElement {
  const style = STYLE[run.variant];
  const item = document.createElement('span');
  item.className = 'legend-item';
  item.dataset.variant = run.variant;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', '30');
  svg.setAttribute('height', '10');
  svg.setAttribute('aria-hidden', 'true');
  const line = svg.appendChild(document.createElementNS(SVG, 'line'));
  for (const [k, v] of Object.entries({ x1: '1', y1: '5', x2: '29', y2: '5', stroke: style.stroke, 'stroke-width': String(style.width), 'stroke-dasharray': style.dash?.join(' ') ?? '' })) line.setAttribute(k, v);
  const name = document.createElement('strong');
  name.textContent = LR_VARIANT_NAMES[run.variant];
  item.append(svg, name, ` b = ${run.batch}, lr ${+run.lr.toPrecision(4)}`);
  if (run.divergedAt !== null) item.append(` (diverged by step ${run.divergedAt})`);
  return item;
}

const SVG = 'http://www.w3.org/2000/svg';

/** A linear range around [lo, hi] with 5% room each side. */
function padded(lo: number | null, hi: number | null): uPlot.Range.MinMax {
  if (lo === null || hi === null) return [0, 1];
  const room = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 0.05;
  return [lo - room, hi + room];
}

/** The verdict's tone: recovers (ok), misses (warn), diverged (bad); '' for the baseline. */
function outcome(run: LrScalingRun): string {
  if (run.divergedAt !== null) return 'bad';
  if (run.shortfall === null) return '';
  return verdict(run) === 'recovers the baseline' ? 'ok' : 'warn';
}
