import { h } from './dom';

export type ToastKind = 'error' | 'info' | 'success';

let host: HTMLElement | undefined;

function container(): HTMLElement {
  if (!host) {
    host = h('div', { class: 'toasts', 'data-testid': 'toasts', 'aria-live': 'polite' });
    document.body.append(host);
  }
  return host;
}

/** Shows a dismissible notification; errors stay longer than information. */
export function toast(message: string, kind: ToastKind = 'info', timeoutMs?: number): void {
  const close = h('button', { class: 'toast-close', 'aria-label': 'Dismiss', title: 'Dismiss' }, '×');
  const el = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': 'toast', 'data-kind': kind },
    h('span', { class: 'toast-text' }, message), close);
  const remove = () => el.remove();
  close.addEventListener('click', remove);
  container().append(el);
  setTimeout(remove, timeoutMs ?? (kind === 'error' ? 10_000 : 4_000));
  if (kind === 'error') console.warn(message);
}
