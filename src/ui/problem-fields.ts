/**
 * The problem fields the forms share: the data (--n, --d, --seed, --w-true), --model
 * (linreg | logreg), --noise, whose meaning depends on the model (a label-noise std, or the
 * probability a label flips), and --margin (logreg only), and how a form's values read
 * back as the problem. The noise field's label follows the model select.
 */
import { DEFAULTS } from '../experiments/params';
import type { Model } from '../experiments/types';
import type { FieldValues, FormField } from './inline-form';

export const MODELS: readonly Model[] = ['linreg', 'logreg'];

/** What --noise means for each model: the field's label (and its range, kept on one line) and hint. */
export const NOISE_MEANING: Record<Model, { label: string; range?: string; hint: string }> = {
  linreg: { label: 'label-noise std', hint: 'linreg: std of the Gaussian noise added to y = w_true·x, >= 0' },
  logreg: { label: 'label-flip prob.', range: '0–0.5', hint: 'logreg: probability that a label flips, from 0 to 0.5' },
};

export const MODEL_HINT = 'linreg: least squares, y = w_true·x + noise; logreg: binary logistic regression, labels from the side of the hyperplane w_true·x = 0 (cross-entropy loss, accuracy reported; GPU stream only)';
export const MARGIN_HINT = 'logreg only (0 with linreg): every example is pushed this much further from the true hyperplane along w_true, 0 to 100';

/** The data fields --n (with the experiment's default), --d, --seed and --w-true. */
export function dataFields(n: number = DEFAULTS.n, d: number = DEFAULTS.d): FormField[] {
  return [
    { flag: '--n', label: 'examples n', hint: 'dataset size N', value: String(n) },
    { flag: '--d', label: 'features d', hint: '1 to 16', value: String(d) },
    { flag: '--seed', label: 'seed', hint: 'random seed', value: String(DEFAULTS.seed) },
    { flag: '--w-true', label: 'true weights', hint: 'one value or d values', value: String(DEFAULTS.wTrue), list: true },
  ];
}

/** The problem as a form with every problem field gives it; an empty field is undefined, so the default applies. */
export function problemValues(v: FieldValues): { n?: number; d?: number; seed?: number; wTrue?: number[]; noise?: number; model: Model; margin?: number } {
  return {
    n: v.num('--n'), d: v.num('--d'), seed: v.num('--seed'), wTrue: v.list('--w-true'), noise: v.num('--noise'),
    model: v.text('--model') as Model, margin: v.num('--margin'),
  };
}

/** The --model select of an InlineForm. */
export function modelField(value: Model = DEFAULTS.model): FormField {
  return { flag: '--model', label: 'model', hint: MODEL_HINT, value, options: MODELS };
}

/** The --noise field of an InlineForm (its label is set by followModel). */
export function noiseField(value: number, model: Model = DEFAULTS.model): FormField {
  return { flag: '--noise', label: NOISE_MEANING[model].label, hint: NOISE_MEANING[model].hint, value: String(value), wide: true };
}

/** The --margin field of an InlineForm. */
export function marginField(value: number = DEFAULTS.margin): FormField {
  return { flag: '--margin', label: 'margin (logreg)', hint: MARGIN_HINT, value: String(value) };
}

/** Describes the model and its noise for a summary line, e.g. "logreg, label flips 0.05, margin 0". */
export function modelSummary(p: { model: Model; noise: number; margin: number }): string {
  return p.model === 'logreg' ? `logreg, label flips ${p.noise}, margin ${p.margin}` : `linreg, label-noise std ${p.noise}`;
}

/**
 * Keeps the noise field's label and hint in step with the model select (on change, and now);
 * returns the update, for a form reset (which fires no change event).
 */
export function followModel(model: HTMLSelectElement, noise: HTMLInputElement): () => void {
  const update = () => {
    const meaning = NOISE_MEANING[model.value as Model] ?? NOISE_MEANING.linreg;
    const text = document.createElement('span');
    text.className = 'field-text';
    text.append(meaning.label);
    if (meaning.range) text.append(' ', Object.assign(document.createElement('span'), { className: 'nowrap', textContent: meaning.range }));
    // The label's first node is its text (labelledControl), then the flag in <code>.
    noise.closest('label')?.querySelector('.field-name')?.firstChild?.replaceWith(text);
    noise.title = meaning.hint;
  };
  model.addEventListener('change', update);
  update();
  return update;
}
