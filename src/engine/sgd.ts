/**
 * Mini-batch SGD on the GPU, w ← w − η·g from w0 (with torch.optim.SGD's momentum,
 * dampening, nesterov and weight decay when an optimizer is given; the momentum buffer
 * stays on the GPU too). w never leaves the GPU between steps:
 * each step is a batch sum and an update kernel, many steps go into one submission, and
 * the recorded points (full-data loss and w after the update) are copied aside on the GPU
 * and read back once at the end.
 */
import { Batch } from '../gpu/batch';
import { readFloats } from '../gpu/buffers';
import type { GpuDataset } from './dataset';
import type { Lab, Sampling } from './lab';
import { PLAIN_SGD, encodeSgdStep, type Optimizer } from './sgd-step';

export interface SgdRun {
  b: number;
  steps: number;
  /** The learning rate, or a schedule giving step t's rate (e.g. a warmup). */
  lr: number | ((step: number) => number);
  w0: readonly number[];
  sampling: Sampling;
  /** torch.optim.SGD's options; plain SGD when absent. */
  optimizer?: Optimizer;
  /** Steps after whose update the full-data loss and w are recorded, ascending. */
  record: readonly number[];
}

export interface SgdRecord {
  step: number;
  /** Full-data sums [Σgrad, Σloss (, Σcorrect)] at the recorded w. */
  sums: number[];
  w: number[];
}

/** Examples (sampled plus full-data) per submission, at most: keeps each submission short. */
const WORK_PER_SUBMISSION = 1 << 22;
/** Steps per submission, at most: small batches would otherwise put millions of steps' dispatches in one. */
const STEPS_PER_SUBMISSION = 1024;

/** Runs SGD; `onChunk` is told after each submission how many steps are done. */
export async function runSgd(lab: Lab, data: GpuDataset, run: SgdRun, onChunk: (stepsDone: number) => void): Promise<SgdRecord[]> {
  const d = data.d;
  const width = data.width;
  const w = lab.vector('w (SGD)', run.w0);
  const optimizer = run.optimizer ?? PLAIN_SGD;
  // torch's momentum buffer; set to g on step 0, so its initial contents do not matter.
  const velocity = optimizer.momentum !== 0 ? lab.vector('velocity (SGD)', Array(d).fill(0)) : undefined;
  const records = lab.resultBuffer('SGD records', Math.max(1, run.record.length) * (width + d));
  const isRecorded = new Set(run.record);
  let slot = 0;
  try {
    let step = 0;
    while (step < run.steps) {
      const batch = new Batch(lab.gpu, 'SGD steps');
      let work = 0;
      const first = step;
      // Steps in this submission; the listed indices of these steps go up in one upload.
      let last = step;
      while (last < run.steps && (last === step || (work + run.b <= WORK_PER_SUBMISSION && last - step < STEPS_PER_SUBMISSION))) {
        work += run.b + (isRecorded.has(last) ? data.spec.n : 0);
        last++;
      }
      const placed = lab.items(batch, run.sampling, run.b, last - first, first);
      for (; step < last; step++) {
        const sums = batch.scratch('step sums', width);
        const lr = typeof run.lr === 'number' ? run.lr : run.lr(step);
        encodeSgdStep(lab, batch, data, w, { items: placed.items, b: run.b, row: placed.rowBase + step - first, lr, optimizer, velocity, firstStep: step === 0 }, sums);
        if (isRecorded.has(step)) {
          const at = slot * (width + d);
          lab.sums.encode(batch, data, w, { items: { kind: 'all' }, rows: 1, itemsPerRow: data.spec.n }, records, at);
          batch.copy(w, 0, records, (at + width) * 4, d * 4);
          slot++;
        }
      }
      await batch.submit();
      onChunk(step);
    }
    const raw = await readFloats(lab.gpu, records, 0, slot * (width + d));
    return run.record.slice(0, slot).map((s, k) => ({
      step: s,
      sums: Array.from(raw.subarray(k * (width + d), k * (width + d) + width)),
      w: Array.from(raw.subarray(k * (width + d) + width, (k + 1) * (width + d))),
    }));
  } finally {
    w.destroy();
    velocity?.destroy();
    records.destroy();
  }
}
