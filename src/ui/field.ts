/** One labelled form field: the label, its name and CLI flag, and the control inside it. */

/**
 * A `<label class="field">` holding the field's name with its flag in `<code>`, then a new
 * control of the given tag (with `id`), which is returned with the label.
 * @example const { label, control } = labelledControl('input', 'f-n', 'examples n', '--n');
 */
export function labelledControl<K extends 'input' | 'select'>(tag: K, id: string, text: string, flag: string): { label: HTMLLabelElement; control: HTMLElementTagNameMap[K] } {
  const label = document.createElement('label');
  label.className = 'field';
  label.htmlFor = id;
  const name = label.appendChild(document.createElement('span'));
  name.className = 'field-name';
  name.textContent = text;
  name.appendChild(document.createElement('code')).textContent = flag;
  const control = label.appendChild(document.createElement(tag));
  control.id = id;
  return { label, control };
}
