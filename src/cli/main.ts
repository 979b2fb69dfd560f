/**
 * The terminal entry: flags → experiment on the GPU → chapter-layout table (and --json).
 * Exit status: 0 done, 1 failed (partial results still printed), 2 bad usage, 130 cancelled.
 */
import { writeFileSync } from 'node:fs';
import { chooseTuning } from '../engine/calibrate';
import { Lab } from '../engine/lab';
import { acquireGpu, GpuError } from '../gpu/context';
import { nodeHost } from '../gpu/node-host';
import { formatBookReport, formatQualityReport, formatTrajectoryReport } from '../experiments/book-report';
import { runBook, sourceFor } from '../experiments/book';
import { runQuality } from '../experiments/quality';
import { IncompleteRunError, type RunHooks } from '../experiments/run-control';
import { runThroughput } from '../experiments/throughput';
import { formatThroughputReport } from '../experiments/throughput-report';
import { runTrajectory } from '../experiments/trajectory';
import type { AdapterInfo } from '../experiments/types';
import { HELP, UsageError, parseCommand, type Command } from './args';
import { progressLine } from './progress';

/** One line naming the adapter that ran, with a notice for software adapters. */
export function adapterLine(a: AdapterInfo): string {
  const name = [a.vendor, a.architecture, a.description].filter((s) => s && s !== 'unknown').join(' / ');
  return `adapter: ${name || 'unknown'} (${a.host}${a.software ? ', software adapter: expect CPU speed, not GPU speed' : ''})`;
}

function writeJson(file: string | undefined, value: unknown): void {
  if (file) writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
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
    writeJson(cmd.json, book);
  }
}

/** Runs the CLI on argv (flags after the script name); resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  let cmd: Command;
  try {
    cmd = parseCommand(argv);
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
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const progress = progressLine(process.stderr);
  try {
    const host = nodeHost();
    const gpu = await acquireGpu(host);
    const choice = await chooseTuning(gpu, host.store, process.env.GRADSCOPE_TUNING, () =>
      console.error('gradscope: calibrating the engine for this adapter (once; cached in ~/.cache/gradscope)'));
    const lab = await Lab.create(gpu, choice.tuning);
    await execute(cmd, lab, { progress: progress.update, signal: controller.signal });
    progress.clear();
    return 0;
  } catch (e) {
    progress.clear();
    if (e instanceof IncompleteRunError) {
      const partial = e.partial as { experiment: string };
      console.error(`gradscope: ${e.cancelled ? 'cancelled' : `stopped: ${e.message}`}; results so far:`);
      console.log(JSON.stringify(partial, (k, v) => (k === 'estimates' ? undefined : v), 2));
      if ('json' in cmd && cmd.json) writeJson(cmd.json, partial);
      return e.cancelled ? 130 : 1;
    }
    if (e instanceof GpuError) {
      console.error(`gradscope: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
