/**
 * The throughput panel's own small form (its flags, the CLI's defaults and parsing) and
 * its Run button. Inputs are named "throughput--<flag>" so they never clash with the main
 * form's; a ParamError is shown under the field it names, never thrown past the form.
 */
import { DEFAULTS, ParamError, parseNumber, throughputParams } from '../experiments/params';
import type { ThroughputParams } from '../experiments/types';
import { labelledControl } from './field';

interface Field {
  flag: string;
  label: string;
  hint: string;
  value: string;
  options?: readonly string[];
}

const FIELDS: Field[] = [
  { flag: '--max-batch', label: 'largest b', hint: 'b = 1, 2, 4, … up to this power of two', value: String(DEFAULTS.maxBatch) },
  { flag: '--d', label: 'features d', hint: '1 to 16', value: String(DEFAULTS.d) },
  { flag: '--steps', label: 'steps, at least', hint: 'steps per timed span, at least', value: String(DEFAULTS.throughputSteps) },
  { flag: '--min-time', label: 'span, ms', hint: 'each timed span lasts at least this long', value: String(DEFAULTS.minTimeMs) },
  { flag: '--repeats', label: 'repeats', hint: 'spans per measurement; the fastest is kept', value: String(DEFAULTS.repeats) },
  { flag: '--timer', label: 'timer', hint: 'auto: GPU timestamps when available', value: 'auto', options: ['auto', 'wall'] },
];

/** The input's name for a flag: "throughput--steps". */
export const throughputField = (flag: string) => `throughput${flag}`;

export class ThroughputForm {
  private readonly error: HTMLElement;
  private readonly runButton: HTMLButtonElement;
  private readonly set: HTMLFieldSetElement;

  /** Builds the fields inside `form`; `onRun` gets validated parameters. */
  constructor(private readonly form: HTMLFormElement, onRun: (p: ThroughputParams) => void) {
    form.replaceChildren();
    this.set = form.appendChild(document.createElement('fieldset'));
    for (const f of FIELDS) this.set.appendChild(this.row(f));
    this.runButton = form.appendChild(document.createElement('button'));
    this.runButton.type = 'submit';
    this.runButton.id = 'run-throughput';
    this.runButton.textContent = 'Run throughput';
    this.runButton.disabled = true;
    this.error = form.appendChild(document.createElement('p'));
    this.error.id = 'throughput-error';
    this.error.className = 'param-error';
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const params = this.read();
      if (params) onRun(params);
    });
  }

  private row(f: Field): HTMLElement {
    const { label, control: input } = labelledControl(f.options ? 'select' : 'input', `tp-${f.flag.slice(2)}`, f.label, f.flag);
    input.name = throughputField(f.flag);
    input.title = f.hint;
    if (input instanceof HTMLInputElement) {
      input.type = 'text';
      input.inputMode = 'decimal';
      input.spellcheck = false;
      input.value = input.defaultValue = f.value;
    } else {
      for (const o of f.options ?? []) input.appendChild(new Option(o, o, o === f.value, o === f.value));
    }
    input.addEventListener('input', () => this.clearError());
    return label;
  }

  private value(flag: string): number | undefined {
    const text = (this.form.elements.namedItem(throughputField(flag)) as HTMLInputElement).value;
    return text.trim() === '' ? undefined : parseNumber(flag, text);
  }

  /** Validated parameters, or null after showing the problem under its field. */
  read(): ThroughputParams | null {
    this.clearError();
    try {
      return throughputParams({
        maxBatch: this.value('--max-batch'), d: this.value('--d'), steps: this.value('--steps'),
        minTimeMs: this.value('--min-time'), repeats: this.value('--repeats'),
        timer: (this.form.elements.namedItem(throughputField('--timer')) as HTMLSelectElement).value as ThroughputParams['timer'],
      });
    } catch (e) {
      if (!(e instanceof ParamError)) throw e;
      this.error.textContent = e.message;
      this.error.hidden = false;
      this.error.dataset.flag = e.flag;
      const input = this.form.elements.namedItem(throughputField(e.flag)) as HTMLInputElement | null;
      input?.setAttribute('aria-invalid', 'true');
      input?.setAttribute('aria-describedby', this.error.id);
      input?.focus();
      return null;
    }
  }

  private clearError(): void {
    this.error.hidden = true;
    for (const el of this.form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  }

  /** Enables Run (GPU ready, nothing running) or disables it. */
  setRunnable(runnable: boolean): void {
    this.runButton.disabled = !runnable;
  }

  /** Locks the fields while any run is in progress. */
  setBusy(busy: boolean): void {
    this.set.disabled = busy;
  }
}
