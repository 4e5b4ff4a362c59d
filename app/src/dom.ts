// Small DOM helpers: elements from a tag, attributes and children (text goes in as text nodes, never as HTML, so a
// message's content cannot inject markup), and labelled form fields.
type Child = Node | string | false | null | undefined;
type Attributes = Record<string, string | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) if (child !== false && child !== null && child !== undefined) element.append(child);
  return element;
}

let fieldCount = 0;

export interface FieldOptions {
  name: string;
  type?: 'text' | 'email' | 'password' | 'textarea';
  autocomplete?: string;
  required?: boolean;
  value?: string;
  /**
   * A one-time code: digits only, as the keyboard of a phone shows them. `true`: an authenticator's 6 digits; a number:
   * 6 up to that many digits (Cognito's emailed sign-in codes are longer).
   */
  code?: boolean | number;
  hint?: string;
}

/** A label and its input (or textarea), tied by id; a hint is read out with the field (aria-describedby). */
export function field(label: string, options: FieldOptions): HTMLElement {
  const id = `field-${++fieldCount}`;
  const hintId = options.hint ? `${id}-hint` : undefined;
  const common: Attributes = {
    id,
    name: options.name,
    required: options.required !== false,
    autocomplete: options.autocomplete,
    'aria-describedby': hintId,
  };
  const input =
    options.type === 'textarea'
      ? h('textarea', { ...common, rows: '8' }, options.value ?? '')
      : h('input', {
          ...common,
          type: options.type ?? 'text',
          value: options.value,
          ...(options.code ? codeAttributes(options.code === true ? 6 : options.code) : {}),
        });
  return h(
    'p',
    { class: 'field' },
    h('label', { for: id }, label),
    hintId ? h('span', { id: hintId, class: 'hint' }, options.hint ?? '') : null,
    input,
  );
}

function codeAttributes(maxDigits: number): Attributes {
  const pattern = maxDigits > 6 ? `[0-9]{6,${maxDigits}}` : '[0-9]{6}';
  return { inputmode: 'numeric', pattern, maxlength: String(maxDigits), autocomplete: 'one-time-code' };
}

/** A form that calls `onSubmit` with its values (Enter in a field submits it, as in any form). */
export function form(
  children: Child[],
  submit: string,
  onSubmit: (values: Record<string, string>, form: HTMLFormElement) => Promise<void>,
): HTMLFormElement {
  const element = h('form', {}, ...children, h('p', {}, h('button', { type: 'submit' }, submit)));
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    const values: Record<string, string> = {};
    for (const [name, value] of new FormData(element)) if (typeof value === 'string') values[name] = value;
    void onSubmit(values, element);
  });
  return element;
}

export function button(text: string, onClick: () => Promise<void> | void, attributes: Attributes = {}): HTMLButtonElement {
  const element = h('button', { type: 'button', ...attributes }, text);
  element.addEventListener('click', () => void onClick());
  return element;
}

/** Shows an error (role alert, read out at once) or a notice (role status) in `area`, replacing what it showed. */
export function notify(area: HTMLElement, kind: 'alert' | 'status', text: string): void {
  area.replaceChildren(h('p', { role: kind, class: kind }, text));
}
