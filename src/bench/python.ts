/**
 * The Python implementations, run as subprocesses that time themselves in-process with
 * time.perf_counter: (v) numpy (bench/numpy_job.py) and the chapter's pure-Python program,
 * Part 1 (bench/chapter_part1.py). Node only. Missing python3 or numpy gives a reason, not a throw.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface PythonInfo {
  python: string | null;
  numpy: string | null;
  /** Why python3 or numpy is unavailable, when one is. */
  missing: string | null;
}

/** The environment for numpy: this machine's OPENBLAS overrides removed, for the subprocess only. */
function numpyEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

function run(args: string[], timeoutMs: number): { ok: true; stdout: string } | { ok: false; why: string } {
  const p = spawnSync('python3', args, { encoding: 'utf8', env: numpyEnv(), timeout: timeoutMs, maxBuffer: 64 << 20 });
  if (p.error) return { ok: false, why: `python3: ${p.error.message}` };
  if (p.status !== 0) return { ok: false, why: `python3 exited with ${p.status ?? p.signal}: ${p.stderr.trim().split('\n').at(-1) ?? ''}` };
  return { ok: true, stdout: p.stdout };
}

/** Versions of python3 and numpy, or why they are missing. */
export function pythonInfo(): PythonInfo {
  const v = run(['-c', 'import sys; print(sys.version.split()[0])'], 20_000);
  if (!v.ok) return { python: null, numpy: null, missing: `no python3 (${v.why})` };
  const np = run(['-c', 'import numpy; print(numpy.__version__)'], 60_000);
  return { python: v.stdout.trim(), numpy: np.ok ? np.stdout.trim() : null, missing: np.ok ? null : 'python3 has no numpy' };
}

export interface NumpyRun {
  procedural: { samplesMs: number[]; warmup: number; result: number[] };
  stored: { samplesMs: number[]; warmup: number; result: number[] };
}

/** Runs bench/numpy_job.py; throws with python's last error line on failure. */
export function runNumpy(root: string, n: number, runs: number, warmup: number, seed: number): NumpyRun {
  const r = run([join(root, 'bench/numpy_job.py'), String(n), String(runs), String(warmup), String(seed)], 600_000);
  if (!r.ok) throw new Error(r.why);
  return JSON.parse(r.stdout) as NumpyRun;
}

export interface ChapterRun {
  python: string;
  samplesMs: number[];
  setupMs: number[];
  warmup: number;
  printed: string;
  matchesChapter: boolean;
  gFull: number | null;
}

/** Runs bench/chapter_part1.py on the chapter text; throws with python's last error line on failure. */
export function runChapter(root: string, chapter: string, runs: number, warmup: number): ChapterRun {
  const r = run([join(root, 'bench/chapter_part1.py'), chapter, String(runs), String(warmup)], 600_000);
  if (!r.ok) throw new Error(r.why);
  return JSON.parse(r.stdout) as ChapterRun;
}
