/**
 * The page's entry: finds the GPU, builds the form, and on Run executes the quality
 * experiment then the trajectory experiment, rendering each result (or the part that
 * finished) into tables and plots. The throughput, workers, noise-scale, scaling-model and
 * learning-rate scaling panels each have their own form and Run button (SoloPanel) and
 * share the progress bar, Cancel and the one-run-at-a-time lock. State for tests: body[data-state], body[data-gpu],
 * and window.__gradscope.
 */
import './style.css';
import { Lab } from '../engine/lab';
import { chooseTuning } from '../engine/calibrate';
import { acquireGpu } from '../gpu/context';
import { browserHost } from '../gpu/browser-host';
import { runQuality } from '../experiments/quality';
import { runTrajectory, recordedSteps } from '../experiments/trajectory';
import { IncompleteRunError } from '../experiments/run-control';
import { pythonSource, type DataSource } from '../experiments/data-source';
import type { NoiseScaleResult } from '../experiments/noise-scale';
import type { ScalingModelResult } from '../experiments/scaling-model';
import type { LrScalingResult } from '../experiments/lr-scaling';
import type { QualityResult, ThroughputResult, TrajectoryResult, WorkersResult } from '../experiments/types';
import { Controls, type PageParams } from './controls';
import { showAdapter, showNoWebGpu, showStartFailure } from './gpu-status';
import { Plots } from './plots';
import { ProgressPanel } from './progress';
import { drawInWorker } from './python-stream';
import { bookStreamParams } from '../experiments/book';
import { clearTable, renderQuality, renderTrajectory } from './table';
import { ThroughputPanel } from './throughput-panel';
import { LrScalingPanel } from './lr-scaling-panel';
import { NoisePanel } from './noise-panel';
import type { SoloPanel } from './panel';
import { ScalingPanel } from './scaling-panel';
import { WorkersPanel } from './workers-panel';

/** The results of the panels with their own Run button, by their key in PageResults. */
interface PanelResults {
  throughput: ThroughputResult;
  workers: WorkersResult;
  noiseScale: NoiseScaleResult;
  scalingModel: ScalingModelResult;
  lrScaling: LrScalingResult;
}
type PanelKey = keyof PanelResults;

/** What the page last produced, for tests and the console; each panel's last result is kept across runs of the other forms. */
export type PageResults = {
  params: PageParams | null;
  quality: QualityResult | null;
  trajectory: TrajectoryResult | null;
  error: string | null;
} & { [K in PanelKey]: PanelResults[K] | null };

declare global {
  interface Window {
    __gradscope?: PageResults;
  }
}

type State = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const setState = (s: State) => (document.body.dataset.state = s);
const setGpu = (s: 'pending' | 'ready' | 'missing' | 'failed') => (document.body.dataset.gpu = s);

const plots = new Plots({ std: $('plot-std'), hist: $('plot-hist'), loss: $('plot-loss'), accuracy: $('plot-accuracy') });
const progress = new ProgressPanel($('run-status'));
const controls = new Controls($<HTMLFormElement>('controls'), ['gpu', 'python'], (p) => void run(p));
const throughputPanel = new ThroughputPanel({ form: $<HTMLFormElement>('throughput-form'), summary: $('throughput-summary'), wrap: $('throughput-table-wrap'), rate: $('plot-throughput'), time: $('plot-step-time') },
  (p) => void runPanel('throughput', throughputPanel, p));
const workersPanel = new WorkersPanel({ form: $<HTMLFormElement>('workers-form'), summary: $('workers-summary'), wrap: $('workers-results'), equalPlot: $('plot-workers-equal'), unequalPlot: $('plot-workers-unequal') },
  (p) => void runPanel('workers', workersPanel, p));
const noisePanel = new NoisePanel({ form: $<HTMLFormElement>('noise-form'), summary: $('noise-summary'), wrap: $('noise-results'), compare: $('noise-compare'), trace: $('noise-trace'), plot: $('plot-noise-trace') },
  (p) => void runPanel('noiseScale', noisePanel, p));
const scalingPanel = new ScalingPanel({ form: $<HTMLFormElement>('scaling-form'), summary: $('scaling-summary'), wrap: $('scaling-results'), plot: $('plot-scaling') },
  (p) => void runPanel('scalingModel', scalingPanel, p));
const lrScalingPanel = new LrScalingPanel({ form: $<HTMLFormElement>('lr-scaling-form'), summary: $('lr-scaling-summary'), wrap: $('lr-scaling-results'), legend: $('lr-scaling-legend'), lossPlot: $('plot-lr-loss'), accuracyPlot: $('plot-lr-accuracy'), note: $('lr-scaling-note') },
  (p) => void runPanel('lrScaling', lrScalingPanel, p));
const panels = [throughputPanel, workersPanel, noisePanel, scalingPanel, lrScalingPanel];
let lab: Lab | null = null;
let running = false;
const EMPTY: PageResults = { params: null, quality: null, trajectory: null, throughput: null, workers: null, noiseScale: null, scalingModel: null, lrScaling: null, error: null };

/** Work in examples touched, to weight the two experiments on one progress bar. */
function work(p: PageParams): [number, number] {
  const q = p.quality.n + p.quality.trials * p.quality.batches.reduce((a, b) => a + b, 0);
  const records = recordedSteps(p.trajectory.steps).length;
  const t = p.trajectory.batches.reduce((a, b) => a + p.trajectory.steps * b + records * p.trajectory.n, 0);
  return [q / (q + t), t / (q + t)];
}

function showQuality(r: QualityResult, partial: boolean): void {
  renderQuality($('quality-table-wrap'), $('quality-summary'), r, partial);
  plots.quality(r);
}

function showTrajectory(r: TrajectoryResult, partial: boolean): void {
  renderTrajectory($('trajectory-table-wrap'), $('trajectory-summary'), r, partial);
  plots.trajectory(r);
}

async function run(p: PageParams): Promise<void> {
  if (running || !lab) return;
  running = true;
  const results: PageResults = { ...(window.__gradscope ?? EMPTY), params: p, quality: null, trajectory: null, error: null };
  window.__gradscope = results;
  setState('running');
  lockForms(true);
  plots.clear();
  clearTable($('quality-table-wrap'), $('quality-summary'), 'Running…');
  clearTable($('trajectory-table-wrap'), $('trajectory-summary'), 'Waiting for the quality experiment…');
  const signal = progress.start();
  const [wq, wt] = work(p);
  const start = performance.now();
  try {
    let source: DataSource | undefined;
    if (p.quality.rng === 'python') {
      progress.set(0, "drawing the chapter's CPython random stream on the CPU");
      source = pythonSource(await drawInWorker(bookStreamParams(p.quality, p.trajectory), signal));
    }
    results.quality = await runQuality(lab, p.quality, { signal, progress: (f, stage) => progress.set(f * wq, `estimator quality, ${stage}`) }, source);
    showQuality(results.quality, false);
    clearTable($('trajectory-table-wrap'), $('trajectory-summary'), 'Running…');
    results.trajectory = await runTrajectory(lab, p.trajectory, { signal, progress: (f, stage) => progress.set(wq + f * wt, `loss trajectory, ${stage}`) }, source);
    showTrajectory(results.trajectory, false);
    progress.finish('done', 'Done', performance.now() - start);
    setState('done');
  } catch (e) {
    const cancelled = e instanceof IncompleteRunError ? e.cancelled : (e as Error).name === 'AbortError';
    if (e instanceof IncompleteRunError) {
      const partial = e.partial as QualityResult | TrajectoryResult;
      if (partial.experiment === 'quality') {
        results.quality = partial;
        showQuality(partial, true);
      } else {
        results.trajectory = partial;
        showTrajectory(partial, true);
      }
    }
    if (!results.quality) clearTable($('quality-table-wrap'), $('quality-summary'), 'Not run.');
    if (!results.trajectory) clearTable($('trajectory-table-wrap'), $('trajectory-summary'), 'Not run.');
    results.error = stopped(e, cancelled, start);
  } finally {
    running = false;
    lockForms(false);
  }
}

/** Locks every form while a run is in progress; Run is enabled only with a GPU and no run. */
function lockForms(busy: boolean): void {
  for (const form of [controls, ...panels.map((panel) => panel.form)]) {
    form.setBusy(busy);
    form.setRunnable(!busy && lab !== null);
  }
}

/**
 * Ends a run that stopped early: the status line and page state, and, when the device
 * was lost (it cannot run again), a fresh GPU. Returns the error message, null if cancelled.
 */
function stopped(e: unknown, cancelled: boolean, start: number): string | null {
  progress.finish(cancelled ? 'cancelled' : 'error', cancelled ? 'Cancelled: showing what finished' : `Stopped: ${(e as Error).message}`, performance.now() - start);
  setState(cancelled ? 'cancelled' : 'error');
  if (cancelled) return null;
  console.error(e);
  try {
    lab?.gpu.check();
  } catch {
    lab = null;
    void startGpu();
  }
  return (e as Error).message;
}

/**
 * A panel's Run: its experiment alone, on the shared progress bar and Cancel. A cancelled
 * or failed run shows what finished (IncompleteRunError.partial); the other panels' results stay.
 */
async function runPanel<K extends PanelKey, P>(key: K, panel: SoloPanel<P, PanelResults[K]>, p: P): Promise<void> {
  if (running || !lab) return;
  running = true;
  const results: PageResults = { ...(window.__gradscope ?? EMPTY), [key]: null, error: null };
  window.__gradscope = results;
  setState('running');
  lockForms(true);
  panel.clear('Running…');
  const signal = progress.start();
  const start = performance.now();
  const byPanel: { [Q in PanelKey]: PanelResults[Q] | null } = results;
  const keep = (r: PanelResults[K], partial: boolean) => {
    byPanel[key] = r;
    panel.show(r, partial);
  };
  try {
    keep(await panel.run(lab, p, { signal, progress: (f, stage) => progress.set(f, `${panel.label}, ${stage}`) }), false);
    progress.finish('done', 'Done', performance.now() - start);
    setState('done');
  } catch (e) {
    const cancelled = e instanceof IncompleteRunError ? e.cancelled : (e as Error).name === 'AbortError';
    if (e instanceof IncompleteRunError) keep(e.partial as PanelResults[K], true);
    else panel.clear('Not run.');
    results.error = stopped(e, cancelled, start);
  } finally {
    if (key === 'throughput') noisePanel.compare(results.throughput);
    running = false;
    lockForms(false);
  }
}

/** Finds the adapter and compiles the kernels; without WebGPU, says how to enable it. */
async function startGpu(): Promise<void> {
  setGpu('pending');
  const host = browserHost();
  if (!host) {
    showNoWebGpu($('adapter'), $('gpu-notice'));
    setGpu('missing');
    setState('error');
    return;
  }
  let gpu;
  try {
    gpu = await acquireGpu(host);
  } catch (e) {
    console.error(e);
    showNoWebGpu($('adapter'), $('gpu-notice'), (e as Error).message);
    setGpu('missing');
    setState('error');
    return;
  }
  showAdapter($('adapter'), $('gpu-notice'), gpu.adapter);
  try {
    // ?tuning=default (or JSON) pins the engine's tuning; otherwise it is calibrated once per adapter.
    const pinned = new URLSearchParams(location.search).get('tuning');
    const choice = await chooseTuning(gpu, host.store, pinned, () => progress.note('Calibrating the engine for this adapter (once; a few seconds)…'));
    lab = await Lab.create(gpu, choice.tuning);
    if (choice.source === 'calibrated') progress.clearNote();
    setGpu('ready');
    lockForms(running);
  } catch (e) {
    console.error(e);
    showStartFailure($('gpu-notice'), (e as Error).message);
    setGpu('failed');
    setState('error');
  }
}

setState('idle');
void startGpu();
