/**
 * The result tables, rendered from the result objects alone. Every number on them is an
 * element with data-path (its JSON path in the result, e.g. "rows.2.std.0") and
 * data-format (a FormatName), so a test can check each shown number against a result.
 */
import { SATURATION, peakRate, saturatedAtEnd } from '../experiments/saturation';
import { rowsByBatch, timerLabel, timerNote } from '../experiments/throughput-report';
import { divergenceNote } from '../experiments/trajectory';
import type { QualityResult, ThroughputResult, TrajectoryResult } from '../experiments/types';
import { duration, format, type FormatName } from './format';
import { modelSummary } from './problem-fields';

/** A span showing result[path] in `name` format. */
export function num(value: number | null, path: string, name: FormatName = 'fixed4'): HTMLElement {
  const span = document.createElement('span');
  span.className = 'num';
  span.dataset.path = path;
  span.dataset.format = name;
  span.textContent = format(value, name);
  return span;
}

/** A cell holding one number per coordinate, "a, b, c" for d > 1. */
export function vectorCell(values: readonly number[], path: string, name: FormatName = 'fixed4'): HTMLTableCellElement {
  const td = document.createElement('td');
  values.forEach((v, c) => {
    if (c > 0) td.append(', ');
    td.append(num(v, `${path}.${c}`, name));
  });
  return td;
}

/** A results table with its header row, and its (empty) body. */
export function table(id: string, headers: string[]): { table: HTMLTableElement; body: HTMLTableSectionElement } {
  const t = document.createElement('table');
  t.id = id;
  t.className = 'results-table';
  const tr = t.createTHead().insertRow();
  for (const h of headers) tr.appendChild(document.createElement('th')).textContent = h;
  return { table: t, body: t.createTBody() };
}

/** A summary fact: "label content…". */
export function labelled(label: string, ...content: (Node | string)[]): HTMLElement {
  const span = document.createElement('span');
  span.className = 'fact';
  span.append(`${label} `, ...content);
  return span;
}

/** The line above a table: what was run, where, how long. */
export function summary(target: HTMLElement, facts: HTMLElement[], elapsedMs: number, partial: boolean): void {
  target.replaceChildren(...facts, labelled('time', duration(elapsedMs)));
  if (partial) {
    const tag = target.appendChild(document.createElement('span'));
    tag.className = 'tag warn';
    tag.textContent = 'partial: stopped before the end';
  }
}

/** The chapter's Part 1 table: batch b, mean estimate, std of estimates, ratio to previous. */
export function renderQuality(wrap: HTMLElement, summaryEl: HTMLElement, r: QualityResult, partial = false): void {
  const d = r.params.d;
  const without = r.params.sampling === 'without';
  summary(summaryEl, [
    labelled('true full gradient g =', d === 1 ? '' : '[', ...r.fullGradient.flatMap((g, c) => (c > 0 ? [', ', num(g, `fullGradient.${c}`)] : [num(g, `fullGradient.${c}`)])), d === 1 ? '' : ']'),
    labelled('full loss', num(r.fullLoss, 'fullLoss')),
    // Logistic regression: the share of the N examples that w classifies correctly.
    ...(r.fullAccuracy !== undefined ? [labelled('full accuracy', num(r.fullAccuracy, 'fullAccuracy'))] : []),
    labelled('T =', `${r.params.trials} trials`),
    labelled('w =', r.params.w.join(', ')),
    labelled('seed', `${r.params.seed} (${r.params.rng} stream)`),
    labelled('model', modelSummary(r.params)),
    ...(without ? [labelled('sampling', `without replacement${r.params.dropLast ? ', last incomplete batch dropped' : ''}`)] : []),
  ], r.elapsedMs, partial);
  // As the CLI's table: without replacement it adds the finite-population correction and the expected std.
  const { table: t, body } = table('quality-table', [
    'batch b', d === 1 ? 'mean est.' : 'mean est. (per coordinate)', d === 1 ? 'std of est.' : 'std of est. (per coordinate)',
    ...(without ? ['FPC', d === 1 ? 'expected std' : 'expected std (per coordinate)'] : []), 'ratio vs prev',
  ]);
  r.rows.forEach((row, i) => {
    const tr = body.insertRow();
    tr.dataset.batch = String(row.batch);
    tr.insertCell().append(num(row.batch, `rows.${i}.batch`, 'int'));
    tr.append(vectorCell(row.mean, `rows.${i}.mean`), vectorCell(row.std, `rows.${i}.std`));
    if (without) {
      const fpc = tr.insertCell();
      if (row.fpc !== undefined) fpc.append(num(row.fpc, `rows.${i}.fpc`));
      if (row.expectedStd) tr.append(vectorCell(row.expectedStd, `rows.${i}.expectedStd`));
      else tr.insertCell().textContent = '–';
    }
    tr.insertCell().append(num(row.ratio, `rows.${i}.ratio`, 'ratio'));
  });
  if (r.rows.length === 0) empty(wrap, 'No batch size finished.');
  else wrap.replaceChildren(t);
}

/**
 * The chapter's Part 2 table: one row per batch size, the loss at each recorded step (and,
 * for logistic regression, the full-data accuracy under it), final w.
 */
export function renderTrajectory(wrap: HTMLElement, summaryEl: HTMLElement, r: TrajectoryResult, partial = false): void {
  summary(summaryEl, [
    labelled('lr =', String(r.params.lr)),
    labelled('steps =', String(r.params.steps)),
    labelled('w₀ =', '0'),
    labelled('model', modelSummary(r.params)),
  ], r.elapsedMs, partial);
  const steps = r.runs[0]?.points.map((p) => p.step) ?? [];
  // For logistic regression each loss has its accuracy under it ("acc. 0.9080").
  const { table: t, body } = table('trajectory-table', ['batch b', ...steps.map((s) => `L at t=${s}`), 'final w']);
  r.runs.forEach((run, i) => {
    const tr = body.insertRow();
    tr.dataset.batch = String(run.batch);
    tr.insertCell().append(num(run.batch, `runs.${i}.batch`, 'int'));
    run.points.forEach((p, j) => {
      const td = tr.insertCell();
      td.append(num(p.loss, `runs.${i}.points.${j}.loss`));
      if (p.accuracy !== undefined && p.accuracy !== null) {
        const acc = td.appendChild(document.createElement('span'));
        acc.className = 'accuracy';
        acc.title = 'full-data accuracy';
        acc.append(num(p.accuracy, `runs.${i}.points.${j}.accuracy`));
      }
    });
    tr.append(vectorCell(run.finalW, `runs.${i}.finalW`));
  });
  const notes = r.runs.map((run) => divergenceNote(run, r.params)).filter((n): n is string => n !== null).map((text) => {
    const p = document.createElement('p');
    p.className = 'warning diverged';
    p.textContent = text;
    return p;
  });
  if (r.runs.length === 0) empty(wrap, 'No run finished.');
  else wrap.replaceChildren(t, ...notes);
}

/**
 * The throughput table: per b, examples/s and µs per step of each mode and the timer;
 * each mode's b_sat cell is marked (class "knee"). The summary states b_sat and the peak.
 */
export function renderThroughput(wrap: HTMLElement, summaryEl: HTMLElement, r: ThroughputResult, partial = false): void {
  const sat = (mode: 'sync' | 'pipelined') => {
    const span = labelled(`${mode} b_sat =`, num(r.bSat[mode], `bSat.${mode}`, 'int'));
    span.append(` (peak ${format(peakRate(r.rows, mode), 'rate')} ex/s${saturatedAtEnd(r.rows, r.bSat[mode], mode) ? '; the largest b: may still be rising' : ''})`);
    return span;
  };
  const note = document.createElement('span');
  note.className = 'fact';
  note.textContent = timerNote(r);
  const model = r.params.model === 'logreg' ? [labelled('model', `logreg SGD steps${r.params.margin ? `, margin ${r.params.margin}` : ''}`)] : [];
  summary(summaryEl, [sat('sync'), sat('pipelined'), note, ...model], r.elapsedMs, partial);
  summaryEl.title = `b_sat: the smallest b reaching ${SATURATION * 100}% of the mode's peak examples/s`;
  const { table: t, body } = table('throughput-table', ['batch b', 'sync ex/s', 'sync µs/step', 'pipelined ex/s', 'pipelined µs/step', 'timer']);
  for (const { batch, sync, pipelined } of rowsByBatch(r)) {
    const tr = body.insertRow();
    tr.dataset.batch = String(batch);
    tr.insertCell().append(num(batch, `rows.${r.rows.indexOf((sync ?? pipelined)!)}.batch`, 'int'));
    for (const [mode, row] of [['sync', sync], ['pipelined', pipelined]] as const) {
      const i = row ? r.rows.indexOf(row) : -1;
      for (const [field, name] of [['examplesPerSec', 'rate'], ['usPerStep', 'us']] as const) {
        const td = tr.insertCell();
        if (row) td.append(num(row[field], `rows.${i}.${field}`, name));
        if (row && r.bSat[mode] === batch) td.classList.add('knee', mode);
      }
    }
    tr.insertCell().textContent = timerLabel(sync, pipelined);
  }
  if (r.rows.length === 0) empty(wrap, 'No batch size finished.');
  else wrap.replaceChildren(t);
}

/** Replaces a table area by a placeholder line. */
export function empty(wrap: HTMLElement, text: string): void {
  const p = document.createElement('p');
  p.className = 'empty';
  p.textContent = text;
  wrap.replaceChildren(p);
}

/** Puts a table area back to a placeholder line. */
export function clearTable(wrap: HTMLElement, summaryEl: HTMLElement, text: string): void {
  empty(wrap, text);
  summaryEl.replaceChildren();
}
