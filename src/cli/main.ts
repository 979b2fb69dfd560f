/**
 * The terminal entry: flags → experiment on the GPU → chapter-layout table (and --json).
 * Exit status: 0 done, 1 failed (partial results still printed), 2 bad usage, 130 cancelled.
 */
import { closeSync, existsSync, openSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { chooseTuning } from '../engine/calibrate';
import { Lab } from '../engine/lab';
import { acquireGpu, GpuError } from '../gpu/context';
import { nodeHost } from '../gpu/node-host';
import { formatBookReport, formatQualityReport, formatTrajectoryReport } from '../experiments/book-report';
import { runBook, sourceFor } from '../experiments/book';
import { runQuality } from '../experiments/quality';
import { IncompleteRunError, type RunHooks } from '../experiments/run-control';
import { compareWithSaturation, formatNoiseReport } from '../experiments/noise-scale';
import { runNoiseScale } from '../experiments/noise-scale-run';
import { formatScalingReport } from '../experiments/scaling-model';
import { runScalingModel } from '../experiments/scaling-run';
import { runThroughput } from '../experiments/throughput';
import { formatThroughputReport } from '../experiments/throughput-report';
import { formatLrScalingReport, type LrScalingResult } from '../experiments/lr-scaling';
import { runLrScaling } from '../experiments/lr-scaling-run';
import { runWorkers } from '../experiments/workers';
import { formatWorkersReport } from '../experiments/workers-report';
import { divergenceNote, runTrajectory } from '../experiments/trajectory';
import type { AdapterInfo, QualityResult, ThroughputResult, TrajectoryResult, WorkersResult } from '../experiments/types';
import { HELP, UsageError, parseCommand, type Command } from './args';
import { progressLine } from './progress';

/** One line naming the adapter that ran, with a notice for software adapters. */
export function adapterLine(a: AdapterInfo): string {
  const name = [a.vendor, a.architecture, a.description].filter((s) => s && s !== 'unknown').join(' / ');
  return `adapter: ${name || 'unknown'} (${a.host}${a.software ? ', software adapter: expect CPU speed, not GPU speed' : ''})`;
}

function writeJson(file: string | undefined, value: unknown): void {
  if (!file) return;
  try {
    writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
  } catch (e) {
    throw new UsageError(`--json: could not write ${file}: ${(e as Error).message}`);
  }
}

/** Fails before any work when --json names a file that cannot be written. */
function checkWritable(file: string | undefined): void {
  if (!file) return;
  try {
    if (existsSync(file) && statSync(file).isDirectory()) throw new Error('it is a directory');
    const existed = existsSync(file);
    closeSync(openSync(file, 'a'));   // the real test: open it for writing
    if (!existed) unlinkSync(file);
  } catch (e) {
    throw new UsageError(`--json: cannot write ${file}: ${(e as Error).message}`);
  }
}

/** The finished part of an interrupted run, in its usual table where that makes sense. */
type Partial = QualityResult | TrajectoryResult | ThroughputResult | WorkersResult | LrScalingResult;

function partialReport(partial: Partial): string {
  if (partial.experiment === 'quality' && partial.fullGradient.length > 0) return formatQualityReport(partial);
  if (partial.experiment === 'trajectory' && partial.runs.length > 0) return formatTrajectoryReport(partial);
  if (partial.experiment === 'throughput' && partial.rows.length > 0) return formatThroughputReport(partial);
  if (partial.experiment === 'workers' && partial.unequal.globalStd.length > 0) return formatWorkersReport(partial);
  if (partial.experiment === 'lr-scaling' && partial.runs.length > 0) return formatLrScalingReport(partial);
  return '(nothing finished)';
}

function warnDiverged(result: TrajectoryResult): void {
  for (const run of result.runs) {
    const note = divergenceNote(run, result.params.lr);
    if (note) console.error(`gradscope: ${note}`);
  }
}

async function execute(cmd: Exclude<Command, { kind: 'help' }>, lab: Lab, hooks: RunHooks): Promise<void> {
  if (cmd.kind === 'quality') {
    const result = await runQuality(lab, cmd.params, hooks, sourceFor(cmd.params, null));
    console.log(adapterLine(result.adapter));
    console.log(formatQualityReport(result));
    writeJson(cmd.json, result);
  } else if (cmd.kind === 'trajectory') {
    const result = await runTrajectory(lab, cmd.params, hooks, sourceFor(null, cmd.params));
    console.log(adapterLine(result.adapter));
    console.log(formatTrajectoryReport(result));
    warnDiverged(result);
    writeJson(cmd.json, result);
  } else if (cmd.kind === 'workers') {
    const result = await runWorkers(lab, cmd.params, hooks);
    console.log(adapterLine(result.adapter));
    console.log(formatWorkersReport(result));
    writeJson(cmd.json, result);
  } else if (cmd.kind === 'lr-scaling') {
    const result = await runLrScaling(lab, cmd.params, hooks);
    console.log(adapterLine(result.adapter));
    console.log(formatLrScalingReport(result));
    writeJson(cmd.json, result);
  } else if (cmd.kind === 'noise-scale') {
    const result = await runNoiseScale(lab, cmd.params, hooks);
    if (cmd.bSat) result.saturation = compareWithSaturation(result, cmd.bSat);
    console.log(adapterLine(result.adapter));
    console.log(formatNoiseReport(result));
    writeJson(cmd.json, result);
  } else if (cmd.kind === 'scaling-model') {
    const result = await runScalingModel(lab, cmd.params, hooks);
    if (result.adapter) console.log(adapterLine(result.adapter));
    console.log(formatScalingReport(result));
    writeJson(cmd.json, result);
  } else if (cmd.kind === 'throughput') {
    const result = await runThroughput(lab, cmd.params, hooks);
    console.log(adapterLine(result.adapter));
    console.log(formatThroughputReport(result));
    writeJson(cmd.json, result);
  } else {
    // The book's stdout is exactly the chapter program's output; the adapter goes to stderr.
    const book = await runBook(lab, cmd.quality, cmd.trajectory, hooks);
    console.error(adapterLine(book.quality.adapter));
    process.stdout.write(formatBookReport(book));
    warnDiverged(book.trajectory);
    writeJson(cmd.json, book);
  }
}

/** Runs the CLI on argv (flags after the script name); resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  let cmd: Command;
  try {
    cmd = parseCommand(argv);
    if (cmd.kind !== 'help') checkWritable(cmd.json);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`gradscope: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (cmd.kind === 'help') {
    console.log(HELP);
    return 0;
  }
  if (cmd.kind === 'scaling-model' && cmd.params.tComputeUs !== null) {
    // A given t_compute needs no GPU: the model alone.
    const result = await runScalingModel(null, cmd.params);
    console.log(formatScalingReport(result));
    try {
      writeJson(cmd.json, result);
    } catch (e) {
      console.error(`gradscope: ${(e as Error).message}`);
      return 2;
    }
    return 0;
  }
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const progress = progressLine(process.stderr);
  try {
    const host = nodeHost();
    const gpu = await acquireGpu(host);
    const choice = await chooseTuning(gpu, host.store, process.env.GRADSCOPE_TUNING, () =>
      console.error('gradscope: calibrating the engine for this adapter (once; cached in ~/.cache/gradscope)'))
      .catch((e: Error) => {
        throw new UsageError(`GRADSCOPE_TUNING: ${e.message}`);
      });
    const lab = await Lab.create(gpu, choice.tuning);
    await execute(cmd, lab, { progress: progress.update, signal: controller.signal });
    progress.clear();
    return 0;
  } catch (e) {
    progress.clear();
    if (e instanceof IncompleteRunError) {
      console.error(`gradscope: ${e.cancelled ? 'cancelled' : `stopped: ${e.message}`}; results so far:`);
      console.log(partialReport(e.partial as Partial));
      try {
        writeJson(cmd.json, e.partial);
      } catch (w) {
        console.error(`gradscope: ${(w as Error).message}`);
      }
      return e.cancelled ? 130 : 1;
    }
    if (e instanceof UsageError) {
      console.error(`gradscope: ${e.message}`);
      return 2;
    }
    if (e instanceof GpuError) {
      console.error(`gradscope: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
