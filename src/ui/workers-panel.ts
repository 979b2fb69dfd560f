/**
 * The workers panel (Exercise 10.2.2, `lab workers`): its form, then (a) the same-samples
 * identity, (b) both estimators' mean and std over T trials, (c) unequal local batches,
 * measured against predicted stds, and the two histograms. Every number carries data-path
 * and data-format as in the other tables.
 */
import { DEFAULTS, WORKERS_DEFAULTS, workersParams } from '../experiments/params';
import type { RunHooks } from '../experiments/run-control';
import type { WorkersParams, WorkersResult } from '../experiments/types';
import { runWorkers } from '../experiments/workers';
import type { Lab } from '../engine/lab';
import { InlineForm, type FormField } from './inline-form';
import { dataFields, marginField, modelField, modelSummary, noiseField, problemValues } from './problem-fields';
import type { SoloPanel } from './panel';
import { empty, labelled, num, summary, table, vectorCell } from './table';
import { WorkersPlots } from './workers-plots';

const FIELDS: FormField[] = [
  { flag: '--k', label: 'workers K', hint: 'workers of the equal-shard parts (a) and (b)', value: String(WORKERS_DEFAULTS.k) },
  { flag: '--b', label: 'local batch b', hint: "each worker's batch in (a) and (b)", value: String(WORKERS_DEFAULTS.b) },
  { flag: '--sizes', label: 'unequal b_k', hint: 'comma-separated local batch sizes of part (c), 2 or more', value: WORKERS_DEFAULTS.sizes.join(','), list: true },
  { flag: '--trials', label: 'trials T', hint: 'trials of each part, at least 2', value: String(WORKERS_DEFAULTS.trials) },
  { flag: '--w', label: 'probe point w', hint: 'one value or d values', value: String(DEFAULTS.w), list: true },
  ...dataFields(),
  modelField(),
  noiseField(DEFAULTS.noise),
  marginField(),
];

const vec = (v: readonly number[]) => v.join(', ');

export class WorkersPanel implements SoloPanel<WorkersParams, WorkersResult> {
  readonly label = 'workers';
  readonly form: InlineForm<WorkersParams>;
  private readonly plots: WorkersPlots;

  /** `els`: the form, summary, table area and the two plot elements; `onRun` gets validated parameters. */
  constructor(private readonly els: { form: HTMLFormElement; summary: HTMLElement; wrap: HTMLElement; equalPlot: HTMLElement; unequalPlot: HTMLElement }, onRun: (p: WorkersParams) => void) {
    this.form = new InlineForm(els.form, 'workers', FIELDS, 'Run workers', (v) => workersParams({
      ...problemValues(v), w: v.list('--w'),
      k: v.num('--k'), b: v.num('--b'), sizes: v.list('--sizes'), trials: v.num('--trials'),
    }), onRun);
    this.plots = new WorkersPlots({ equal: els.equalPlot, unequal: els.unequalPlot });
  }

  run(lab: Lab, p: WorkersParams, hooks: RunHooks): Promise<WorkersResult> {
    return runWorkers(lab, p, hooks);
  }

  show(r: WorkersResult, partial: boolean): void {
    const { k, b, trials, d } = r.params;
    const facts = [
      labelled(`K = ${k} workers of b = ${b}`, `against one global batch of Kb = ${k * b}`),
      labelled('T =', `${trials} trials`),
      labelled('w =', vec(r.params.w)),
      labelled('model', modelSummary(r.params)),
      labelled('seed', String(r.params.seed)),
    ];
    if (r.fullGradient.length > 0) facts.splice(1, 0, labelled('true full gradient g =', ...joined(r.fullGradient.map((g, c) => num(g, `fullGradient.${c}`)))));
    summary(this.els.summary, facts, r.elapsedMs, partial);
    const parts: HTMLElement[] = [];
    if (Number.isFinite(r.identity.maxAbsDiff)) parts.push(identity(r));
    if (r.equal.global.std.length > 0) parts.push(equalPart(r, d));
    if (r.unequal.globalStd.length > 0) parts.push(unequalPart(r, d));
    if (parts.length === 0) empty(this.els.wrap, 'Nothing finished.');
    else this.els.wrap.replaceChildren(...parts);
    this.plots.draw(r);
  }

  clear(text: string): void {
    empty(this.els.wrap, text);
    this.els.summary.replaceChildren();
    this.plots.clear();
  }
}

/** Items with ", " between them. */
function joined(items: HTMLElement[]): (HTMLElement | string)[] {
  return items.flatMap((el, i) => (i > 0 ? [', ', el] : [el]));
}

function part(title: string, ...content: (Node | string)[]): HTMLElement {
  const div = document.createElement('div');
  div.className = 'workers-part';
  const h = div.appendChild(document.createElement('h3'));
  h.textContent = title;
  div.append(...content);
  return div;
}

function line(...content: (Node | string)[]): HTMLElement {
  const p = document.createElement('p');
  p.className = 'part-line';
  p.append(...content);
  return p;
}

/** (a): the largest |average of worker means − global mean|, and whether it is 0. */
function identity(r: WorkersResult): HTMLElement {
  const tag = document.createElement('span');
  tag.id = 'workers-bitwise';
  tag.className = `tag ${r.identity.bitwise ? 'ok' : 'warn'}`;
  tag.textContent = r.identity.bitwise ? 'bitwise equal' : 'equal within f32 rounding';
  tag.title = r.identity.bitwise ? '' : 'S_k/b and the 1/K round unless b and K are powers of two';
  return part('(a) Same samples',
    line(`max |average of the ${r.params.k} worker means − global mean| over ${r.params.trials} trials = `, num(r.identity.maxAbsDiff, 'identity.maxAbsDiff', 'exp2'), ' ', tag));
}

/** (b): mean and std of both estimators over T trials. */
function equalPart(r: WorkersResult, d: number): HTMLElement {
  const { k, b } = r.params;
  const per = d === 1 ? '' : ' (per coordinate)';
  const { table: t, body } = table('workers-equal-table', ['estimator', `mean est.${per}`, `std of est.${per}`]);
  for (const [key, name] of [['global', `global mean (Kb = ${k * b})`], ['workers', `average of K = ${k} worker means`]] as const) {
    const tr = body.insertRow();
    tr.insertCell().textContent = name;
    tr.append(vectorCell(r.equal[key].mean, `equal.${key}.mean`), vectorCell(r.equal[key].std, `equal.${key}.std`));
  }
  return part(`(b) Over ${r.params.trials} trials: the same distribution`, t);
}

/** (c): unequal b_k: measured stds against σ²-based predictions, and the largest gaps. */
function unequalPart(r: WorkersResult, d: number): HTMLElement {
  const u = r.unequal;
  const B = u.sizes.reduce((a, x) => a + x, 0);
  const per = d === 1 ? '' : ' (per coordinate)';
  const { table: t, body } = table('workers-unequal-table', ['estimator', `std of est.${per}`, 'predicted', 'from']);
  t.tHead!.rows[0].lastElementChild!.className = 'text';
  const rows = [
    ['plain average of worker means', 'unweightedStd', 'predictedUnweightedStd', '√((σ²/K²)·Σ1/b_k)'],
    [`global mean (Σb_k = ${B})`, 'globalStd', 'predictedGlobalStd', '√(σ²/Σb_k)'],
  ] as const;
  for (const [name, measured, predicted, formula] of rows) {
    const tr = body.insertRow();
    tr.insertCell().textContent = name;
    tr.append(vectorCell(u[measured], `unequal.${measured}`), vectorCell(u[predicted], `unequal.${predicted}`));
    const from = tr.insertCell();
    from.className = 'text';
    from.textContent = formula;
  }
  return part(`(c) Unequal local batches b_k = ${u.sizes.join(', ')}`, t,
    line('σ² = Kb·Var(global) from (b) = ', ...joined(u.sigma2.map((s, c) => num(s, `unequal.sigma2.${c}`)))),
    line('plain average − global mean, largest per trial: ', num(u.unweightedMaxAbsGap, 'unequal.unweightedMaxAbsGap'), ' (not the global mini-batch gradient)'),
    line('size-weighted average − global mean, largest: ', num(u.weightedMaxAbsDiff, 'unequal.weightedMaxAbsDiff', 'exp2'), ' (equal up to f32 rounding)'));
}
