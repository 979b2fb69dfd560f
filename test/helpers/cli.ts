// Shared test helper: the lab CLI as a user runs it, and the usage-error contract.
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';

/** Runs `node scripts/lab.mjs ...args`; status, stdout and stderr. */
export function runLab(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['scripts/lab.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Asserts a bad invocation: exit 2, one stderr line naming `flag`, no stack trace, empty stdout. */
export function expectUsageError(args: string[], flag: string): void {
  const r = runLab(args);
  expect(r.status, args.join(' ')).toBe(2);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('gradscope setup'));
  expect(lines, args.join(' ')).toHaveLength(1);
  expect(lines[0]).toContain(flag);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
}
