/**
 * The noise-scale panel (`lab noise-scale`): its form, B_simple = tr(Σ)/|G|² three ways
 * (per-example, two-batch, analytic) with the |G|² and tr(Σ) behind each, the trace of
 * B_simple along SGD (table and plot), and B_simple set against the throughput panel's
 * b_sat when that panel has a result.
 */
import type { Lab } from '../engine/lab';
import { NOISE_DEFAULTS, compareWithSaturation, savedThroughput, noiseScaleParams, type NoiseScaleParams, type NoiseScaleResult } from '../experiments/noise-scale';
import { runNoiseScale } from '../experiments/noise-scale-run';
import { DEFAULTS } from '../experiments/params';
import type { RunHooks } from '../experiments/run-control';
import type { ThroughputResult } from '../experiments/types';
import { format } from './format';
import { InlineForm, type FormField } from './inline-form';
import { dataFields, marginField, modelField, modelSummary, noiseField, problemValues } from './problem-fields';
import { ChartSlot, showPlots, type SoloPanel } from './panel';
import { AXIS, PALETTE } from './plots';
import { empty, labelled, num, summary, table } from './table';

const FIELDS: FormField[] = [
  { flag: '--w', label: 'probe point w', hint: 'where B_simple is estimated: one value or d values, not w_true', value: String(DEFAULTS.w), list: true },
  { flag: '--samples', label: 'samples M', hint: 'per-example gradients read back, 2 to 2^20', value: String(NOISE_DEFAULTS.samples) },
  { flag: '--b-small', label: 'small batch', hint: 'small batch of the two-batch estimate and of the SGD trace', value: String(NOISE_DEFAULTS.bSmall) },
  { flag: '--b-big', label: 'big batch', hint: 'big batch of the two-batch estimate, > small batch', value: String(NOISE_DEFAULTS.bBig) },
  { flag: '--rows', label: 'batches each', hint: 'batch means per size for the two-batch estimate', value: String(NOISE_DEFAULTS.rows) },
  { flag: '--lr', label: 'learning rate', hint: 'SGD of the trace, from w = 0 at the small batch', value: String(NOISE_DEFAULTS.lr) },
  { flag: '--steps', label: 'steps', hint: 'SGD steps of the trace', value: String(NOISE_DEFAULTS.steps) },
  ...dataFields(NOISE_DEFAULTS.n),
  modelField(),
  noiseField(DEFAULTS.noise),
  marginField(),
];

const ESTIMATES = [
  ['perExample', 'per-example', (p: NoiseScaleParams) => `M = ${p.samples} per-example gradients`],
  ['twoBatch', 'two-batch', (p: NoiseScaleParams) => `b = ${p.bSmall} and ${p.bBig}, ${p.rows} batches each`],
  ['analytic', 'analytic', () => 'closed form for isotropic least squares'],
] as const;

export class NoisePanel implements SoloPanel<NoiseScaleParams, NoiseScaleResult> {
  readonly label = 'noise scale';
  readonly form: InlineForm<NoiseScaleParams>;
  private readonly chart: ChartSlot;
  private result: NoiseScaleResult | null = null;
  private throughput: ThroughputResult | null = null;

  /** `els`: the form, summary, estimates area, comparison line, trace table area and plot element. */
  constructor(private readonly els: { form: HTMLFormElement; summary: HTMLElement; wrap: HTMLElement; compare: HTMLElement; trace: HTMLElement; plot: HTMLElement }, onRun: (p: NoiseScaleParams) => void) {
    this.form = new InlineForm(els.form, 'noise', FIELDS, 'Run noise scale', (v) => {
      return noiseScaleParams({ ...problemValues(v), w: v.list('--w') }, {
        samples: v.num('--samples'), bSmall: v.num('--b-small'), bBig: v.num('--b-big'), rows: v.num('--rows'), lr: v.num('--lr'), steps: v.num('--steps'),
      });
    }, onRun);
    this.chart = new ChartSlot(els.plot, 280);
    this.clear('Run the noise-scale experiment to fill this table.');
  }

  run(lab: Lab, p: NoiseScaleParams, hooks: RunHooks): Promise<NoiseScaleResult> {
    return runNoiseScale(lab, p, hooks);
  }

  show(r: NoiseScaleResult, partial: boolean): void {
    this.result = r;
    const p = r.params;
    summary(this.els.summary, [
      labelled('w =', p.w.join(', ')), labelled('w_true =', p.wTrue.join(', ')), labelled('d =', String(p.d)),
      labelled('model', modelSummary(p)), labelled('n =', String(p.n)), labelled('seed', String(p.seed)),
    ], r.elapsedMs, partial);
    const { table: t, body } = table('noise-table', ['estimate', '|G|²', 'tr(Σ)', 'B_simple', 'from']);
    t.tHead!.rows[0].lastElementChild!.className = 'text';
    for (const [key, name, from] of ESTIMATES) {
      const parts = r.parts[key];
      if (key !== 'analytic' && !Number.isFinite(r.bSimple[key])) continue;   // not measured (partial run)
      const tr = body.insertRow();
      tr.dataset.estimate = key;
      tr.insertCell().textContent = name;
      tr.insertCell().append(parts ? num(parts.g2, `parts.${key}.g2`, 'sig4') : '–');
      tr.insertCell().append(parts ? num(parts.trace, `parts.${key}.trace`, 'sig4') : '–');
      const value = r.bSimple[key];
      if (value === null) {
        const none = tr.insertCell();
        none.className = 'none';
        none.textContent = 'no closed form';
      } else {
        tr.insertCell().append(num(value, `bSimple.${key}`, 'sig4'));
      }
      const note = tr.insertCell();
      note.className = 'text';
      note.textContent = key === 'analytic' && value === null ? `the closed form is for least squares; none for ${p.model}` : from(p);
    }
    // The closed form exists for least squares only: without it the trace has no analytic column.
    const closedForm = r.trace.some((t) => t.analytic !== null);
    const trace = table('noise-trace-table', ['step', 'B_simple', ...(closedForm ? ['analytic'] : []), 'loss (M ex.)']);
    r.trace.forEach((point, i) => {
      const tr = trace.body.insertRow();
      tr.insertCell().append(num(point.step, `trace.${i}.step`, 'int'));
      tr.insertCell().append(num(point.bSimple, `trace.${i}.bSimple`, 'sig4'));
      if (closedForm) tr.insertCell().append(point.analytic === null ? '–' : num(point.analytic, `trace.${i}.analytic`, 'sig4'));
      tr.insertCell().append(num(point.loss, `trace.${i}.loss`, 'sig4'));
    });
    const traceTitle = document.createElement('h3');
    traceTitle.textContent = `Along SGD from w = 0 (b = ${p.bSmall}, lr ${p.lr})`;
    this.els.wrap.replaceChildren(t);
    const diverged = document.createElement('p');
    diverged.className = 'param-error';
    diverged.id = 'noise-diverged';
    diverged.textContent = `The traced SGD run diverged: the loss or w is no longer finite from step ${r.traceDivergedAt}; try a smaller learning rate.`;
    this.els.trace.replaceChildren(...(r.trace.length > 0 ? [traceTitle, trace.table] : []), ...(r.traceDivergedAt !== null ? [diverged] : []));
    this.plot(r);
    this.compare(this.throughput);
  }

  /**
   * B_simple against the throughput panel's b_sat (both modes): what each means, and the
   * CLI's reading (compareWithSaturation, as `lab noise-scale --throughput FILE` prints it).
   */
  compare(throughput: ThroughputResult | null): void {
    this.throughput = throughput;
    const el = this.els.compare;
    const r = this.result;
    if (!r || !Number.isFinite(r.bSimple.perExample)) {
      el.hidden = true;
      return;
    }
    el.hidden = false;
    if (!throughput || (throughput.bSat.pipelined === null && throughput.bSat.sync === null)) {
      el.replaceChildren('B_simple ≈ ', format(r.bSimple.perExample, 'sig4'), ': run the throughput panel to compare with b_sat.');
      return;
    }
    const { reading } = compareWithSaturation(r, savedThroughput(throughput));
    const sat = (mode: 'pipelined' | 'sync') => num(throughput.bSat[mode], `bSat.${mode}`, 'int');
    const strong = document.createElement('strong');
    strong.append('B_simple ≈ ', format(r.bSimple.perExample, 'sig4'), ' (per-example, at w) against b_sat = ', sat('pipelined'), ' pipelined, ', sat('sync'), ' sync.');
    const gloss = ' B_simple ≈ the batch size above which larger batches stop cutting the number of steps much; b_sat = where this adapter stops gaining examples/s. ';
    el.replaceChildren(strong, gloss, document.createElement('br'), `Here ${reading}.`);
  }

  clear(text: string): void {
    this.result = null;
    empty(this.els.wrap, text);
    this.els.trace.replaceChildren();
    this.els.summary.replaceChildren();
    this.els.compare.hidden = true;
    this.chart.clear();
    showPlots(this.els.plot, false);
  }

  /** B_simple along the SGD trace: measured (per-example) and the closed form. */
  private plot(r: NoiseScaleResult): void {
    this.chart.clear();
    const ok = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);
    const measured = r.trace.map((t) => ok(t.bSimple));
    const analytic = r.trace.map((t) => ok(t.analytic));
    const values = [...measured, ...analytic].filter((v): v is number => v !== null);
    showPlots(this.els.plot, values.length > 0);
    if (values.length === 0) return;
    // Log y when B_simple spans a decade or more (it grows without bound near the optimum).
    const log = values.every((v) => v > 0) && Math.max(...values) / Math.min(...values) >= 10;
    const tick = (v: number | null) => (v == null ? '' : String(+v.toPrecision(3)));
    this.chart.draw({
      scales: { x: { time: false }, y: log ? { distr: 3, log: 10 } : {} },
      axes: [
        { ...AXIS, label: 'SGD step t', splits: () => r.trace.map((t) => t.step) },
        { ...AXIS, label: `B_simple${log ? ' (log scale)' : ''}`, size: 60, values: (_, t) => t.map(tick) },
      ],
      series: [
        { label: 't' },
        { label: 'B_simple (per-example)', stroke: PALETTE[0], width: 2, points: { size: 8, fill: PALETTE[0] } },
        ...(analytic.some((v) => v !== null) ? [{ label: 'analytic', stroke: '#16a34a', width: 2, dash: [7, 5], points: { show: false } }] : []),
      ],
      legend: { live: false },
    }, [r.trace.map((t) => t.step), measured, ...(analytic.some((v) => v !== null) ? [analytic] : [])]);
  }
}
