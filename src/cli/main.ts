/**
 * The terminal entry: flags → experiment on the GPU → chapter-layout table (and --json).
 * Exit status: 0 done, 1 failed (partial results still printed), 2 bad usage, 130 cancelled.
 */
import { writeFileSync } from 'node:fs';
import { Lab } from '../engine/lab';
import { acquireGpu, GpuError } from '../gpu/context';
import { nodeHost } from '../gpu/node-host';
import { formatBookReport, formatQualityReport, formatTrajectoryReport } from '../experiments/book-report';
import { drawBookStream } from '../reference/book-stream';
import { pythonSource } from '../experiments/data-source';
import { runQuality } from '../experiments/quality';
import { IncompleteRunError, type RunHooks } from '../experiments/run-control';
import { runTrajectory } from '../experiments/trajectory';
import type { AdapterInfo, BookResult, QualityParams, TrajectoryParams } from '../experiments/types';
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

/** The python stream for a book / python-mode run: Part 1 then Part 2 draws, in order. */
function pythonStreamFor(q: QualityParams | null, t: TrajectoryParams | null) {
  const p = (q ?? t)!;
  return drawBookStream({
    seed: p.seed, n: p.n, wTrue: p.wTrue[0], noise: p.noise,
    trials: q?.trials ?? 0, batches: q?.batches ?? [], trajBatches: t?.batches ?? [], steps: t?.steps ?? 0,
  });
}

async function execute(cmd: Exclude<Command, { kind: 'help' }>, lab: Lab, hooks: RunHooks): Promise<void> {
  if (cmd.kind === 'quality') {
    const source = cmd.params.rng === 'python' ? pythonSource(pythonStreamFor(cmd.params, null)) : undefined;
    const result = await runQuality(lab, cmd.params, hooks, source);
    console.log(adapterLine(result.adapter));
    console.log(formatQualityReport(result));
    writeJson(cmd.json, result);
  } else if (cmd.kind === 'trajectory') {
    const source = cmd.params.rng === 'python' ? pythonSource(pythonStreamFor(null, cmd.params)) : undefined;
    const result = await runTrajectory(lab, cmd.params, hooks, source);
    console.log(adapterLine(result.adapter));
    console.log(formatTrajectoryReport(result));
    writeJson(cmd.json, result);
  } else {
    // The book's stdout is exactly the chapter program's output; the adapter goes to stderr.
    const source = cmd.quality.rng === 'python' ? pythonSource(pythonStreamFor(cmd.quality, cmd.trajectory)) : undefined;
    const quality = await runQuality(lab, cmd.quality, hooks, source);
    const trajectory = await runTrajectory(lab, cmd.trajectory, hooks, source);
    const book: BookResult = { experiment: 'book', quality, trajectory };
    console.error(adapterLine(quality.adapter));
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
    const lab = await Lab.create(await acquireGpu(nodeHost()));
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
