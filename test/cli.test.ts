// The CLI as a user runs it: exit statuses, one-line errors without stack traces, and the
// --json schema of each experiment.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { expectUsageError, runLab } from './helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'gradscope-cli-'));

const lab = runLab;

function labJson(args: string[]) {
  const file = join(dir, `${args[0]}-${Math.random().toString(36).slice(2)}.json`);
  const r = lab([...args, '--json', file]);
  expect(r.status, r.stderr).toBe(0);
  return { ...r, json: JSON.parse(readFileSync(file, 'utf8')) };
}

const adapterShape = { vendor: expect.any(String), architecture: expect.any(String), software: expect.any(Boolean), host: 'node' };

describe('lab CLI', () => {
  test('bad flags exit 2 with one line naming the flag, no stack trace', () => {
    for (const [args, flag] of [
      [['quality', '--bogus'], '--bogus'], [['quality', '--n', 'x'], '--n'], [['quality', '--n', '0'], '--n'],
      [['quality', '--batches', '0'], '--batches'], [['quality', '--trials', '1'], '--trials'], [['quality', '--d', '0'], '--d'],
      [['trajectory', '--lr', 'inf'], '--lr'], [['trajectory', '--lr', 'Infinity'], '--lr'],
    ] as const) expectUsageError([...args], flag);
  });

  test('diverging SGD is reported, not printed as silent NaN; --json paths are checked first', () => {
    const r = lab(['trajectory', '--n', '500', '--lr', '1e30', '--steps', '5', '--batches', '1']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/b = 1: SGD diverged: .* try a smaller --lr/);
    // The advice names what made the steps too large; a diverged logistic w has no accuracy.
    const m = join(dir, 'momentum.json');
    const mo = lab(['trajectory', '--model', 'logreg', '--n', '1000', '--steps', '40', '--batches', '4', '--weight-decay', '1e6', '--json', m]);
    expect(mo.status).toBe(0);
    expect(mo.stderr).toMatch(/lr = 0.05, weight decay = 1000000 make the steps too large for this problem, try a smaller --lr or --weight-decay/);
    expect(mo.stdout).toMatch(/A=nan/);
    const last = JSON.parse(readFileSync(m, 'utf8')).runs[0].points.at(-1);
    expect(last.accuracy).toBeNull();
    // A JSON file that cannot be written after the run is a failure (1), not bad usage (2); the table still prints.
    const full = lab(['quality', '--n', '100', '--trials', '5', '--batches', '1', '--json', '/dev/full']);
    expect(full.status).toBe(1);
    expect(full.stdout).toMatch(/gradient-estimate quality/);
    expect(full.stderr).toMatch(/--json: could not write \/dev\/full/);
    for (const bad of ['/proc/gradscope-test.json', dir]) {
      const j = lab(['quality', '--n', '100', '--json', bad]);
      expect(j.status).toBe(2);
      expect(j.stderr).toMatch(/--json: cannot write/);
      expect(j.stdout).toBe('');
    }
  });

  test('quality --json has the documented schema', () => {
    const { json, stdout } = labJson(['quality', '--n', '3000', '--d', '2', '--trials', '20', '--batches', '1,4', '--seed', '3']);
    expect(json).toMatchObject({
      experiment: 'quality',
      params: { n: 3000, d: 2, seed: 3, rng: 'gpu', w: [0, 0], wTrue: [3, 3], noise: 0.1, batches: [1, 4], trials: 20 },
      adapter: adapterShape,
      fullGradient: [expect.any(Number), expect.any(Number)],
      fullLoss: expect.any(Number),
      elapsedMs: expect.any(Number),
    });
    expect(json.rows).toHaveLength(2);
    expect(json.rows[0]).toMatchObject({ batch: 1, mean: [expect.any(Number), expect.any(Number)], std: [expect.any(Number), expect.any(Number)], ratio: null });
    expect(json.rows[1].ratio).toEqual(expect.any(Number));
    expect(stdout).toMatch(/^adapter: .*\(node/);
    expect(stdout).toContain('batch b  mean est.');
  });

  test('workers --json has the documented schema; its flags are validated', () => {
    const { json, stdout } = labJson(['workers', '--n', '3000', '--d', '2', '--k', '4', '--b', '8', '--sizes', '2,6', '--trials', '50', '--seed', '4']);
    const vec2 = [expect.any(Number), expect.any(Number)];
    expect(json).toMatchObject({
      experiment: 'workers',
      params: { n: 3000, d: 2, seed: 4, k: 4, b: 8, sizes: [2, 6], trials: 50 },
      adapter: adapterShape,
      identity: { maxAbsDiff: expect.any(Number), bitwise: expect.any(Boolean) },
      equal: { global: { mean: vec2, std: vec2 }, workers: { mean: vec2, std: vec2 } },
      unequal: { sizes: [2, 6], unweightedMaxAbsGap: expect.any(Number), weightedMaxAbsDiff: expect.any(Number), unweightedStd: vec2, globalStd: vec2 },
      elapsedMs: expect.any(Number),
      tuning: expect.any(Object),
    });
    expect(stdout).toMatch(/^adapter: .*\(node/);
    for (const section of ['(a) same samples', '(b) over 50 trials', '(c) unequal local batches']) expect(stdout).toContain(section);
    for (const [args, flag] of [[['workers', '--k', '0'], '--k'], [['workers', '--b', '1.5'], '--b'], [['workers', '--sizes', '4'], '--sizes'], [['workers', '--trials', '1'], '--trials'], [['workers', '--steps', '3'], '--steps']] as const) {
      const r = lab([...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(flag);
      expect(r.stdout).toBe('');
    }
  });

  test('trajectory and book --json have the documented schema', () => {
    const t = labJson(['trajectory', '--n', '2000', '--batches', '1,8', '--steps', '10']).json;
    expect(t).toMatchObject({ experiment: 'trajectory', params: { n: 2000, batches: [1, 8], lr: 0.05, steps: 10 }, adapter: adapterShape, elapsedMs: expect.any(Number) });
    expect(t.runs.map((r: { batch: number }) => r.batch)).toEqual([1, 8]);
    expect(t.runs[0].points.map((p: { step: number }) => p.step)).toEqual([0, 2, 4, 6, 8, 9]);
    expect(t.runs[0].points[0]).toMatchObject({ step: 0, loss: expect.any(Number), w: [expect.any(Number)] });
    expect(t.runs[0].finalW).toEqual(t.runs[0].points.at(-1).w);

    const b = labJson(['book', '--rng', 'python', '--n', '500', '--trials', '10', '--batches', '1,4', '--traj-batches', '2', '--steps', '5']);
    expect(b.json).toMatchObject({ experiment: 'book', quality: { experiment: 'quality', params: { rng: 'python' } }, trajectory: { experiment: 'trajectory' } });
    expect(b.stderr).toMatch(/adapter: /);   // stdout is exactly the chapter program's output
    expect(b.stdout.split('\n')[0]).toMatch(/^gradient-estimate quality at w = 0\.0 /);
  });
});

describe('Ctrl-C', () => {
  /** Runs the CLI, sends SIGINT after `ms`, and resolves with what it printed and wrote. */
  function interrupted(args: string[], ms: number): Promise<{ status: number | null; stdout: string; stderr: string; json: any }> {
    const file = join(dir, `${args[0]}-interrupted.json`);
    return new Promise((done) => {
      const child = spawn(process.execPath, ['scripts/lab.mjs', ...args, '--json', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      const timer = setTimeout(() => child.kill('SIGINT'), ms);
      child.on('close', (status) => {
        clearTimeout(timer);
        let json = null;
        try { json = JSON.parse(readFileSync(file, 'utf8')); } catch { /* not written */ }
        done({ status, stdout, stderr, json });
      });
    });
  }

  // Each run is far longer than the wait, so the signal always lands mid-run.
  test('every experiment exits 130 with what finished, in its own JSON schema, never a stack trace', async () => {
    const [book, scaling, noise] = await Promise.all([
      interrupted(['book', '--n', '100000', '--trials', '10', '--batches', '1,4', '--steps', '1000000', '--traj-batches', '1,4096'], 9000),
      interrupted(['scaling-model', '--b', '16777216', '--n', '16777216'], 6000),
      interrupted(['noise-scale', '--n', '100000', '--samples', '1024', '--rows', '100', '--steps', '100000'], 9000),
    ]);
    for (const r of [book, scaling, noise]) {
      expect(r.status, r.stderr).toBe(130);
      expect(r.stderr).toMatch(/gradscope: cancelled/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(book.json).toMatchObject({ experiment: 'book', quality: { experiment: 'quality' }, trajectory: { experiment: 'trajectory' } });
    if (book.json.quality.rows.length === 2) expect(book.stdout).toMatch(/gradient-estimate quality/);
    expect(scaling.json).toMatchObject({ experiment: 'scaling-model', rows: [], kStar: null });
    expect(noise.json).toMatchObject({ experiment: 'noise-scale' });
    if (Number.isFinite(noise.json.bSimple.perExample)) expect(noise.stdout).toMatch(/per-example +\d/);
    expect(noise.stdout).not.toMatch(/NaN/);
  }, 60_000);
});
