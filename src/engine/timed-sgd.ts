/**
 * SGD steps of one batch size, run to be timed, in the two ways a host can drive them:
 *   sync       each step is its own submission, and the host reads the step's batch
 *              estimate back (mapAsync) before recording the next step;
 *   pipelined  all steps are recorded up front into one submission, with no read-back.
 * A span is timed by the host's wall clock always, and by GPU timestamps when a
 * SpanTimer is given: its begin and end are written before the first step and after the
 * last, so in sync mode the GPU span includes the idle gaps of the host's round trips.
 * Recording a pipelined submission happens before its clock starts; in sync mode the
 * recording of each next step is part of the round trip being measured.
 */
import { Batch } from '../gpu/batch';
import { readFloats } from '../gpu/buffers';
import type { GpuContext } from '../gpu/context';
import type { SpanTimer } from '../gpu/timing';
import type { GpuDataset } from './dataset';
import type { Lab } from './lab';
import { encodeSgdStep } from './sgd-step';

export type StepMode = 'sync' | 'pipelined';

/** One timed span of `steps` steps. */
export interface Span {
  steps: number;
  /** Host clock from the first submission to the last completion (or read-back). */
  wallMs: number;
  /** GPU timestamps' span, or null without a timer or when the delta was not positive. */
  gpuMs: number | null;
}

export interface TimedSgdSetup {
  b: number;
  lr: number;
  /** Key of the drawn sampling; steps are rows 0, 1, 2, … across all spans of this object. */
  key: readonly number[];
  timer: SpanTimer | null;
}

export class TimedSgd {
  private readonly gpu: GpuContext;
  private readonly w: GPUBuffer;
  private readonly sums: GPUBuffer;
  private readonly staging: GPUBuffer;
  private row = 0;
  /** The batch sums [Σgrad, Σloss] the host read back after the last sync step. */
  lastEstimate: Float32Array | null = null;

  /** Starts from w = 0; call destroy() when done. */
  constructor(private readonly lab: Lab, private readonly data: GpuDataset, private readonly setup: TimedSgdSetup) {
    this.gpu = lab.gpu;
    this.w = lab.vector('w (timed SGD)', Array(data.d).fill(0));
    this.sums = lab.resultBuffer('step sums (timed SGD)', data.width);
    this.staging = this.gpu.device.createBuffer({ label: 'step estimate (read back)', size: (data.width) * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  }

  private step(batch: Batch): void {
    const { b, lr, key } = this.setup;
    encodeSgdStep(this.lab, batch, this.data, this.w, { items: { kind: 'drawn', key }, b, row: this.row++, lr }, this.sums);
  }

  /** Times `steps` steps in `mode`; in sync mode `afterStep` runs after each read-back (it may throw to stop). */
  async run(mode: StepMode, steps: number, afterStep?: () => void): Promise<Span> {
    const { timer } = this.setup;
    let start: number;
    if (mode === 'pipelined') {
      const batch = new Batch(this.gpu, `${steps} pipelined SGD steps, b=${this.setup.b}`);
      timer?.begin(batch);
      for (let s = 0; s < steps; s++) this.step(batch);
      timer?.end(batch);
      start = performance.now();
      await batch.submit();
    } else {
      start = performance.now();
      for (let s = 0; s < steps; s++) {
        const batch = new Batch(this.gpu, `sync SGD step, b=${this.setup.b}`);
        if (s === 0) timer?.begin(batch);
        this.step(batch);
        if (s === steps - 1) timer?.end(batch);
        batch.copy(this.sums, 0, this.staging, 0, this.staging.size);
        await batch.submit();
        this.lastEstimate = await this.readEstimate();
        afterStep?.();
      }
    }
    const wallMs = performance.now() - start;
    const ns = timer ? await timer.read() : null;
    return { steps, wallMs, gpuMs: ns === null ? null : ns / 1e6 };
  }

  /** The host's read-back of the step's batch sums, as a host in the loop would use them. */
  private async readEstimate(): Promise<Float32Array> {
    await this.gpu.guard(this.staging.mapAsync(GPUMapMode.READ));
    const sums = new Float32Array(this.staging.getMappedRange().slice(0));
    this.staging.unmap();
    return sums;
  }

  /** Steps run so far, over all spans. */
  get stepsDone(): number {
    return this.row;
  }

  /** The current w, read back (for checks; not part of any timed span). */
  async weights(): Promise<number[]> {
    return Array.from(await readFloats(this.gpu, this.w, 0, this.data.d));
  }

  destroy(): void {
    this.w.destroy();
    this.sums.destroy();
    this.staging.destroy();
  }
}
