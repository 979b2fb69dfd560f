/**
 * A panel's own small form: its CLI flags as fields (same names, defaults and parsing),
 * a Run button, and the ParamError line. Inputs are named "<prefix><flag>" (e.g.
 * "workers--k") so they never clash with another form's; an empty field means the
 * default. A ParamError is shown under the form and its field marked, never thrown past it.
 * @example new InlineForm(el, 'workers', FIELDS, 'Run workers', (v) => workersParams({ k: v.num('--k') }), run);
 */
import { ParamError, parseList, parseNumber } from '../experiments/params';
import { labelledControl } from './field';
import { followModel } from './problem-fields';

export interface FormField {
  /** The CLI flag, e.g. "--k". */
  flag: string;
  label: string;
  hint: string;
  /** The default text (an option's value for a select); '' shows `placeholder` and means the default. */
  value: string;
  placeholder?: string;
  /** A comma-separated list (text keyboard, a wide field). */
  list?: boolean;
  /** A wide field (for a long label). */
  wide?: boolean;
  /** A select with these options. */
  options?: readonly string[];
}

/** What `read` gets: the fields as the CLI parses them; undefined for an empty field. */
export interface FieldValues {
  num(flag: string): number | undefined;
  list(flag: string): number[] | undefined;
  text(flag: string): string;
}

export class InlineForm<P> {
  private readonly error: HTMLElement;
  private readonly runButton: HTMLButtonElement;
  private readonly set: HTMLFieldSetElement;

  /** Builds the fields inside `form`; Run calls `onRun` with `read`'s parameters when they are valid. */
  constructor(private readonly form: HTMLFormElement, private readonly prefix: string, fields: readonly FormField[], runLabel: string,
    private readonly parse: (v: FieldValues) => P, onRun: (p: P) => void) {
    form.replaceChildren();
    this.set = form.appendChild(document.createElement('fieldset'));
    for (const f of fields) this.set.appendChild(this.row(f));
    // With a --model select, the --noise label says what the noise means for that model.
    const model = this.control('--model');
    const noise = this.control('--noise');
    if (model instanceof HTMLSelectElement && noise instanceof HTMLInputElement) followModel(model, noise);
    this.runButton = form.appendChild(document.createElement('button'));
    this.runButton.type = 'submit';
    this.runButton.id = `run-${prefix}`;
    this.runButton.textContent = runLabel;
    this.runButton.disabled = true;
    this.error = form.appendChild(document.createElement('p'));
    this.error.id = `${prefix}-error`;
    this.error.className = 'param-error';
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const params = this.read();
      if (params) onRun(params);
    });
  }

  /** The input's name for a flag: "workers--k". */
  name(flag: string): string {
    return `${this.prefix}${flag}`;
  }

  /** The field's control (input or select), or null when the form has no such flag. */
  control(flag: string): HTMLInputElement | HTMLSelectElement | null {
    return this.form.elements.namedItem(this.name(flag)) as HTMLInputElement | HTMLSelectElement | null;
  }

  private row(f: FormField): HTMLElement {
    const { label, control } = labelledControl(f.options ? 'select' : 'input', `${this.prefix}-${f.flag.slice(2)}`, f.label, f.flag);
    control.name = this.name(f.flag);
    control.title = f.hint;
    if (f.list || f.wide) label.classList.add('wide');
    if (control instanceof HTMLInputElement) {
      control.type = 'text';
      control.inputMode = f.list ? 'text' : 'decimal';
      control.spellcheck = false;
      control.value = control.defaultValue = f.value;
      if (f.placeholder) control.placeholder = f.placeholder;
    } else {
      for (const o of f.options ?? []) control.appendChild(new Option(o, o, o === f.value, o === f.value));
    }
    control.addEventListener('input', () => this.clearError());
    return label;
  }

  private text(flag: string): string {
    return this.control(flag)!.value;
  }

  /** Validated parameters, or null after showing the problem under the form and marking its field. */
  read(): P | null {
    this.clearError();
    const values: FieldValues = {
      num: (flag) => (this.text(flag).trim() === '' ? undefined : parseNumber(flag, this.text(flag))),
      list: (flag) => (this.text(flag).trim() === '' ? undefined : parseList(flag, this.text(flag))),
      text: (flag) => this.text(flag),
    };
    try {
      return this.parse(values);
    } catch (e) {
      if (!(e instanceof ParamError)) throw e;
      this.error.textContent = e.message;
      this.error.hidden = false;
      this.error.dataset.flag = e.flag;
      const input = this.control(e.flag);
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
