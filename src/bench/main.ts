/**
 * `npm run bench`: every implementation of the full-gradient job side by side, in one run on
 * this machine, then bench/results.json and bench/results.md (see src/bench/types.ts for
 * the schema and README's "Benchmark" notes). Node only; the page part is src/bench/tfjs-page.ts.
 *
 * Jobs: procedural (generate x ~ N(0,1), y = 3x + 0.1·N(0,1), then the mean gradient
 * 2x(wx − y) and loss at w = 0, N = 2^24), stored (the same over x, y already in memory),
 * quality (the chapter's Part 1 table: N = 20000, T = 400, b = 1..1024), and the adapter's
 * read ceiling. Flags: --quick (small sizes, prints only), --skip a,b (chromium, naive,
 * python, quality, ceiling), --out DIR.
 */
import { cpus } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseTuning } from '../engine/calibrate';
import { Lab } from '../engine/lab';
import { acquireGpu, type GpuContext } from '../gpu/context';
import { nodeHost } from '../gpu/node-host';
import { formatQualityReport } from '../experiments/book-report';
import { sourceFor } from '../experiments/book';
import { qualityParams } from '../experiments/params';
import { runQuality } from '../experiments/quality';
import type { QualityResult } from '../experiments/types';
import { dataKey } from '../reference/threefry';
import { runInChromium, type ChromiumResults } from './chromium';
import { proceduralArrays, proceduralSums, storedSums } from './cpu-loops';
import { NaiveSum, ReadCeiling, uploadStored, type JobSpec, type ReadConfig } from './gpu-jobs';
import { contention, cpuSnapshot, type Contention } from './contention';
import { checkMeans, formatMarkdown, formatRate, makeRow, skippedRow, speedRatio, withTarget, type Expectation } from './report';
import { pythonInfo, runChapter, runNumpy } from './python';
import { median, timeRuns } from './timing';
import type { BenchResults, BenchRow, Measured, Ratio } from './types';

/** Implementation names, as rows and ratios refer to them. */
export const IMPL = {
  engine: 'gradscope (Node, Dawn)',
  engineChromium: 'gradscope (Chromium)',
  tfjs: 'TF.js webgpu (Chromium)',
  naive: 'naive kernel (Node, Dawn)',
  ts: 'TypeScript loops (1 core)',
  numpy: 'numpy f32',
  chapter: 'chapter program (CPython)',
  quality: 'gradscope quality (gpu rng)',
  replica: 'gradscope quality (python rng replica)',
} as const;

interface Sizes {
  n: number;
  naiveN: number;
  runs: number;
  warmup: number;
  slowRuns: number;
  ceilingBytes: number;
}

const FULL: Sizes = { n: 1 << 24, naiveN: 1 << 24, runs: 5, warmup: 1, slowRuns: 3, ceilingBytes: 1 << 27 };
const QUICK: Sizes = { n: 1 << 18, naiveN: 1 << 16, runs: 3, warmup: 1, slowRuns: 2, ceilingBytes: 1 << 24 };
const SKIPPABLE = ['chromium', 'naive', 'python', 'quality', 'ceiling'];
/** Contention (others + steal) above which a row is flagged as measured on a busy machine. */
const BUSY = 0.15;

const started = performance.now();
const say = (s: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);
const message = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e));
const measured = (t: { samplesMs: number[]; warmup: number }, result: number[], note?: string): Measured => ({ samplesMs: t.samplesMs, warmup: t.warmup, result, note });

/** Part 1 of the chapter's printed Output 10.2.1 (the quality table), trailing spaces trimmed. */
function chapterPart1(chapter: string): string[] {
  const caption = chapter.indexOf('Code 10.2.1:');
  const body = chapter.indexOf('\n', caption) + 1;
  const end = chapter.indexOf('Output 10.2.1:', body);
  const lines = chapter.slice(body, end).split('\n').map((l) => l.trimEnd());
  return lines.slice(0, lines.indexOf(''));
}

/** Quality-table checks: the full gradient near −6, each row's mean within 5 standard errors, std ratios near 1/2. */
function checkQuality(r: QualityResult): string | null {
  const g = r.fullGradient[0];
  if (!(Math.abs(g + 6) < 0.35)) return `full gradient ${g} is not near -6`;
  for (const row of r.rows) {
    const se = row.std[0] / Math.sqrt(r.params.trials);
    if (!(Math.abs(row.mean[0] - g) < 5 * se)) return `b = ${row.batch}: mean ${row.mean[0]} is ${((row.mean[0] - g) / se).toFixed(1)} standard errors from ${g}`;
    if (row.ratio !== null && !(Math.abs(row.ratio - 0.5) < 0.15)) return `b = ${row.batch}: std ratio ${row.ratio} is not near 0.5`;
  }
  return null;
}

function adapterName(node: GpuContext['adapter'] | null, chromium: ChromiumResults | null, webgpuVersion: string): string {
  const parts: string[] = [];
  if (node) parts.push(`Node: ${[node.vendor, node.architecture, node.description].filter((s) => s && s !== 'unknown').join(' / ')} via Dawn (webgpu ${webgpuVersion})${node.software ? ', software adapter' : ''}`);
  const a = chromium?.adapter;
  if (a) parts.push(`Chromium ${chromium?.browserVersion}: ${[a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ')}${a.isFallbackAdapter ? ', fallback adapter' : ''}`);
  return parts.join('; ') || 'none';
}

function parseArgs(argv: string[]): { sizes: Sizes; quick: boolean; skip: Set<string>; out: string | null } | string {
  let quick = false;
  let out: string | null = null;
  const skip = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--skip') for (const s of (argv[++i] ?? '').split(',')) skip.add(s);
    else if (a.startsWith('--skip=')) for (const s of a.slice(7).split(',')) skip.add(s);
    else if (a === '--out') out = argv[++i] ?? null;
    else if (a === '--help' || a === '-h') return 'help';
    else return `unknown flag ${a}`;
  }
  for (const s of skip) if (!SKIPPABLE.includes(s)) return `--skip takes ${SKIPPABLE.join(', ')}; got ${s}`;
  return { sizes: quick ? QUICK : FULL, quick, skip, out: out ?? (quick ? null : 'bench') };
}

/** Runs the benchmark; resolves to the exit status (0 even when targets are missed: it is a measurement). */
export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args === 'help') {
      console.log('npm run bench [-- --quick] [--skip chromium,naive,python,quality,ceiling] [--out DIR]');
      return 0;
    }
    console.error(`bench: ${args}`);
    return 2;
  }
  const { sizes, skip } = args;
  const root = process.cwd();
  const job: JobSpec = { n: sizes.n, seed: 0, wTrue: 3, noise: 0.1, w: 0 };
  const rows: BenchRow[] = [];
  const warnings: string[] = [];
  // CPU contention since the previous row: taken right after each measurement.
  let mark = cpuSnapshot();
  const took = (): Contention | null => {
    const now = cpuSnapshot();
    const c = contention(mark, now);
    mark = now;
    return c;
  };
  const push = (row: BenchRow, load: Contention | null = took()) => {
    row.contention = row.skipped ? null : load;
    rows.push(row);
    if (!row.valid && !row.skipped) warnings.push(`${row.job} / ${row.impl}: ${row.note}`);
    if (load && load.others + load.steal > BUSY) {
      warnings.push(`${row.job} / ${row.impl}: ${Math.round((load.others + load.steal) * 100)}% of the machine's CPU went to other processes or steal while it ran; its time is inflated (rerun on a quiet machine)`);
    }
    say(`${row.job} / ${row.impl}: ${row.skipped ? row.note : `${row.medianMs!.toFixed(1)} ms (${formatRate(row.examplesPerSec)})${row.valid ? '' : ' INVALID'}`}`);
  };
  const statistical: Expectation = { grad: -2 * job.wTrue, loss: job.wTrue ** 2 + job.noise ** 2, tol: 8 * Math.SQRT2 * (job.wTrue ** 2 + job.noise ** 2) / Math.sqrt(job.n), what: 'the population value (8 standard errors)' };
  const py = skip.has('python') ? { python: null, numpy: null, missing: 'skipped (--skip python)' } : pythonInfo();
  const webgpuVersion = (JSON.parse(readFileSync(join(root, 'node_modules/webgpu/package.json'), 'utf8')) as { version: string }).version;

  say(`N = ${sizes.n}${args.quick ? ' (--quick)' : ''}; acquiring the Node GPU`);
  const host = nodeHost();
  let gpu: GpuContext;
  try {
    gpu = await acquireGpu(host);
  } catch (e) {
    console.error(`bench: ${message(e)}`);   // the engine is what is measured: nothing to compare without it
    return 1;
  }
  // The engine as the CLI runs it: its calibrated tuning (cached per adapter), or GRADSCOPE_TUNING.
  const choice = await chooseTuning(gpu, host.store, process.env.GRADSCOPE_TUNING, () => say('calibrating the engine for this adapter (once; cached)'));
  say(`engine tuning ${JSON.stringify(choice.tuning)} (${choice.source})`);
  const lab = await Lab.create(gpu, choice.tuning);

  // (iv) TypeScript loops: also the f64 reference for every row on the threefry data.
  say('TypeScript loops, procedural (the f64 reference)');
  const tsP = await timeRuns(() => proceduralSums(dataKey(job.seed), job.n, job.wTrue, job.noise, job.w).map((s) => s / job.n), sizes);
  const tsLoad = took();
  const reference: Expectation = { grad: tsP.last[0], loss: tsP.last[1], tol: 1e-4, relative: true, what: 'the f64 sum over the same threefry examples' };
  const tsRow = makeRow('procedural', IMPL.ts, job.n, measured(tsP, tsP.last), checkMeans(tsP.last, statistical), 'threefry + AS 241 normals in f64, plain for loop; the reference for the threefry rows');

  // (i) the engine, procedural.
  say('engine, procedural');
  const pData = await lab.dataset({ kind: 'procedural', n: job.n, d: 1, seed: job.seed, wTrue: [job.wTrue], noise: job.noise });
  const eP = await timeRuns(async () => Array.from(await lab.fullSums(pData, [job.w]), (s) => s / job.n), sizes);
  pData.destroy();
  push(makeRow('procedural', IMPL.engine, job.n, measured(eP, eP.last), checkMeans(eP.last, reference), 'Lab.fullSums: threefry data, Neumaier lanes + fold passes'));
  push(tsRow, tsLoad);

  // The stored data: the same threefry examples, rounded to f32.
  say('making the stored arrays (threefry, f32)');
  const { x, y } = proceduralArrays(dataKey(job.seed), job.n, job.wTrue, job.noise);
  say('engine, stored');
  const sData = await lab.dataset({ kind: 'stored', n: job.n, d: 1, x, y });
  const eS = await timeRuns(async () => Array.from(await lab.fullSums(sData, [job.w]), (s) => s / job.n), sizes);
  sData.destroy();
  const engineStored = makeRow('stored', IMPL.engine, job.n, measured(eS, eS.last), checkMeans(eS.last, reference), 'Lab.fullSums over x, y storage buffers (8 bytes per example)');
  push(engineStored);
  say('TypeScript loops, stored');
  const tsS = await timeRuns(() => storedSums(x, y, job.w).map((s) => s / job.n), sizes);
  push(makeRow('stored', IMPL.ts, job.n, measured(tsS, tsS.last), checkMeans(tsS.last, reference), 'f64 loop over the Float32Arrays'));

  // The adapter's read ceiling.
  const ceilings: BenchResults['ceilings'] = { readBytesPerSec: null, readConfigs: [], storedBytesPerSec: engineStored.valid ? (8 * job.n) / (engineStored.medianMs! / 1000) : null };
  if (!skip.has('ceiling')) {
    say(`read ceiling: vec4 read-and-sum over ${sizes.ceilingBytes >> 20} MiB`);
    const ceiling = ReadCeiling.create(gpu, sizes.ceilingBytes);
    const configs: ReadConfig[] = [];
    for (const wg of [64, 256]) for (const workgroups of [2, 4, 8, 16, 64, 256, 1024]) configs.push({ workgroups, wg, strided: true });
    for (const workgroups of [4, 16, 64]) configs.push({ workgroups, wg: 64, strided: false });
    for (const c of configs) {
      const t = await timeRuns(() => ceiling.run(c), { warmup: 1, runs: 3 });
      if (t.last !== sizes.ceilingBytes / 4) {
        warnings.push(`read ceiling ${JSON.stringify(c)} summed ${t.last}, expected ${sizes.ceilingBytes / 4}: excluded`);
        continue;
      }
      const ms = median(t.samplesMs);
      ceilings.readConfigs.push({ workgroups: c.workgroups, wg: c.wg, layout: c.strided ? 'strided' : 'chunked', medianMs: Math.round(ms * 100) / 100, bytesPerSec: sizes.ceilingBytes / (ms / 1000) });
    }
    ceiling.destroy();
    ceilings.contention = took();
    ceilings.readBytesPerSec = Math.max(...ceilings.readConfigs.map((c) => c.bytesPerSec));
    const best = ceilings.readConfigs.find((c) => c.bytesPerSec === ceilings.readBytesPerSec)!;
    say(`read ceiling ${formatRate(ceilings.readBytesPerSec, 'B')} (${best.workgroups} × ${best.wg}, ${best.layout})`);
  }

  // (iii) the naive kernel.
  if (skip.has('naive')) {
    push(skippedRow('procedural', IMPL.naive, job.n, '--skip naive'));
    push(skippedRow('stored', IMPL.naive, job.n, '--skip naive'));
  } else {
    const naive = await NaiveSum.create(gpu);
    const small = { ...job, n: Math.min(job.n, 1 << 16) };
    const nJob = { ...job, n: sizes.naiveN };
    const naiveRef: Expectation = nJob.n === job.n ? reference : statistical;
    const runs = { warmup: 0, runs: sizes.slowRuns };
    const naiveNote = `one example per thread, 256-wide shared-memory tree, one pass per level; warm-up at n = ${small.n}, ${sizes.slowRuns} runs (slow)`;
    say(`naive kernel, procedural (${sizes.slowRuns} runs)`);
    await naive.run(small, null);
    const nP = await timeRuns(async () => (await naive.run(nJob, null)).map((s) => s / nJob.n), runs);
    push(makeRow('procedural', IMPL.naive, nJob.n, { ...measured(nP, nP.last), warmup: 1 }, checkMeans(nP.last, naiveRef), naiveNote));
    say(`naive kernel, stored (${sizes.slowRuns} runs)`);
    const buffers = uploadStored(gpu, x.subarray(0, nJob.n), y.subarray(0, nJob.n));
    await naive.run(small, buffers);
    const nS = await timeRuns(async () => (await naive.run(nJob, buffers)).map((s) => s / nJob.n), runs);
    buffers.x.destroy();
    buffers.y.destroy();
    push(makeRow('stored', IMPL.naive, nJob.n, { ...measured(nS, nS.last), warmup: 1 }, checkMeans(nS.last, naiveRef), naiveNote));
  }

  // (v) numpy.
  if (!py.python || !py.numpy) {
    push(skippedRow('procedural', IMPL.numpy, job.n, py.missing ?? 'no numpy'));
    push(skippedRow('stored', IMPL.numpy, job.n, py.missing ?? 'no numpy'));
  } else {
    say('numpy (subprocess, timed in-process)');
    try {
      const np = runNumpy(root, job.n, sizes.runs, sizes.warmup, job.seed);
      const load = took();   // one subprocess for both rows
      push(makeRow('procedural', IMPL.numpy, job.n, np.procedural, checkMeans(np.procedural.result, statistical), "own generator: default_rng().standard_normal (PCG64, ziggurat); 2·x@r/n; OPENBLAS_* overrides unset"), load);
      push(makeRow('stored', IMPL.numpy, job.n, np.stored, checkMeans(np.stored.result, statistical), 'own data (numpy generator); r = w·x − y, 2·x@r/n, r@r/n'), load);
    } catch (e) {
      push(skippedRow('procedural', IMPL.numpy, job.n, message(e)));
      push(skippedRow('stored', IMPL.numpy, job.n, message(e)));
    }
  }

  // The chapter-sized quality table: the engine (both data sources) against the chapter's program.
  const q = qualityParams({});
  const qExamples = q.n + q.trials * q.batches.reduce((a, b) => a + b, 0);
  if (!skip.has('quality')) {
    const chapterText = readFileSync(join(root, '../shared/reference/minibatch-sgd-chapter.txt'), 'utf8');
    say('engine quality, gpu rng');
    const qG = await timeRuns(() => runQuality(lab, q), sizes);
    push(makeRow('quality', IMPL.quality, qExamples, measured(qG, [qG.last.fullGradient[0]]), checkQuality(qG.last),
      `runQuality in-process (wall time around it): procedural threefry data; the full gradient, then T = ${q.trials} batch sums per b, read back per b`));
    say('engine quality, python rng replica');
    const qp = qualityParams({ rng: 'python' });
    const qR = await timeRuns(() => runQuality(lab, qp, {}, sourceFor(qp, null)), sizes);
    const printed = formatQualityReport(qR.last).split('\n').map((l) => l.trimEnd());
    const want = chapterPart1(chapterText);
    const same = printed.length === want.length && printed.every((l, i) => l === want[i]);
    push(makeRow('quality', IMPL.replica, qExamples, measured(qR, [qR.last.fullGradient[0]]), same ? null : `printout differs from Output 10.2.1: ${printed.find((l, i) => l !== want[i])}`,
      "the program's CPython stream redrawn in TS (MT19937) and uploaded, then runQuality; prints Output 10.2.1 exactly"));
    if (!py.python) {
      push(skippedRow('quality', IMPL.chapter, qExamples, py.missing ?? 'no python3'));
    } else {
      say('chapter program, Part 1 (python3, timed in-process)');
      try {
        const c = runChapter(root, join(root, '../shared/reference/minibatch-sgd-chapter.txt'), sizes.runs, sizes.warmup);
        const problem = c.matchesChapter && c.gFull === -5.9093 ? null : `printout differs from Output 10.2.1 (g = ${c.gFull})`;
        push(makeRow('quality', IMPL.chapter, qExamples, { samplesMs: c.samplesMs, warmup: c.warmup, result: [c.gFull ?? NaN] }, problem,
          `Part 1 only, time.perf_counter in-process (setup: data + defs, ${median(c.setupMs).toFixed(0)} ms more, not counted); CPython ${c.python}`));
      } catch (e) {
        push(skippedRow('quality', IMPL.chapter, qExamples, message(e)));
      }
    }
  }

  // (ii) TF.js, and the engine again, in headless Chromium.
  let chromium: ChromiumResults | null = null;
  if (skip.has('chromium')) {
    for (const j of ['procedural', 'stored']) push(skippedRow(j, IMPL.tfjs, job.n, '--skip chromium'));
  } else {
    say('Chromium: TF.js webgpu and the engine in the page');
    let pageLoad: Contention | null = null;
    chromium = await runInChromium(root, { ...job, runs: sizes.runs, warmup: sizes.warmup, tuning: process.env.GRADSCOPE_TUNING ?? null }, say, () => (pageLoad = took()));
    took();
    for (const w of chromium.pageErrors) warnings.push(`page: ${w}`);
    const tfjsNote = { procedural: 'tf.randomNormal (own generator, drawn in JS on the CPU, then uploaded) + tf.valueAndGrad(mean squared error), one read-back', stored: 'tf.valueAndGrad(mean squared error) over x, y tensors already on the GPU, one read-back' };
    for (const j of ['procedural', 'stored'] as const) {
      const t = chromium.tfjs;
      if (chromium.skipped || !t) push(skippedRow(j, IMPL.tfjs, job.n, chromium.skipped ?? 'not run'));
      else if ('error' in t) push(skippedRow(j, IMPL.tfjs, job.n, t.error));
      else push(makeRow(j, IMPL.tfjs, job.n, t[j], checkMeans(t[j].result, statistical), tfjsNote[j]), pageLoad);
      const e = chromium.engine;
      if (chromium.skipped || !e) push(skippedRow(j, IMPL.engineChromium, job.n, chromium.skipped ?? 'not run'));
      else if ('error' in e) push(skippedRow(j, IMPL.engineChromium, job.n, e.error));
      else push(makeRow(j, IMPL.engineChromium, job.n, e[j], checkMeans(e[j].result, reference), `the same engine code, navigator.gpu in the page; tuning ${JSON.stringify(e.tuning.tuning)} (${e.tuning.source})`), pageLoad);
    }
  }

  // Ratios: how many times faster the engine is. TF.js is compared with the engine in the same browser.
  const targets: Record<string, Ratio> = {
    procedural_vs_tfjs: speedRatio(rows, { other: ['procedural', IMPL.tfjs], engine: ['procedural', IMPL.engineChromium], target: 10 }),
    stored_vs_tfjs: speedRatio(rows, { other: ['stored', IMPL.tfjs], engine: ['stored', IMPL.engineChromium], target: 3 }),
    procedural_vs_numpy: speedRatio(rows, { other: ['procedural', IMPL.numpy], engine: ['procedural', IMPL.engine], target: 1 }),
    stored_vs_numpy: speedRatio(rows, { other: ['stored', IMPL.numpy], engine: ['stored', IMPL.engine], target: null }),
    procedural_vs_naive: speedRatio(rows, { other: ['procedural', IMPL.naive], engine: ['procedural', IMPL.engine], target: null }),
    book_vs_python: speedRatio(rows, { other: ['quality', IMPL.chapter], engine: ['quality', IMPL.quality], target: 100 }),
    stored_vs_ceiling: withTarget(ceilings.storedBytesPerSec !== null && ceilings.readBytesPerSec !== null ? ceilings.storedBytesPerSec / ceilings.readBytesPerSec : null, 0.7,
      `engine stored bytes/s ÷ readBytesPerSec (Node)`),
    // Also reported, no target:
    stored_vs_naive: speedRatio(rows, { other: ['stored', IMPL.naive], engine: ['stored', IMPL.engine], target: null }),
    procedural_vs_typescript: speedRatio(rows, { other: ['procedural', IMPL.ts], engine: ['procedural', IMPL.engine], target: null }),
    stored_vs_typescript: speedRatio(rows, { other: ['stored', IMPL.ts], engine: ['stored', IMPL.engine], target: null }),
    procedural_vs_tfjs_node_engine: speedRatio(rows, { other: ['procedural', IMPL.tfjs], engine: ['procedural', IMPL.engine], target: null }),
    stored_vs_tfjs_node_engine: speedRatio(rows, { other: ['stored', IMPL.tfjs], engine: ['stored', IMPL.engine], target: null }),
    book_replica_vs_python: speedRatio(rows, { other: ['quality', IMPL.chapter], engine: ['quality', IMPL.replica], target: null }),
  };
  const results: BenchResults = {
    version: 1,
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    totalSeconds: (performance.now() - started) / 1000,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.versions.node, python: py.python, numpy: py.numpy, chromium: chromium?.browserVersion ?? null },
    adapter: {
      node: { vendor: gpu.adapter.vendor, architecture: gpu.adapter.architecture, description: gpu.adapter.description, software: gpu.adapter.software },
      engineTuning: { node: choice, chromium: chromium?.engine && !('error' in chromium.engine) ? chromium.engine.tuning : null },
      chromium: chromium?.adapter ?? null,
      name: adapterName(gpu.adapter, chromium, webgpuVersion),
    },
    rows,
    ceilings,
    ratios: Object.fromEntries(Object.entries(targets).map(([k, v]) => [k, v.value])),
    targets,
    warnings,
  };
  gpu.destroy();
  const md = formatMarkdown(results);
  process.stdout.write(`\n${md}`);
  if (args.out) {
    mkdirSync(args.out, { recursive: true });
    writeFileSync(join(args.out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    writeFileSync(join(args.out, 'results.md'), md);
    say(`wrote ${join(args.out, 'results.json')} and ${join(args.out, 'results.md')}`);
  }
  return 0;
}
