/**
 * The terminal entry: flags → experiment on the GPU → chapter-layout table (and --json).
 * Exit status: 0 done, 1 failed (partial results still printed), 2 bad usage, 130 cancelled.
 */
import { closeSync, existsSync, openSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { chooseTuning } from '../engine/calibrate';
import { Lab } from '../engine/lab';
import { acquireGpu, GpuError } from '../gpu/context';
import { nodeHost } from '../gpu/node-host';
import { runBook, sourceFor } from '../experiments/book';
import { runQuality } from '../experiments/quality';
import { IncompleteRunError, type RunHooks } from '../experiments/run-control';
import { compareWithSaturation } from '../experiments/noise-scale';
import { runNoiseScale } from '../experiments/noise-scale-run';
import { runScalingModel } from '../experiments/scaling-run';
import { runThroughput } from '../experiments/throughput';
import { runLrScaling } from '../experiments/lr-scaling-run';
import { runWorkers } from '../experiments/workers';
import { runTrajectory } from '../experiments/trajectory';
import type { AdapterInfo } from '../experiments/types';
import { HELP, UsageError, parseCommand, type Command } from './args';
import { progressLine } from './progress';
import { formatResult, warnings, type AnyResult } from './reports';

/** One line naming the adapter that ran, with a notice for software adapters. */
export function adapterLine(a: AdapterInfo): string {
  const name = [a.vendor, a.architecture, a.description].filter((s) => s && s !== 'unknown').join(' / ');
  return `adapter: ${name || 'unknown'} (${a.host}${a.software ? ', software adapter: expect CPU speed, not GPU speed' : ''})`;
}

/** Writes the JSON; false (after saying why) when the file could not be written. */
function writeJson(file: string | undefined, value: unknown): boolean {
  if (!file) return true;
  try {
    writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
    return true;
  } catch (e) {
    console.error(`gradscope: --json: could not write ${file}: ${(e as Error).message}`);
    return false;
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

/** Runs the command's experiment; throws IncompleteRunError with what finished when stopped. */
async function execute(cmd: Exclude<Command, { kind: 'help' }>, lab: Lab | null, hooks: RunHooks): Promise<AnyResult> {
  const need = (): Lab => {
    if (!lab) throw new Error(`${cmd.kind} needs the GPU`);
    return lab;
  };
  switch (cmd.kind) {
    case 'quality': return runQuality(need(), cmd.params, hooks, sourceFor(cmd.params, null));
    case 'trajectory': return runTrajectory(need(), cmd.params, hooks, sourceFor(null, cmd.params));
    case 'book': return runBook(need(), cmd.quality, cmd.trajectory, hooks);
    case 'workers': return runWorkers(need(), cmd.params, hooks);
    case 'lr-scaling': return runLrScaling(need(), cmd.params, hooks);
    case 'scaling-model': return runScalingModel(lab, cmd.params, hooks);
    case 'throughput': return runThroughput(need(), cmd.params, hooks);
    case 'noise-scale': {
      const result = await runNoiseScale(need(), cmd.params, hooks);
      if (cmd.saved) result.saturation = compareWithSaturation(result, cmd.saved);
      return result;
    }
  }
}

/** The adapter that ran a result, if any ran. */
const adapterOf = (r: AnyResult): AdapterInfo | null => (r.experiment === 'book' ? r.quality.adapter : r.adapter);

/**
 * Prints a result: the adapter line (to stderr for the book, whose stdout is exactly the
 * chapter program's), the table, the warnings; then writes --json. Returns false when the
 * JSON could not be written.
 */
function show(r: AnyResult, json: string | undefined): boolean {
  const adapter = adapterOf(r);
  if (adapter) (r.experiment === 'book' ? console.error : console.log)(adapterLine(adapter));
  console.log(formatResult(r) ?? '(nothing finished)');
  for (const w of warnings(r)) console.error(`gradscope: ${w}`);
  return writeJson(json, r);
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
    return show(await execute(cmd, null, {}), cmd.json) ? 0 : 1;
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
    const result = await execute(cmd, lab, { progress: progress.update, signal: controller.signal });
    progress.clear();
    return show(result, cmd.json) ? 0 : 1;
  } catch (e) {
    progress.clear();
    if (e instanceof IncompleteRunError) {
      console.error(`gradscope: ${e.cancelled ? 'cancelled' : `stopped: ${e.message}`}; results so far:`);
      show(e.partial as AnyResult, cmd.json);
      return e.cancelled ? 130 : 1;
    }
    if ((e as { name?: string } | null)?.name === 'AbortError') {
      console.error('gradscope: cancelled before any result');
      return 130;
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
