/**
 * The page's entry: finds the GPU, builds the form, and on Run executes the quality
 * experiment then the trajectory experiment, rendering each result (or the part that
 * finished) into tables and plots. The throughput panel has its own form and Run button
 * and shares the progress bar, Cancel and the one-run-at-a-time lock. State for tests:
 * body[data-state], body[data-gpu], and window.__gradscope.
 */
import './style.css';
import { Lab } from '../engine/lab';
import { chooseTuning } from '../engine/calibrate';
import { acquireGpu } from '../gpu/context';
import { browserHost } from '../gpu/browser-host';
import { runQuality } from '../experiments/quality';
import { runTrajectory, recordedSteps } from '../experiments/trajectory';
import { runThroughput } from '../experiments/throughput';
import { IncompleteRunError } from '../experiments/run-control';
import { pythonSource, type DataSource } from '../experiments/data-source';
import type { QualityResult, ThroughputParams, ThroughputResult, TrajectoryResult } from '../experiments/types';
import { Controls, type PageParams } from './controls';
import { showAdapter, showNoWebGpu, showStartFailure } from './gpu-status';
import { Plots } from './plots';
import { ProgressPanel } from './progress';
import { drawInWorker } from './python-stream';
import { bookStreamParams } from '../experiments/book';
import { clearTable, renderQuality, renderThroughput, renderTrajectory } from './table';
import { ThroughputForm } from './throughput-panel';
import { ThroughputPlots } from './throughput-plots';

/** What the page last produced, for tests and the console. */
export interface PageResults {
  params: PageParams | null;
  quality: QualityResult | null;
  trajectory: TrajectoryResult | null;
  /** The throughput panel's last result (kept across runs of the main form). */
  throughput: ThroughputResult | null;
  error: string | null;
}

declare global {
  interface Window {
    __gradscope?: PageResults;
  }
}

type State = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const setState = (s: State) => (document.body.dataset.state = s);
const setGpu = (s: 'pending' | 'ready' | 'missing' | 'failed') => (document.body.dataset.gpu = s);

const plots = new Plots({ std: $('plot-std'), hist: $('plot-hist'), loss: $('plot-loss') });
const progress = new ProgressPanel($('run-status'));
const controls = new Controls($<HTMLFormElement>('controls'), ['gpu', 'python'], (p) => void run(p));
const throughputForm = new ThroughputForm($<HTMLFormElement>('throughput-form'), (p) => void runThroughputPanel(p));
const throughputPlots = new ThroughputPlots({ rate: $('plot-throughput'), time: $('plot-step-time') });
let lab: Lab | null = null;
let running = false;

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
  const results: PageResults = { params: p, quality: null, trajectory: null, throughput: window.__gradscope?.throughput ?? null, error: null };
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

/** Locks both forms while a run is in progress; Run is enabled only with a GPU and no run. */
function lockForms(busy: boolean): void {
  controls.setBusy(busy);
  throughputForm.setBusy(busy);
  controls.setRunnable(!busy && lab !== null);
  throughputForm.setRunnable(!busy && lab !== null);
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

function showThroughput(r: ThroughputResult, partial: boolean): void {
  renderThroughput($('throughput-table-wrap'), $('throughput-summary'), r, partial);
  throughputPlots.draw(r);
}

/** The throughput panel's Run: that experiment alone, on the shared progress bar and Cancel. */
async function runThroughputPanel(p: ThroughputParams): Promise<void> {
  if (running || !lab) return;
  running = true;
  const results: PageResults = { ...(window.__gradscope ?? { params: null, quality: null, trajectory: null }), throughput: null, error: null };
  window.__gradscope = results;
  setState('running');
  lockForms(true);
  throughputPlots.clear();
  clearTable($('throughput-table-wrap'), $('throughput-summary'), 'Running…');
  const signal = progress.start();
  const start = performance.now();
  try {
    results.throughput = await runThroughput(lab, p, { signal, progress: (f, stage) => progress.set(f, `throughput, ${stage}`) });
    showThroughput(results.throughput, false);
    progress.finish('done', 'Done', performance.now() - start);
    setState('done');
  } catch (e) {
    const cancelled = e instanceof IncompleteRunError ? e.cancelled : (e as Error).name === 'AbortError';
    if (e instanceof IncompleteRunError) showThroughput(results.throughput = e.partial as ThroughputResult, true);
    else clearTable($('throughput-table-wrap'), $('throughput-summary'), 'Not run.');
    results.error = stopped(e, cancelled, start);
  } finally {
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
