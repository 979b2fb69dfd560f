/**
 * The throughput panel (`lab throughput`): its form (an InlineForm: inputs named
 * "throughput--<flag>", the CLI's defaults and parsing), the table with each mode's b_sat
 * marked, and the two saturation plots.
 */
import type { Lab } from '../engine/lab';
import { DEFAULTS, throughputParams } from '../experiments/params';
import type { RunHooks } from '../experiments/run-control';
import { runThroughput } from '../experiments/throughput';
import type { Model, ThroughputParams, ThroughputResult } from '../experiments/types';
import { InlineForm, type FormField } from './inline-form';
import { marginField, modelField } from './problem-fields';
import type { SoloPanel } from './panel';
import { clearTable, renderThroughput } from './table';
import { ThroughputPlots } from './throughput-plots';

const FIELDS: FormField[] = [
  { flag: '--max-batch', label: 'largest b', hint: 'b = 1, 2, 4, … up to this power of two', value: String(DEFAULTS.maxBatch) },
  { flag: '--d', label: 'features d', hint: '1 to 16', value: String(DEFAULTS.d) },
  { flag: '--steps', label: 'steps, at least', hint: 'steps per timed span, at least', value: String(DEFAULTS.throughputSteps) },
  { flag: '--min-time', label: 'span, ms', hint: 'each timed span lasts at least this long', value: String(DEFAULTS.minTimeMs) },
  { flag: '--repeats', label: 'repeats', hint: 'spans per measurement; the fastest is kept', value: String(DEFAULTS.repeats) },
  { flag: '--timer', label: 'timer', hint: 'auto: GPU timestamps when available', value: 'auto', options: ['auto', 'wall'] },
  modelField(),
  marginField(),
];

export class ThroughputPanel implements SoloPanel<ThroughputParams, ThroughputResult> {
  readonly label = 'throughput';
  readonly form: InlineForm<ThroughputParams>;
  private readonly plots: ThroughputPlots;

  /** `els`: the form, summary, table area and the two plot elements; `onRun` gets validated parameters. */
  constructor(private readonly els: { form: HTMLFormElement; summary: HTMLElement; wrap: HTMLElement; rate: HTMLElement; time: HTMLElement }, onRun: (p: ThroughputParams) => void) {
    this.form = new InlineForm(els.form, 'throughput', FIELDS, 'Run throughput', (v) => throughputParams({
      maxBatch: v.num('--max-batch'), d: v.num('--d'), steps: v.num('--steps'), minTimeMs: v.num('--min-time'), repeats: v.num('--repeats'),
      timer: v.text('--timer') as ThroughputParams['timer'], model: v.text('--model') as Model, margin: v.num('--margin'),
    }), onRun);
    this.plots = new ThroughputPlots({ rate: els.rate, time: els.time });
  }

  run(lab: Lab, p: ThroughputParams, hooks: RunHooks): Promise<ThroughputResult> {
    return runThroughput(lab, p, hooks);
  }

  show(r: ThroughputResult, partial: boolean): void {
    renderThroughput(this.els.wrap, this.els.summary, r, partial);
    this.plots.draw(r);
  }

  clear(text: string): void {
    this.plots.clear();
    clearTable(this.els.wrap, this.els.summary, text);
  }
}
