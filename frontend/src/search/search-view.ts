import './search.css';
import { describeError } from '../rpc/errors';
import type { SearchClient } from '../rpc/search-client';
import { h } from '../ui/dom';
import { searchParams, type SearchForm } from './globs';
import { describeIndex, type IndexState } from './index-state';
import { ResultList } from './result-list';

export interface SearchViewDeps {
  search: SearchClient;
  index: IndexState;
  reveal(path: string, line: number, column: number, length: number): void;
}

const MAX_RESULTS = 2000;
/**
 * Asked for first: a reply this small (~30 KB rather than ~0.3 MB at the cap) comes back, parses
 * and paints fast, and fills the view. Only when it is truncated is the full set asked for; its
 * reply then replaces the rows (same order, so the first ones do not move).
 */
const FIRST_PAGE = 200;
/** How long a search runs before the view says "Searching…". */
const SEARCHING_DELAY_MS = 150;

/** The Search side view: query with case / word / regex toggles, include / exclude globs, results. */
export class SearchView {
  readonly el: HTMLElement;
  private readonly query = h('input', { class: 'search-input', type: 'text', spellcheck: 'false', placeholder: 'Search',
    'aria-label': 'Search', 'data-testid': 'search-query' });
  private readonly include = h('input', { class: 'search-glob', type: 'text', spellcheck: 'false',
    placeholder: 'files to include (e.g. src/**, *.ts)', 'aria-label': 'Files to include', 'data-testid': 'search-include' });
  private readonly exclude = h('input', { class: 'search-glob', type: 'text', spellcheck: 'false',
    placeholder: 'files to exclude', 'aria-label': 'Files to exclude', 'data-testid': 'search-exclude' });
  private readonly toggles: Record<'caseSensitive' | 'wholeWord' | 'isRegex', HTMLButtonElement>;
  private readonly message = h('div', { class: 'search-message', 'data-testid': 'search-message', role: 'status' });
  private readonly progress = h('div', { class: 'search-progress', 'data-testid': 'search-index', hidden: true });
  private readonly results: ResultList;
  private request = 0;

  constructor(private readonly deps: SearchViewDeps) {
    const toggle = (id: string, label: string, icon: string) => {
      const b = h('button', { class: 'search-toggle', type: 'button', title: label, 'aria-label': label, 'aria-pressed': 'false',
        'data-testid': `search-${id}` }, h('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
      b.addEventListener('click', () => {
        b.setAttribute('aria-pressed', String(b.getAttribute('aria-pressed') !== 'true'));
        if (this.query.value) void this.run();
      });
      return b;
    };
    this.toggles = {
      caseSensitive: toggle('case', 'Match Case (Alt+C)', 'case-sensitive'),
      wholeWord: toggle('word', 'Match Whole Word (Alt+W)', 'whole-word'),
      isRegex: toggle('regex', 'Use Regular Expression (Alt+R)', 'regex'),
    };
    this.results = new ResultList(deps.reveal);
    const box = h('div', { class: 'search-box' }, this.query,
      h('div', { class: 'search-toggles' }, this.toggles.caseSensitive, this.toggles.wholeWord, this.toggles.isRegex));
    this.el = h('aside', { class: 'view search-view', 'data-testid': 'search-view' },
      h('div', { class: 'view-toolbar' }, h('span', { class: 'view-title' }, 'Search')),
      h('div', { class: 'search-form' }, box, this.include, this.exclude),
      this.progress, this.message, this.results.el);
    for (const input of [this.query, this.include, this.exclude]) {
      input.addEventListener('keydown', (e) => this.onKey(e));
    }
    deps.index.onChange(() => this.showIndex());
    this.showIndex();
  }

  shown(): void {
    this.focus();
  }

  /** Focuses the query, optionally replacing it (with the editor's selection). */
  focus(text?: string): void {
    if (text) this.query.value = text;
    this.query.focus();
    this.query.select();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Enter') {
      e.preventDefault();
      void this.run();
    } else if (e.altKey && !e.ctrlKey && !e.metaKey) {
      const t = { KeyC: this.toggles.caseSensitive, KeyW: this.toggles.wholeWord, KeyR: this.toggles.isRegex }[e.code];
      if (t) {
        e.preventDefault();
        t.click();
      }
    }
  }

  private form(): SearchForm {
    const on = (b: HTMLButtonElement) => b.getAttribute('aria-pressed') === 'true';
    return {
      query: this.query.value, caseSensitive: on(this.toggles.caseSensitive), wholeWord: on(this.toggles.wholeWord),
      isRegex: on(this.toggles.isRegex), include: this.include.value, exclude: this.exclude.value,
    };
  }

  async run(): Promise<void> {
    const form = this.form();
    const id = ++this.request;
    if (form.query === '') {
      this.results.clear();
      this.setMessage('');
      return;
    }
    const started = performance.now();
    this.el.dataset.state = 'searching';
    // Said only when the answer is slow: changing the view while the query is on its way makes
    // the browser lay out and paint, taking the CPU the server needs to answer (2 cores).
    const slow = setTimeout(() => { if (id === this.request) this.setMessage('Searching…'); }, SEARCHING_DELAY_MS);
    try {
      const first = await this.deps.search.text(searchParams(form, FIRST_PAGE));
      clearTimeout(slow);
      if (id !== this.request) return;
      let message = this.results.show(first.matches, first.truncated);
      this.el.dataset.renderMs = String(Math.round(performance.now() - started));
      let r = first;
      if (first.truncated) {
        // The message keeps saying "Searching…" until the full count is known. The rest is asked
        // for once the first page is on screen, so its reply cannot delay that frame.
        await afterNextPaint();
        if (id !== this.request) return;
        this.setMessage('Searching…');
        r = await this.deps.search.text(searchParams(form, MAX_RESULTS));
        if (id !== this.request) return;
        message = this.results.show(r.matches, r.truncated, true);
      }
      this.setMessage(message, r.truncated);
      this.el.dataset.serverMs = String(r.tookMs);
    } catch (e) {
      clearTimeout(slow);
      if (id !== this.request) return;
      this.results.clear();
      this.setMessage(describeError('Search failed', e), false, true);
    } finally {
      if (id === this.request) this.el.dataset.state = 'done';
    }
  }

  private setMessage(text: string, truncated = false, error = false): void {
    this.message.textContent = text;
    this.message.classList.toggle('error', error);
    this.message.classList.toggle('truncated', truncated);
  }

  private showIndex(): void {
    const text = describeIndex(this.deps.index.status);
    this.progress.hidden = text === '';
    this.progress.textContent = text;
  }
}

/**
 * Resolves after the next frame has been produced (a task queued from its animation frame
 * callback), or after 100 ms in a hidden tab, where there are no frames.
 */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}
