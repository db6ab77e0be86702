import './quick.css';
import { h } from '../ui/dom';
import { segmentsFromPositions } from './fuzzy';

export interface QuickItem<T> {
  label: string;
  /** Matched character indexes in `label`, highlighted. */
  labelMatches?: number[];
  description?: string;
  descriptionMatches?: number[];
  icon?: string;
  /** A keybinding shown at the row's right edge. */
  keybinding?: string;
  value: T;
}

export interface QuickPickOptions<T> {
  placeholder: string;
  testId: string;
  value?: string;
  /** Items for the query; slow sources are debounced and stale answers ignored. */
  items(query: string): QuickItem<T>[] | Promise<QuickItem<T>[]>;
  pick(item: QuickItem<T>, query: string): void;
  /** Shown when `items` returns nothing. */
  emptyText?: string;
  debounceMs?: number;
  /** Called when the picker closes, picked or dismissed (before `pick`). */
  onClose?(): void;
}

let current: { close(): void } | undefined;

function highlighted(text: string, positions: number[] | undefined): HTMLElement {
  const span = h('span', {});
  if (!positions?.length) {
    span.textContent = text;
    return span;
  }
  for (const seg of segmentsFromPositions(text, positions)) {
    span.append(seg.match ? h('mark', { class: 'hl' }, seg.text) : seg.text);
  }
  return span;
}

/** A quick picker at the top of the window: type to filter, arrows to move, Enter to pick. */
export function showQuickPick<T>(opts: QuickPickOptions<T>): void {
  current?.close();
  const previousFocus = document.activeElement as HTMLElement | null;
  const input = h('input', { class: 'quick-input', type: 'text', spellcheck: 'false', placeholder: opts.placeholder,
    'aria-label': opts.placeholder, 'data-testid': 'quick-input' });
  input.value = opts.value ?? '';
  const list = h('div', { class: 'quick-list', role: 'listbox', 'data-testid': 'quick-list' });
  const box = h('div', { class: 'quick-pick', role: 'dialog', 'data-testid': opts.testId }, input, list);
  let items: QuickItem<T>[] = [];
  /** The query `items` answer; Enter before the answer to the typed query arrives waits for it. */
  let shownQuery: string | undefined;
  let selected = 0;
  let request = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const render = () => {
    list.replaceChildren(...items.map((item, i) => {
      const row = h('div', { class: `quick-item${i === selected ? ' selected' : ''}`, role: 'option',
        'aria-selected': String(i === selected), 'data-testid': 'quick-item', 'data-index': String(i) },
      ...(item.icon ? [h('span', { class: `codicon codicon-${item.icon} quick-icon`, 'aria-hidden': 'true' })] : []),
      h('span', { class: 'quick-label' }, highlighted(item.label, item.labelMatches)),
      ...(item.description ? [h('span', { class: 'quick-desc' }, highlighted(item.description, item.descriptionMatches))] : []),
      ...(item.keybinding ? [h('kbd', { class: 'quick-key' }, item.keybinding)] : []));
      row.addEventListener('mousedown', (e) => { e.preventDefault(); choose(i); });
      return row;
    }));
    if (items.length === 0 && opts.emptyText && input.value) list.append(h('div', { class: 'quick-empty' }, opts.emptyText));
    list.querySelector('.selected')?.scrollIntoView({ block: 'nearest' });
    box.dataset.state = 'ready';
  };

  const update = (then?: () => void) => {
    const id = ++request;
    const query = input.value;
    box.dataset.state = 'loading';
    const done = (r: QuickItem<T>[]) => {
      if (id !== request || closed) return;
      items = r;
      shownQuery = query;
      selected = 0;
      render();
      then?.();
    };
    Promise.resolve(opts.items(query)).then(done, () => done([]));
  };

  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    box.remove();
    document.removeEventListener('mousedown', outside, true);
    if (current?.close === close) current = undefined;
    opts.onClose?.();
  };

  const choose = (i: number) => {
    const item = items[i];
    if (!item) return;
    const query = input.value;
    close();
    opts.pick(item, query);
  };

  const outside = (e: MouseEvent) => { if (!box.contains(e.target as Node)) { close(); } };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => update(), opts.debounceMs ?? 0);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (items.length === 0) return;
      selected = (selected + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      render();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (shownQuery !== input.value) {
        clearTimeout(timer);
        update(() => choose(0));
        return;
      }
      choose(selected);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
      previousFocus?.focus?.();
    }
  });
  document.addEventListener('mousedown', outside, true);
  document.body.append(box);
  current = { close };
  input.focus();
  input.select();
  update();
}
