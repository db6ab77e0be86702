import './lsp.css';
import type { OpenDocument } from '../editor/document';
import type { EditorArea } from '../editor/editor-area';
import { basename } from '../paths';
import { h } from '../ui/dom';
import type { LanguageServers } from './language-servers';
import { symbolIcon, symbolKindName, type SymbolNode } from './symbols';

export interface OutlineViewDeps {
  area: EditorArea;
  servers: LanguageServers;
}

/** Edits are asked about once typing pauses this long. */
const REFRESH_DELAY_MS = 500;

/**
 * The Outline side view: the document symbols of the active editor as a tree, from its language
 * server; a click selects the symbol in the editor. Refreshed when the editor changes, after
 * edits (debounced) and when the server becomes ready; only while the view is shown.
 */
export class OutlineView {
  readonly el: HTMLElement;
  private readonly file = h('span', { class: 'outline-file', 'data-testid': 'outline-file' });
  private readonly tree = h('div', { class: 'outline-tree', role: 'tree', 'aria-label': 'Outline', 'data-testid': 'outline-tree' });
  private readonly collapsed = new Set<string>();
  private doc: OpenDocument | undefined;
  private unwatch: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private request = 0;
  private waiting = false;
  private drawn: { doc: OpenDocument; symbols: SymbolNode[] } | undefined;

  constructor(private readonly deps: OutlineViewDeps) {
    this.el = h('aside', { class: 'view outline-view', 'data-testid': 'outline-view' },
      h('div', { class: 'view-toolbar' }, h('span', { class: 'view-title' }, 'Outline'), this.file), this.tree);
    deps.area.onActiveChange((doc) => this.follow(doc));
    deps.servers.onChange(() => { if (this.waiting) this.schedule(0); });
    this.follow(deps.area.active);
  }

  shown(): void {
    this.schedule(0);
  }

  private follow(doc: OpenDocument | undefined): void {
    if (doc === this.doc) return;
    this.unwatch?.();
    this.doc = doc;
    this.collapsed.clear();
    if (doc) {
      const sub = doc.model.onDidChangeContent(() => this.schedule(REFRESH_DELAY_MS));
      this.unwatch = () => sub.dispose();
    }
    this.schedule(0);
  }

  private get shownNow(): boolean {
    return this.el.isConnected && this.el.offsetParent !== null;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh(): Promise<void> {
    if (!this.shownNow) return;
    const doc = this.doc;
    const id = ++this.request;
    this.file.textContent = doc ? basename(doc.path) : '';
    this.file.title = doc?.path ?? '';
    if (!doc || doc.model.isDisposed()) {
      this.message('Open a file to see its outline.');
      return;
    }
    let result;
    try {
      result = await this.deps.servers.symbols(doc);
    } catch (e) {
      if (id === this.request) this.message(`The language server could not list symbols: ${(e as Error).message}`);
      return;
    }
    if (id !== this.request) return;
    this.waiting = result.state === 'waiting';
    if (result.state === 'no-server') this.message('No language server provides symbols for this file.');
    else if (result.state === 'waiting') this.message('Waiting for the language server…');
    else if (result.symbols.length === 0) this.message('The document has no symbols.');
    else {
      this.drawn = { doc, symbols: result.symbols };
      this.draw();
    }
  }

  private draw(): void {
    if (this.drawn) this.tree.replaceChildren(...this.rows(this.drawn.doc, this.drawn.symbols, 0, ''));
  }

  private message(text: string): void {
    this.drawn = undefined;
    this.tree.replaceChildren(h('div', { class: 'tree-empty', 'data-testid': 'outline-message' }, text));
  }

  private rows(doc: OpenDocument, nodes: readonly SymbolNode[], depth: number, parentKey: string): HTMLElement[] {
    const out: HTMLElement[] = [];
    for (const node of nodes) {
      const key = `${parentKey}/${node.kind}:${node.name}`;
      const hasChildren = node.children.length > 0;
      const open = hasChildren && !this.collapsed.has(key);
      const twisty = h('span', { class: 'twisty', 'aria-hidden': 'true' }, hasChildren ? (open ? '▾' : '▸') : '');
      const row = h('div', { class: 'tree-item outline-item', role: 'treeitem', 'aria-level': String(depth + 1),
        'aria-expanded': hasChildren ? String(open) : undefined, title: `${symbolKindName(node.kind)} ${node.name}`,
        'data-testid': 'outline-item', 'data-name': node.name, 'data-line': String(node.selectionRange.start.line + 1) },
      twisty,
      h('span', { class: `codicon codicon-${symbolIcon(node.kind)} outline-icon`, 'aria-hidden': 'true' }),
      h('span', { class: 'tree-label' }, node.name),
      h('span', { class: 'outline-detail' }, node.detail));
      row.style.paddingLeft = `${4 + depth * 12}px`;
      twisty.addEventListener('click', (e) => {
        e.stopPropagation();
        if (open) this.collapsed.add(key);
        else this.collapsed.delete(key);
        this.draw();
      });
      row.addEventListener('click', () => {
        const r = node.selectionRange;
        void this.deps.area.revealRange(doc.path, {
          startLineNumber: r.start.line + 1, startColumn: r.start.character + 1,
          endLineNumber: r.end.line + 1, endColumn: r.end.character + 1,
        });
      });
      out.push(row);
      if (open) out.push(...this.rows(doc, node.children, depth + 1, key));
    }
    return out;
  }
}
