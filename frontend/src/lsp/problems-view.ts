import './lsp.css';
import { basename, dirname } from '../paths';
import { showContextMenu } from '../ui/context-menu';
import { h } from '../ui/dom';
import type { PanelView } from '../workbench/bottom-panel';
import { describeCounts, type DiagnosticsStore, type FileProblems, type Problem, type Severity } from './diagnostics';

export interface ProblemsViewDeps {
  panel: PanelView;
  store: DiagnosticsStore;
  /** Opens a file with the problem's range selected (1-based, UTF-16 columns). */
  reveal(path: string, p: Problem): void;
  /** "Fix with AI" in a problem's context menu. */
  fix?(path: string, p: Problem): void;
}

/** Rows drawn at most; a workspace with more problems shows a note instead of a frozen tab. */
const MAX_ROWS = 2000;

const ICON: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

/** The Problems panel: every language server's diagnostics, grouped by file, click to go there. */
export class ProblemsView {
  private readonly list = h('div', { class: 'problems-list', role: 'tree', 'aria-label': 'Problems' });
  private readonly summary = h('span', { class: 'problems-summary', 'data-testid': 'problems-summary' });
  private readonly collapsed = new Set<string>();
  private stale = true;
  private frame = 0;

  constructor(private readonly deps: ProblemsViewDeps) {
    deps.panel.header.replaceChildren(this.summary);
    deps.panel.body.append(h('div', { class: 'problems-view', 'data-testid': 'problems-view' }, this.list));
    deps.store.onChange(() => this.invalidate());
    deps.panel.onVisibility((visible) => { if (visible && this.stale) this.render(); });
    this.render();
  }

  private invalidate(): void {
    this.stale = true;
    if (!this.deps.panel.visible || this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    this.stale = false;
    const files = this.deps.store.files;
    this.summary.textContent = describeCounts(this.deps.store.counts);
    if (files.length === 0) {
      this.list.replaceChildren(h('div', { class: 'problems-empty', 'data-testid': 'problems-empty' },
        'No problems have been detected in the workspace.'));
      return;
    }
    const rows: HTMLElement[] = [];
    let drawn = 0;
    for (const file of files) {
      if (drawn >= MAX_ROWS) break;
      rows.push(this.fileRow(file));
      drawn++;
      if (this.collapsed.has(file.path)) continue;
      for (const p of file.problems) {
        if (drawn >= MAX_ROWS) break;
        rows.push(this.problemRow(file.path, p));
        drawn++;
      }
    }
    if (drawn >= MAX_ROWS) rows.push(h('div', { class: 'problems-empty' }, `Showing the first ${MAX_ROWS} rows.`));
    this.list.replaceChildren(...rows);
  }

  private fileRow(file: FileProblems): HTMLElement {
    const open = !this.collapsed.has(file.path);
    const dir = dirname(file.path);
    const row = h('div', { class: 'problems-file', role: 'treeitem', 'aria-expanded': String(open), title: file.path,
      'data-testid': 'problem-file', 'data-path': file.path },
    h('span', { class: `codicon codicon-chevron-${open ? 'down' : 'right'}`, 'aria-hidden': 'true' }),
    h('span', { class: 'problems-file-name' }, basename(file.path)),
    h('span', { class: 'problems-file-dir' }, dir),
    h('span', { class: 'problems-count', title: describeCounts(file) }, String(file.problems.length)));
    row.addEventListener('click', () => {
      if (open) this.collapsed.add(file.path);
      else this.collapsed.delete(file.path);
      this.render();
    });
    return row;
  }

  private problemRow(path: string, p: Problem): HTMLElement {
    const origin = [p.source, p.code].filter(Boolean).join(' ');
    const row = h('div', { class: 'problem', role: 'treeitem', title: p.message, 'data-testid': 'problem',
      'data-path': path, 'data-line': String(p.line), 'data-severity': p.severity },
    h('span', { class: `codicon codicon-${ICON[p.severity]} severity-${p.severity}`, 'aria-label': p.severity }),
    h('span', { class: 'problem-message' }, p.message),
    h('span', { class: 'problem-origin' }, origin ? `${origin} ` : '', `[Ln ${p.line}, Col ${p.column}]`));
    row.addEventListener('click', () => this.deps.reveal(path, p));
    const fix = this.deps.fix;
    if (fix) {
      row.addEventListener('contextmenu', (e) => {
        e.preventDefault();
        showContextMenu(e.clientX, e.clientY, [
          { id: 'problem-reveal', label: 'Go to Problem', run: () => this.deps.reveal(path, p) },
          { id: 'ai-fix', label: 'Fix with AI', run: () => fix(path, p) },
        ]);
      });
    }
    return row;
  }
}
