/**
 * Where an experiment's examples and batch indices come from: the GPU's counter-based
 * RNG (`--rng gpu`), or the chapter program's CPython stream replayed on the CPU
 * (`--rng python`), whose data and indices are uploaded.
 */
import type { Dataset } from '../engine/dataset';
import type { Sampling } from '../engine/lab';
import { STREAM, sampleKey } from '../reference/threefry';
import type { PythonStream } from '../reference/book-stream';
import type { ProblemParams } from './types';

export interface DataSource {
  dataset: Dataset;
  /** Sampling for quality row `index` (batch size b). */
  quality(index: number, b: number): Sampling;
  /** Sampling for trajectory run `index` (batch size b). */
  trajectory(index: number, b: number): Sampling;
}

/** The procedural dataset of a problem (its RNG mode aside). */
export function proceduralDataset(p: Omit<ProblemParams, 'rng'>): Dataset {
  return { kind: 'procedural', n: p.n, d: p.d, seed: p.seed, model: p.model, wTrue: p.wTrue, noise: p.noise, margin: p.margin };
}

/** The procedural dataset and GPU-drawn indices for `p`. */
export function gpuSource(p: ProblemParams): DataSource {
  return {
    dataset: proceduralDataset(p),
    quality: (_, b) => ({ kind: 'drawn', key: sampleKey(p.seed, STREAM.quality, b) }),
    trajectory: (_, b) => ({ kind: 'drawn', key: sampleKey(p.seed, STREAM.trajectory, b) }),
  };
}

/** The uploaded CPython stream: data (rounded to f32) and every drawn index. */
export function pythonSource(stream: PythonStream): DataSource {
  return {
    dataset: { kind: 'stored', n: stream.x.length, d: 1, x: Float32Array.from(stream.x), y: Float32Array.from(stream.y) },
    quality: (i) => ({ kind: 'listed', indices: stream.quality[i] }),
    trajectory: (i) => ({ kind: 'listed', indices: stream.trajectory[i] }),
  };
}
