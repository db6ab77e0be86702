import { h } from './dom';

export interface FormField {
  id: string;
  label: string;
  type?: 'text' | 'password' | 'checkbox' | 'textarea';
  value?: string;
  checked?: boolean;
  placeholder?: string;
  autocomplete?: string;
}

export interface FormOptions {
  title: string;
  message?: string;
  fields: FormField[];
  submitLabel: string;
  testId?: string;
  /** A returned string is shown and keeps the dialog open. */
  validate?: (values: Record<string, string | boolean>) => string | null;
}

/** A modal form (credentials, clone URL, ...); resolves with the values, or undefined when cancelled. */
export function formDialog(opts: FormOptions): Promise<Record<string, string | boolean> | undefined> {
  return new Promise((resolve) => {
    const previousFocus = document.activeElement as HTMLElement | null;
    const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
    const rows = opts.fields.map((f) => {
      if (f.type === 'checkbox') {
        const box = h('input', { type: 'checkbox', 'data-testid': `field-${f.id}` });
        box.checked = !!f.checked;
        inputs.set(f.id, box);
        return h('label', { class: 'form-check' }, box, f.label);
      }
      const input = f.type === 'textarea'
        ? h('textarea', { class: 'dialog-input', rows: '3', 'data-testid': `field-${f.id}`, placeholder: f.placeholder })
        : h('input', { class: 'dialog-input', type: f.type ?? 'text', spellcheck: 'false', 'data-testid': `field-${f.id}`,
          placeholder: f.placeholder, autocomplete: f.autocomplete ?? 'off' });
      input.value = f.value ?? '';
      inputs.set(f.id, input);
      return h('label', { class: 'form-row' }, h('span', { class: 'form-label' }, f.label), input);
    });
    const error = h('div', { class: 'dialog-error', 'data-testid': 'dialog-error', role: 'alert' });
    const cancel = h('button', { class: 'btn', type: 'button', 'data-testid': 'dialog-btn-cancel' }, 'Cancel');
    const submit = h('button', { class: 'btn primary', type: 'submit', 'data-testid': 'dialog-btn-ok' }, opts.submitLabel);
    const form = h('form', { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-label': opts.title,
      'data-testid': opts.testId ?? 'form-dialog' },
    h('h2', { class: 'dialog-title' }, opts.title),
    ...(opts.message ? [h('p', { class: 'dialog-message', 'data-testid': 'dialog-message' }, opts.message)] : []),
    ...rows, error, h('div', { class: 'dialog-buttons' }, cancel, submit));
    const backdrop = h('div', { class: 'dialog-backdrop' }, form);

    const values = () => {
      const out: Record<string, string | boolean> = {};
      for (const [id, el] of inputs) out[id] = el instanceof HTMLInputElement && el.type === 'checkbox' ? el.checked : el.value;
      return out;
    };
    const finish = (result: Record<string, string | boolean> | undefined) => {
      backdrop.remove();
      document.removeEventListener('keydown', onKey, true);
      previousFocus?.focus?.();
      resolve(result);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        finish(undefined);
      }
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = values();
      const problem = opts.validate?.(v);
      if (problem) {
        error.textContent = problem;
        return;
      }
      finish(v);
    });
    cancel.addEventListener('click', () => finish(undefined));
    backdrop.addEventListener('mousedown', (e) => { if (e.target === backdrop) finish(undefined); });
    document.addEventListener('keydown', onKey, true);
    document.body.append(backdrop);
    [...inputs.values()].find((el) => !(el instanceof HTMLInputElement && el.type === 'checkbox') && !el.value)?.focus();
  });
}
