import { basename, dirname } from '../paths';
import type { TextMatch } from '../rpc/search-client';
import { h } from '../ui/dom';
import { groupByFile, previewParts, summary } from './group';

/**
 * Rows rendered before the first paint (a tall panel shows ~40); the rest follow in chunks, one
 * per animation frame, so the first frame costs what is visible rather than what was found.
 */
const FIRST_CHUNK = 60;
const CHUNK = 400;

/**
 * Search results grouped by file. Rows are plain DOM built in chunks so thousands of matches
 * never block the first paint; one delegated listener serves every row.
 */
export class ResultList {
  readonly el = h('div', { class: 'search-results', role: 'tree', 'data-testid': 'search-results' });
  private matches: TextMatch[] = [];
  private frame = 0;

  constructor(private readonly reveal: (path: string, line: number, column: number, length: number) => void) {
    this.el.addEventListener('click', (e) => this.onClick(e));
  }

  clear(): void {
    cancelAnimationFrame(this.frame);
    this.matches = [];
    this.el.replaceChildren();
  }

  /**
   * Renders the results and returns the summary line. `keepScroll`: these replace results of the
   * same search (the first page, then all), so the scroll position stays.
   */
  show(matches: TextMatch[], truncated: boolean, keepScroll = false): string {
    const scroll = keepScroll ? this.el.scrollTop : 0;
    this.clear();
    this.matches = matches;
    const groups = groupByFile(matches);
    const rows: (() => HTMLElement)[] = [];
    let index = 0;
    for (const g of groups) {
      const start = index;
      rows.push(() => this.fileRow(g.path, g.matches.length));
      for (let i = 0; i < g.matches.length; i++) {
        const at = start + i;
        rows.push(() => this.matchRow(at));
      }
      index += g.matches.length;
    }
    this.renderChunks(rows);
    if (scroll > 0) this.el.scrollTop = scroll;
    return summary(matches.length, groups.length, truncated);
  }

  private renderChunks(rows: (() => HTMLElement)[]): void {
    let next = 0;
    const step = (count: number) => {
      const frag = document.createDocumentFragment();
      const end = Math.min(rows.length, next + count);
      for (; next < end; next++) frag.append(rows[next]());
      this.el.append(frag);
      if (next < rows.length) this.frame = requestAnimationFrame(() => step(CHUNK));
      else this.el.dataset.complete = 'true';
    };
    this.el.dataset.complete = 'false';
    step(FIRST_CHUNK);
  }

  private fileRow(path: string, count: number): HTMLElement {
    return h('div', { class: 'result-file', role: 'treeitem', 'aria-expanded': 'true', title: path,
      'data-testid': 'search-file', 'data-path': path },
    h('span', { class: 'codicon codicon-chevron-down twisty', 'aria-hidden': 'true' }),
    h('span', { class: 'result-name' }, basename(path)),
    h('span', { class: 'result-dir' }, dirname(path)),
    h('span', { class: 'result-count', 'data-testid': 'search-file-count' }, String(count)));
  }

  private matchRow(i: number): HTMLElement {
    const m = this.matches[i];
    const p = previewParts(m.preview, m.column, m.length);
    return h('div', { class: 'result-match', role: 'treeitem', 'data-testid': 'search-match', 'data-index': String(i),
      'data-path': m.path, 'data-line': String(m.line), title: `${m.path}:${m.line}:${m.column}` },
    h('span', { class: 'result-line' }, String(m.line)), p.before, h('mark', { class: 'hl' }, p.match), p.after);
  }

  private onClick(e: MouseEvent): void {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.result-match, .result-file');
    if (!row) return;
    if (row.classList.contains('result-file')) {
      const collapsed = row.getAttribute('aria-expanded') === 'true';
      row.setAttribute('aria-expanded', String(!collapsed));
      row.querySelector('.twisty')?.classList.replace(collapsed ? 'codicon-chevron-down' : 'codicon-chevron-right',
        collapsed ? 'codicon-chevron-right' : 'codicon-chevron-down');
      for (let el = row.nextElementSibling as HTMLElement | null; el && el.classList.contains('result-match');
        el = el.nextElementSibling as HTMLElement | null) el.hidden = collapsed;
      return;
    }
    for (const s of this.el.querySelectorAll('.result-match.selected')) s.classList.remove('selected');
    row.classList.add('selected');
    const m = this.matches[Number(row.dataset.index)];
    if (m) this.reveal(m.path, m.line, m.column, m.length);
  }
}
