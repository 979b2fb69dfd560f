// `npm run lab -- throughput` as a user runs it: bad flags exit 2 naming the flag, and a
// small run prints the adapter, the table and b_sat, and writes the documented JSON.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { expectUsageError, runLab } from './helpers/cli';

const lab = (args: string[]) => runLab(['throughput', ...args]);

describe('lab throughput', () => {
  test('bad flags exit 2 with one line naming the flag', () => {
    for (const [args, flag] of [
      [['--max-batch', '100'], '--max-batch'], [['--steps', '0'], '--steps'], [['--timer', 'x'], '--timer'],
      [['--min-time=-5'], '--min-time'], [['--repeats', '1.5'], '--repeats'], [['--rng', 'python'], '--rng'],
    ] as const) expectUsageError(['throughput', ...args], flag);
  });

  test('a small run: adapter, table, b_sat, and the JSON schema', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gradscope-tp-')), 'throughput.json');
    const r = lab(['--max-batch', '64', '--steps', '2', '--min-time', '2', '--repeats', '1', '--d', '2', '--json', file]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toMatchObject({
      experiment: 'throughput',
      params: { batches: [1, 2, 4, 8, 16, 32, 64], d: 2, steps: 2, minTimeMs: 2, repeats: 1, timer: 'auto' },
      adapter: { vendor: expect.any(String), software: expect.any(Boolean), host: 'node' },
      timestampQuery: expect.any(Boolean),
      bSat: { sync: expect.any(Number), pipelined: expect.any(Number) },
      elapsedMs: expect.any(Number),
    });
    expect(json.rows).toHaveLength(14);
    for (const row of json.rows) {
      expect(row).toEqual({ batch: expect.any(Number), mode: expect.stringMatching(/^(sync|pipelined)$/), examplesPerSec: expect.any(Number), usPerStep: expect.any(Number), timer: expect.stringMatching(/^(gpu|wall)$/), steps: expect.any(Number) });
      if (!json.timestampQuery) expect(row.timer).toBe('wall');
    }
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^adapter: .*\(node/);
    expect(r.stdout).toContain('batch b     sync ex/s  sync µs/step  pipelined ex/s  pipelined µs/step  timer');
    expect(lines.filter((l) => /^\d+ /.test(l)).map((l) => Number(l.split(' ')[0]))).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(lines.at(-1)).toBe(lines.find((l) => l.startsWith('b_sat')));
    expect(lines.at(-1)).toContain(`sync ${json.bSat.sync} (peak`);
  });
});
