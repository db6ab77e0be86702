import { basename, dirname } from '../paths';
import { h } from '../ui/dom';
import { insertMention, mentionAt, replaceMention } from './context';

export interface MentionSuggestDeps {
  /** Workspace files for `query`, best first: the open editors when it is ''. */
  files(query: string): Promise<string[]>;
  /** A suggestion was accepted into the input. */
  changed(): void;
}

/** File lookups wait for typing to pause this long. */
const DEBOUNCE_MS = 30;
const MAX_FILES = 20;

let lists = 0;

interface Suggestion {
  kind: 'search' | 'file';
  value: string;
}

/**
 * The `@` completion of the chat input, the way VS Code's chat does it: the focus stays in the
 * input, so every keystroke lands there. The list follows the word being typed after `@`
 * (`search` and matching files) and goes away on a space, on Esc or when nothing matches,
 * leaving the text as typed. For a screen reader the input points at the chosen option
 * (`aria-activedescendant`), as a combobox's input does.
 */
export class MentionSuggest {
  readonly el = h('div', { class: 'ai-suggest', role: 'listbox', 'aria-label': 'Mentions', 'data-testid': 'ai-mention-suggest', hidden: true });
  private items: Suggestion[] = [];
  private selected = 0;
  /** The query the shown items answer. */
  private shownQuery: string | undefined;
  /** Where the mention Esc dismissed starts: it is not offered again while it is being typed. */
  private dismissed: number | undefined;
  private request = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly id = `ai-suggest-${++lists}`;

  constructor(private readonly input: HTMLTextAreaElement, private readonly deps: MentionSuggestDeps) {
    this.el.id = this.id;
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-haspopup', 'listbox');
    input.setAttribute('aria-controls', this.id);
    input.addEventListener('blur', () => this.hide());
    // The caret moved without typing: out of the mention, the list goes.
    const moved = () => { if (this.isOpen) this.update(); };
    input.addEventListener('click', moved);
    input.addEventListener('keyup', (e) => { if (/^(ArrowLeft|ArrowRight|Home|End)$/.test(e.key)) moved(); });
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  /** The input's text or caret moved: offers what fits the mention being typed, if any. */
  update(): void {
    const m = this.mention();
    if (!m || m.start === this.dismissed) {
      if (!m) this.dismissed = undefined;
      return this.hide();
    }
    const id = ++this.request;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(id, m.query), DEBOUNCE_MS);
  }

  /** The input's keydown, before its own: true when the key was the list's (move, accept, dismiss). */
  keydown(e: KeyboardEvent): boolean {
    if (!this.isOpen || e.isComposing) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      this.selected = (this.selected + (e.key === 'ArrowDown' ? 1 : -1) + this.items.length) % this.items.length;
      this.render();
    } else if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
      const query = this.mention()?.query;
      // Typed faster than the list follows: what it shows may not match what is typed.
      if (query !== undefined && query !== this.shownQuery) {
        const id = ++this.request;
        clearTimeout(this.timer);
        void this.load(id, query).then(() => { if (id === this.request && this.isOpen) this.accept(0); });
      } else {
        this.accept(this.selected);
      }
    } else if (e.key === 'Escape') {
      this.dismissed = this.mention()?.start;
      this.hide();
    } else {
      return false;
    }
    e.preventDefault();
    e.stopPropagation();
    return true;
  }

  hide(): void {
    this.request++;
    clearTimeout(this.timer);
    this.items = [];
    this.shownQuery = undefined;
    this.el.hidden = true;
    this.el.replaceChildren();
    this.input.removeAttribute('aria-activedescendant');
  }

  private mention(): { start: number; query: string } | undefined {
    const { selectionStart, selectionEnd, value } = this.input;
    if (selectionStart !== selectionEnd) return undefined;
    return mentionAt(value, selectionStart ?? value.length);
  }

  private async load(id: number, query: string): Promise<void> {
    let files: string[] = [];
    try {
      files = (await this.deps.files(query)).slice(0, MAX_FILES);
    } catch {
      // A failed lookup offers what needs none: `@search`.
    }
    if (id !== this.request || this.mention()?.query !== query) return;
    const search: Suggestion[] = 'search'.startsWith(query.toLowerCase()) ? [{ kind: 'search', value: 'search' }] : [];
    this.items = [...search, ...files.map((f): Suggestion => ({ kind: 'file', value: f }))];
    this.shownQuery = query;
    this.selected = 0;
    if (this.items.length === 0) return this.hide();
    this.el.hidden = false;
    this.render();
  }

  private render(): void {
    this.el.replaceChildren(...this.items.map((item, i) => {
      const row = h('div', { class: `ai-suggest-item${i === this.selected ? ' selected' : ''}`, role: 'option', id: `${this.id}-${i}`,
        'aria-selected': String(i === this.selected), 'data-testid': 'ai-mention-item', 'data-kind': item.kind, 'data-value': item.value },
      h('span', { class: `codicon codicon-${item.kind === 'search' ? 'search' : 'file'}`, 'aria-hidden': 'true' }),
      h('span', { class: 'ai-suggest-label' }, item.kind === 'search' ? '@search' : basename(item.value)),
      h('span', { class: 'ai-suggest-desc' }, item.kind === 'search' ? 'Search the workspace for what follows' : dirname(item.value)));
      // Keeps the focus (and the caret) in the input.
      row.addEventListener('mousedown', (e) => {
        e.preventDefault();
        this.accept(i);
      });
      return row;
    }));
    this.el.querySelector('.selected')?.scrollIntoView?.({ block: 'nearest' });
    this.input.setAttribute('aria-activedescendant', `${this.id}-${this.selected}`);
  }

  private accept(i: number): void {
    const item = this.items[i];
    const m = this.mention();
    this.hide();
    if (!item || !m) return;
    const caret = this.input.selectionStart ?? this.input.value.length;
    const r = item.kind === 'search' ? replaceMention(this.input.value, m.start, caret, '@search')
      : insertMention(this.input.value, m.start, caret, item.value);
    this.input.value = r.text;
    this.input.setSelectionRange(r.caret, r.caret);
    this.deps.changed();
  }
}
