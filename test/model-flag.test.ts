// Every experiment takes --model linreg|logreg: each runs on logistic data from the CLI at a
// small size, records the model in its JSON, and reports what logistic regression adds.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXPERIMENTS } from '../src/cli/args';
import { runLab } from './helpers/cli';

const SMALL: Record<(typeof EXPERIMENTS)[number], string[]> = {
  quality: ['--n', '5000', '--trials', '20', '--batches', '1,16'],
  trajectory: ['--n', '5000', '--steps', '5', '--batches', '4'],
  book: ['--n', '5000', '--trials', '20', '--batches', '1,16', '--steps', '5'],
  throughput: ['--n', '65536', '--batches', '64', '--min-time', '5', '--repeats', '1'],
  workers: ['--n', '5000', '--trials', '20', '--k', '4', '--b', '8', '--sizes', '2,6'],
  'scaling-model': ['--n', '65536', '--b', '64', '--max-k', '8'],
  'noise-scale': ['--n', '20000', '--samples', '1024', '--rows', '50', '--steps', '2'],
  'lr-scaling': ['--n', '2048', '--d', '2', '--b', '8', '--k', '4', '--epochs', '1'],
};

function run(experiment: string, args: string[]): Record<string, any> {
  const file = join(mkdtempSync(join(tmpdir(), 'gradscope-model-')), 'r.json');
  const r = runLab([experiment, ...args, '--model', 'logreg', '--json', file]);
  expect(r.status, `${experiment}: ${r.stderr}`).toBe(0);
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe('--model logreg on every experiment', () => {
  test.each(EXPERIMENTS.map((e) => [e]))('%s', (experiment) => {
    const json = run(experiment, SMALL[experiment]);
    const params = experiment === 'book' ? json.quality.params : json.params;
    expect(params.model).toBe('logreg');
    if (experiment === 'quality') expect(json.fullAccuracy).toBeGreaterThan(0);
    if (experiment === 'book') expect(json.trajectory.runs[0].points[0].accuracy).toBeGreaterThan(0);
    if (experiment === 'trajectory') expect(json.runs[0].points.at(-1).accuracy).toBeGreaterThan(0.5);
    if (experiment === 'noise-scale') {
      expect(json.bSimple.analytic).toBeNull();
      expect(json.bSimple.perExample).toBeGreaterThan(0);
    }
    if (experiment === 'lr-scaling') expect(json.runs.every((r: { finalAccuracy: number }) => r.finalAccuracy > 0.5)).toBe(true);
  }, 120_000);
});
