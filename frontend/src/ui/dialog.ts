import { h } from './dom';

export interface DialogButton {
  id: string;
  label: string;
  primary?: boolean;
  danger?: boolean;
}

export interface DialogOptions {
  title: string;
  message?: string;
  /** When set, the dialog has a text field with this initial value. */
  input?: { value: string; label?: string; selectBaseName?: boolean };
  /** Checked on submit; a returned string is shown and keeps the dialog open. */
  validate?: (value: string) => string | null;
  buttons: DialogButton[];
  /** Result for Escape / backdrop click. */
  cancelId?: string;
  testId?: string;
}

export interface DialogResult {
  button: string;
  value: string;
}

/** A modal dialog; resolves with the chosen button id (cancelId on Escape). */
export function showDialog(opts: DialogOptions): Promise<DialogResult> {
  return new Promise((resolve) => {
    const cancelId = opts.cancelId ?? 'cancel';
    const previousFocus = document.activeElement as HTMLElement | null;
    const error = h('div', { class: 'dialog-error', 'data-testid': 'dialog-error', role: 'alert' });
    const input = opts.input
      ? h('input', { class: 'dialog-input', type: 'text', 'data-testid': 'dialog-input', spellcheck: 'false',
        'aria-label': opts.input.label ?? opts.title })
      : undefined;
    if (input && opts.input) input.value = opts.input.value;
    const buttons = opts.buttons.map((b) => {
      const cls = ['btn', b.primary ? 'primary' : '', b.danger ? 'danger' : ''].filter(Boolean).join(' ');
      const el = h('button', { class: cls, type: 'button', 'data-testid': `dialog-btn-${b.id}`, 'data-id': b.id }, b.label);
      el.addEventListener('click', () => finish(b.id));
      return el;
    });
    const dialog = h('div', { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-label': opts.title,
      'data-testid': opts.testId ?? 'dialog' },
      h('h2', { class: 'dialog-title' }, opts.title),
      ...(opts.message ? [h('p', { class: 'dialog-message', 'data-testid': 'dialog-message' }, opts.message)] : []),
      ...(input ? [input, error] : []),
      h('div', { class: 'dialog-buttons' }, ...buttons));
    const backdrop = h('div', { class: 'dialog-backdrop' }, dialog);

    function finish(id: string): void {
      const value = input?.value ?? '';
      const primary = opts.buttons.find((b) => b.id === id)?.primary;
      if (primary && input && opts.validate) {
        const problem = opts.validate(value);
        if (problem) {
          error.textContent = problem;
          input.focus();
          return;
        }
      }
      backdrop.remove();
      document.removeEventListener('keydown', onKey, true);
      previousFocus?.focus?.();
      resolve({ button: id, value });
    }

    function onKey(e: KeyboardEvent): void {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        finish(cancelId);
      } else if (e.key === 'Enter' && (e.target === input || !input)) {
        const primary = opts.buttons.find((b) => b.primary);
        if (primary && (e.target === input || !(e.target instanceof HTMLButtonElement))) {
          e.preventDefault();
          finish(primary.id);
        }
      }
    }

    backdrop.addEventListener('mousedown', (e) => { if (e.target === backdrop) finish(cancelId); });
    document.addEventListener('keydown', onKey, true);
    document.body.append(backdrop);
    if (input) {
      input.focus();
      const dot = input.value.lastIndexOf('.');
      input.setSelectionRange(0, opts.input?.selectBaseName && dot > 0 ? dot : input.value.length);
    } else {
      (buttons.find((_, i) => opts.buttons[i].primary) ?? buttons[0])?.focus();
    }
  });
}

export async function confirmDialog(title: string, message: string, okLabel: string, danger = false): Promise<boolean> {
  const r = await showDialog({
    title, message,
    buttons: [{ id: 'cancel', label: 'Cancel' }, { id: 'ok', label: okLabel, primary: true, danger }],
  });
  return r.button === 'ok';
}
