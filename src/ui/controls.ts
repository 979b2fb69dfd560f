/**
 * The parameter form: the CLI's flags as fields (same names, same defaults, same parsing),
 * read into validated QualityParams and TrajectoryParams. A ParamError is shown under the
 * field it names, never thrown past the form.
 */
import { DEFAULTS, ParamError, parseList, parseNumber, qualityParams, trajectoryParams } from '../experiments/params';
import type { Model, QualityParams, RngMode, SamplingMode, TrajectoryParams } from '../experiments/types';
import { labelledControl } from './field';
import { MODEL_HINT, MODELS, dataFields, followModel, marginField, noiseField } from './problem-fields';

interface Field {
  /** The CLI flag, which is also the field's name and id suffix. */
  flag: string;
  label: string;
  hint: string;
  value: string;
  list?: boolean;
}

const list = (v: readonly number[]) => v.join(',');

const GROUPS: { title: string; fields: Field[] }[] = [
  {
    title: 'Problem',
    fields: [
      ...dataFields(),
      noiseField(DEFAULTS.noise),
      marginField(),
    ],
  },
  {
    title: 'Estimator quality',
    fields: [
      { flag: '--w', label: 'probe point w', hint: 'one value or d values', value: String(DEFAULTS.w), list: true },
      { flag: '--batches', label: 'batch sizes', hint: 'comma-separated', value: list(DEFAULTS.batches), list: true },
      { flag: '--trials', label: 'trials T', hint: 'estimates per b, at least 2', value: String(DEFAULTS.trials) },
    ],
  },
  {
    title: 'Loss trajectory',
    fields: [
      { flag: '--traj-batches', label: 'batch sizes', hint: 'comma-separated', value: list(DEFAULTS.trajBatches), list: true },
      { flag: '--lr', label: 'learning rate', hint: 'step size η', value: String(DEFAULTS.lr) },
      { flag: '--steps', label: 'steps', hint: 'SGD steps per run', value: String(DEFAULTS.steps) },
      { flag: '--momentum', label: 'momentum', hint: "torch.optim.SGD's momentum, >= 0 (0: plain SGD)", value: String(DEFAULTS.momentum) },
      { flag: '--dampening', label: 'dampening', hint: 'dampening of the momentum, >= 0', value: String(DEFAULTS.dampening) },
      { flag: '--weight-decay', label: 'weight decay', hint: 'g ← g + λ·w, >= 0', value: String(DEFAULTS.weightDecay) },
    ],
  },
];

/** Both experiments' parameters, validated. */
export interface PageParams {
  quality: QualityParams;
  trajectory: TrajectoryParams;
}

const fieldId = (flag: string) => `param-${flag.slice(2)}`;

/** A number as the CLI reads it: the whole trimmed string; empty means the default. */
// An empty field means the default, unlike an empty CLI flag.
const num = (flag: string, text: string) => (text.trim() === '' ? undefined : parseNumber(flag, text));
const nums = (flag: string, text: string) => (text.trim() === '' ? undefined : parseList(flag, text));

export class Controls {
  private readonly error: HTMLElement;
  private readonly runButton: HTMLButtonElement;
  /** Puts the noise field's label in step with the model select. */
  private readonly syncModel: () => void;

  /** Builds the form inside `form`; `rngModes` lists the random-stream modes on offer. */
  constructor(private readonly form: HTMLFormElement, rngModes: readonly RngMode[], onRun: (p: PageParams) => void) {
    form.replaceChildren();
    for (const group of GROUPS) {
      const set = form.appendChild(document.createElement('fieldset'));
      set.appendChild(document.createElement('legend')).textContent = group.title;
      for (const f of group.fields) {
        // The model select comes right before the noise, whose meaning it sets.
        if (f.flag === '--noise') set.appendChild(this.modelRow());
        set.appendChild(this.row(f));
      }
      if (group.title === 'Problem') set.appendChild(this.rngRow(rngModes));
      if (group.title === 'Estimator quality') set.append(this.samplingRow(), this.dropLastRow());
      if (group.title === 'Loss trajectory') set.appendChild(this.nesterovRow());
    }
    this.error = form.appendChild(document.createElement('p'));
    this.error.id = 'param-error';
    this.error.className = 'param-error';
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;

    const actions = form.appendChild(document.createElement('div'));
    actions.className = 'actions';
    this.runButton = actions.appendChild(document.createElement('button'));
    this.runButton.type = 'submit';
    this.runButton.id = 'run';
    this.runButton.textContent = 'Run';
    this.runButton.disabled = true;
    const reset = actions.appendChild(document.createElement('button'));
    reset.type = 'button';
    reset.className = 'secondary';
    reset.textContent = 'Defaults';
    reset.addEventListener('click', () => this.reset());

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const params = this.read();
      if (params) onRun(params);
    });
    this.syncModel = followModel(form.elements.namedItem('--model') as HTMLSelectElement, form.elements.namedItem('--noise') as HTMLInputElement);
  }

  /** --model: least squares (the chapter's) or logistic regression. */
  private modelRow(): HTMLElement {
    const { label, control: select } = labelledControl('select', fieldId('--model'), 'model', '--model');
    select.name = '--model';
    select.title = MODEL_HINT;
    for (const m of MODELS) select.appendChild(new Option(m, m, m === DEFAULTS.model, m === DEFAULTS.model));
    select.addEventListener('change', () => this.clearError());
    return label;
  }

  private row(f: Field): HTMLElement {
    const { label, control: input } = labelledControl('input', fieldId(f.flag), f.label, f.flag);
    input.name = f.flag;
    input.type = 'text';
    input.inputMode = f.list ? 'text' : 'decimal';
    input.spellcheck = false;
    input.value = input.defaultValue = f.value;
    input.title = f.hint;
    input.addEventListener('input', () => this.clearError());
    return label;
  }

  private rngRow(modes: readonly RngMode[]): HTMLElement {
    const { label, control: select } = labelledControl('select', fieldId('--rng'), 'random stream', '--rng');
    select.name = '--rng';
    for (const mode of modes) {
      const option = select.appendChild(document.createElement('option'));
      option.value = mode;
      option.textContent = mode;
      option.title = mode === 'gpu' ? 'counter-based RNG on the GPU' : "the chapter program's CPython random stream, replayed on the CPU";
    }
    select.disabled = modes.length < 2;
    select.addEventListener('change', () => this.clearError());
    return label;
  }

  /** --sampling: with replacement (the chapter's), or without (a fresh permutation per epoch; GPU stream only). */
  private samplingRow(): HTMLElement {
    const { label, control: select } = labelledControl('select', fieldId('--sampling'), 'sampling', '--sampling');
    select.name = '--sampling';
    select.title = 'with: b uniform draws with replacement; without: slices of a fresh permutation each epoch, like a DataLoader with shuffle=True';
    for (const mode of ['with', 'without'] as const) select.appendChild(new Option(`${mode} replacement`, mode, mode === 'with', mode === 'with'));
    select.addEventListener('change', () => this.clearError());
    return label;
  }

  private dropLastRow(): HTMLElement {
    const { label, control: input } = labelledControl('input', fieldId('--drop-last'), 'drop last', '--drop-last');
    input.name = '--drop-last';
    input.type = 'checkbox';
    input.checked = input.defaultChecked = false;
    input.title = "without replacement: drop each epoch's last incomplete batch (else it wraps to the start of the same permutation)";
    input.addEventListener('change', () => this.clearError());
    return label;
  }

  private nesterovRow(): HTMLElement {
    const { label, control: input } = labelledControl('input', fieldId('--nesterov'), 'Nesterov', '--nesterov');
    input.name = '--nesterov';
    input.type = 'checkbox';
    input.checked = input.defaultChecked = DEFAULTS.nesterov;
    input.title = 'Nesterov momentum: needs momentum > 0 and dampening 0';
    input.addEventListener('change', () => this.clearError());
    return label;
  }

  private text(flag: string): string {
    return (this.form.elements.namedItem(flag) as HTMLInputElement | HTMLSelectElement).value;
  }

  /** Validated parameters, or null after showing the first problem under its field. */
  read(): PageParams | null {
    this.clearError();
    try {
      const problem = {
        n: num('--n', this.text('--n')), d: num('--d', this.text('--d')), seed: num('--seed', this.text('--seed')),
        rng: this.text('--rng') as RngMode, wTrue: nums('--w-true', this.text('--w-true')), noise: num('--noise', this.text('--noise')),
        model: this.text('--model') as Model, margin: num('--margin', this.text('--margin')),
      };
      const quality = qualityParams({ ...problem, w: nums('--w', this.text('--w')), batches: nums('--batches', this.text('--batches')), trials: num('--trials', this.text('--trials')),
        sampling: this.text('--sampling') as SamplingMode, dropLast: (this.form.elements.namedItem('--drop-last') as HTMLInputElement).checked });
      const trajectory = trajectoryParams({ ...problem, batches: nums('--traj-batches', this.text('--traj-batches')), lr: num('--lr', this.text('--lr')), steps: num('--steps', this.text('--steps')),
        momentum: num('--momentum', this.text('--momentum')), dampening: num('--dampening', this.text('--dampening')),
        nesterov: (this.form.elements.namedItem('--nesterov') as HTMLInputElement).checked, weightDecay: num('--weight-decay', this.text('--weight-decay')) }, '--traj-batches');
      return { quality, trajectory };
    } catch (e) {
      if (!(e instanceof ParamError)) throw e;
      this.showError(e);
      return null;
    }
  }

  private showError(e: ParamError): void {
    this.error.textContent = e.message;
    this.error.hidden = false;
    this.error.dataset.flag = e.flag;
    const input = this.form.elements.namedItem(e.flag) as HTMLInputElement | null;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', this.error.id);
      input.closest('.field')?.after(this.error);
      input.focus();
    }
  }

  private clearError(): void {
    this.error.hidden = true;
    for (const el of this.form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  }

  private reset(): void {
    this.form.reset();
    this.syncModel();
    this.clearError();
  }

  /** Enables Run (GPU ready, nothing running) or disables it. */
  setRunnable(runnable: boolean): void {
    this.runButton.disabled = !runnable;
  }

  /** Locks the fields while a run is in progress. */
  setBusy(busy: boolean): void {
    for (const set of this.form.querySelectorAll('fieldset')) set.disabled = busy;
  }
}
