// CLI flag parsing: defaults, lists, and every bad flag named in a one-line UsageError.
import { describe, expect, test } from 'vitest';
import { UsageError, parseCommand } from '../src/cli/args';

const fails = (argv: string[]) => {
  try {
    parseCommand(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error(`parseCommand(${argv.join(' ')}) accepted bad input`);
};

describe('parseCommand', () => {
  test("defaults are the chapter's", () => {
    const cmd = parseCommand(['book']);
    expect(cmd.kind).toBe('book');
    if (cmd.kind !== 'book') return;
    expect(cmd.quality).toMatchObject({ n: 20000, d: 1, seed: 0, rng: 'gpu', w: [0], wTrue: [3], noise: 0.1, batches: [1, 4, 16, 64, 256, 1024], trials: 400 });
    expect(cmd.trajectory).toMatchObject({ batches: [1, 256], lr: 0.05, steps: 60 });
  });

  test('lists, vectors and python mode', () => {
    const cmd = parseCommand(['quality', '--d', '3', '--w-true', '1,2,3', '--w', '0.5', '--batches', '2,8', '--seed', '7', '--json', 'out.json']);
    expect(cmd).toMatchObject({ kind: 'quality', json: 'out.json', params: { d: 3, wTrue: [1, 2, 3], w: [0.5, 0.5, 0.5], batches: [2, 8], seed: 7 } });
    expect(parseCommand(['book', '--rng', 'python', '--seed=-3'])).toMatchObject({ quality: { rng: 'python', seed: -3 } });
    expect(parseCommand([])).toEqual({ kind: 'help', experiment: undefined });
    expect(parseCommand(['quality', '--help'])).toEqual({ kind: 'help', experiment: 'quality' });
  });

  test('bad flags name the flag', () => {
    expect(fails(['quality', '--bogus', '1'])).toMatch(/unknown flag --bogus/);
    expect(fails(['quality', '--n', 'abc'])).toMatch(/^--n: expected a number/);
    expect(fails(['quality', '--n', '0'])).toMatch(/^--n: /);
    expect(fails(['quality', '--n', '2.5'])).toMatch(/^--n: /);
    expect(fails(['quality', '--n', '4294967296'])).toMatch(/^--n: /);
    expect(fails(['quality', '--batches', '1,0,4'])).toMatch(/^--batches: /);
    expect(fails(['quality', '--batches', '1,,4'])).toMatch(/^--batches: expected a number/);
    expect(fails(['quality', '--trials', '1'])).toMatch(/^--trials: /);
    expect(fails(['quality', '--d', '0'])).toMatch(/^--d: /);
    expect(fails(['quality', '--d', '17'])).toMatch(/^--d: /);
    expect(fails(['quality', '--d', '2', '--w-true', '1,2,3'])).toMatch(/^--w-true: needs 1 or 2/);
    expect(fails(['quality', '--noise=-1'])).toMatch(/^--noise: /);
    expect(fails(['trajectory', '--lr', 'Infinity'])).toMatch(/^--lr: /);
    expect(fails(['trajectory', '--lr', 'NaN'])).toMatch(/^--lr: /);
    // Decimal or scientific only: JavaScript's hex, binary and octal literals are not numbers a user means.
    for (const text of ['0x10', '0b11', '0o7', '1_000', '1e', '.']) expect(fails(['quality', '--n', text])).toMatch(/^--n: expected a number/);
    expect(parseCommand(['quality', '--n', '+1e3', '--noise', '.5', '--w=-2.'])).toMatchObject({ params: { n: 1000, noise: 0.5, w: [-2] } });
    expect(fails(['quality', '--batches', '4,4,1'])).toMatch(/^--batches: 4 is listed twice/);
    expect(fails(['trajectory', '--batches', '2,2'])).toMatch(/^--batches: 2 is listed twice/);
    expect(fails(['quality', '--model', ''])).toMatch(/^--model: must be linreg or logreg, got ""/);
    expect(fails(['quality', '--model', 'logreg', '--margin', '1e16'])).toMatch(/^--margin: must be at most 100/);
    expect(fails(['lr-scaling', '--n', '4294967295', '--b', '1', '--epochs', '1'])).toMatch(/^--n: .*a smaller --n/);
    expect(fails(['trajectory', '--steps', '0'])).toMatch(/^--steps: /);
    expect(fails(['quality', '--rng', 'numpy'])).toMatch(/^--rng: /);
    expect(fails(['quality', '--rng', 'python', '--d', '2'])).toMatch(/^--d: .*python/);
    expect(fails(['quality', '--seed=-1'])).toMatch(/^--seed: /);
    expect(fails(['quality', '--lr', '0.1'])).toMatch(/--lr does not apply to quality/);
    expect(fails(['quality', '--n'])).toMatch(/^--n: needs a value/);
    expect(fails(['quality', '--w', '-1'])).toMatch(/^--w: a value starting with "-" is written --w=VALUE/);
    expect(fails(['book', '--traj-batches', '0'])).toMatch(/^--traj-batches: /);
    expect(fails(['quality', '--json', ''])).toMatch(/^--json: needs a file name/);
    expect(fails(['trajectory', '--lr=-1'])).toMatch(/^--lr: .*>= 0/);
    expect(fails(['quality', '--trials', '4294967295'])).toMatch(/^--trials: /);
    expect(fails(['quality', '--w', '1,2'])).toMatch(/^--w: needs 1 value, got 2/);
    expect(fails(['quality', '--trials', '5', '--trials', '7'])).toMatch(/--trials is given twice/);
    expect(fails(['sgd'])).toMatch(/unknown experiment "sgd"/);
    expect(fails(['workers', '--k', '0'])).toMatch(/^--k: /);
    expect(fails(['workers', '--b', '0'])).toMatch(/^--b: /);
    expect(fails(['workers', '--sizes', '8'])).toMatch(/^--sizes: needs 2/);
    expect(fails(['workers', '--sizes', '8,0'])).toMatch(/^--sizes: /);
    expect(fails(['workers', '--trials', '20000', '--sizes', '4096,4096'])).toMatch(/^--trials: .*limit/);
    expect(fails(['workers', '--lr', '0.1'])).toMatch(/--lr does not apply to workers/);
    expect(parseCommand(['workers'])).toMatchObject({ kind: 'workers', params: { k: 8, b: 32, sizes: [8, 16, 32, 64, 128], trials: 2000, w: [0] } });
    expect(fails(['quality', 'extra'])).toMatch(/unexpected argument "extra"/);
  });
});
