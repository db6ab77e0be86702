import { dirname } from '../paths';
import { closeContextMenu, showContextMenu, type MenuItem } from '../ui/context-menu';
import { h } from '../ui/dom';
import type { TreeModel, TreeNode } from './tree-model';

export interface TreeActions {
  open(path: string): void;
  toggle(path: string): void;
  newFile(dir: string): void;
  newFolder(dir: string): void;
  rename(path: string): void;
  delete(path: string): void;
  refresh(): void;
}

/** Renders the tree model; keeps selection by path so re-renders after refreshes are harmless. */
export class TreeView {
  readonly el: HTMLElement;
  selected: string | undefined;
  private readonly list: HTMLElement;
  private readonly emptyNote: HTMLElement;

  constructor(private readonly model: TreeModel, private readonly actions: TreeActions) {
    this.list = h('div', { class: 'tree', role: 'tree', tabindex: '0', 'data-testid': 'file-tree', 'aria-label': 'Files' });
    this.emptyNote = h('div', { class: 'tree-empty', 'data-testid': 'tree-empty', hidden: true }, 'This workspace is empty.');
    // Icons come from Monaco's codicon font, which the editor already loads.
    const button = (id: string, label: string, icon: string, run: () => void) => {
      const b = h('button', { class: 'icon-btn', type: 'button', title: label, 'aria-label': label, 'data-testid': `explorer-${id}` },
        h('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
      b.addEventListener('click', run);
      return b;
    };
    const toolbar = h('div', { class: 'explorer-toolbar' },
      h('span', { class: 'explorer-title' }, 'Explorer'),
      button('new-file', 'New File…', 'new-file', () => actions.newFile(this.targetDir())),
      button('new-folder', 'New Folder…', 'new-folder', () => actions.newFolder(this.targetDir())),
      button('rename', 'Rename…', 'edit', () => { if (this.selected) actions.rename(this.selected); }),
      button('delete', 'Delete', 'trash', () => { if (this.selected) actions.delete(this.selected); }),
      button('refresh', 'Refresh', 'refresh', () => actions.refresh()),
      button('collapse', 'Collapse All', 'collapse-all', () => model.collapseAll()));
    this.el = h('aside', { class: 'explorer', 'data-testid': 'explorer' }, toolbar, this.list, this.emptyNote);
    this.list.addEventListener('click', (e) => this.onClick(e));
    this.list.addEventListener('contextmenu', (e) => this.onContextMenu(e));
    this.list.addEventListener('keydown', (e) => this.onKey(e));
    model.onChange(() => this.render());
  }

  /** Directory for "new file": the selected folder, or the selected file's folder. */
  targetDir(): string {
    if (this.selected === undefined) return '';
    const node = this.model.get(this.selected);
    if (!node) return '';
    return node.type === 'directory' ? node.path : dirname(node.path);
  }

  select(path: string | undefined): void {
    this.selected = path;
    this.render();
  }

  scrollToSelected(): void {
    this.list.querySelector<HTMLElement>('.tree-item.selected')?.scrollIntoView({ block: 'nearest' });
  }

  render(): void {
    const rows: HTMLElement[] = [];
    const root = this.model.get('');
    for (const child of root?.children ?? []) this.renderNode(child, 0, rows);
    this.list.replaceChildren(...rows);
    this.emptyNote.hidden = !(root?.children && root.children.length === 0);
  }

  private renderNode(path: string, depth: number, out: HTMLElement[]): void {
    const node = this.model.get(path);
    if (!node) return;
    out.push(this.row(node, depth));
    if (node.type === 'directory' && node.expanded) {
      if (node.children === undefined) {
        out.push(h('div', { class: 'tree-loading', style: `padding-left:${(depth + 1) * 14 + 22}px` }, 'Loading…'));
      } else {
        for (const child of node.children) this.renderNode(child, depth + 1, out);
      }
    }
  }

  private row(node: TreeNode, depth: number): HTMLElement {
    const isDir = node.type === 'directory';
    const twisty = isDir ? `codicon codicon-chevron-${node.expanded ? 'down' : 'right'}` : '';
    return h('div', {
      class: `tree-item ${isDir ? 'dir' : 'file'}${this.selected === node.path ? ' selected' : ''}`,
      role: 'treeitem', 'aria-expanded': isDir ? String(node.expanded) : undefined,
      'aria-selected': String(this.selected === node.path),
      'data-testid': 'tree-item', 'data-path': node.path, 'data-type': node.type,
      style: `padding-left:${depth * 14 + 6}px`, title: node.path,
    }, h('span', { class: `twisty ${twisty}`, 'aria-hidden': 'true' }), h('span', { class: 'tree-label' }, node.name));
  }

  private itemFrom(e: Event): TreeNode | undefined {
    const el = (e.target as HTMLElement).closest<HTMLElement>('.tree-item');
    return el?.dataset.path !== undefined ? this.model.get(el.dataset.path) : undefined;
  }

  private onClick(e: MouseEvent): void {
    const node = this.itemFrom(e);
    if (!node) return;
    this.select(node.path);
    if (node.type === 'directory') this.actions.toggle(node.path);
    else this.actions.open(node.path);
  }

  private onContextMenu(e: MouseEvent): void {
    e.preventDefault();
    const node = this.itemFrom(e);
    if (node) this.select(node.path);
    const dir = node ? (node.type === 'directory' ? node.path : dirname(node.path)) : '';
    const items: MenuItem[] = [
      { id: 'new-file', label: 'New File…', run: () => this.actions.newFile(dir) },
      { id: 'new-folder', label: 'New Folder…', run: () => this.actions.newFolder(dir) },
    ];
    if (node) {
      if (node.type !== 'directory') items.unshift({ id: 'open', label: 'Open', run: () => this.actions.open(node.path) });
      items.push({ id: 'rename', label: 'Rename…', run: () => this.actions.rename(node.path) });
      items.push({ id: 'delete', label: 'Delete', run: () => this.actions.delete(node.path) });
    }
    items.push({ id: 'refresh', label: 'Refresh', run: () => this.actions.refresh() });
    showContextMenu(e.clientX, e.clientY, items);
  }

  private onKey(e: KeyboardEvent): void {
    const rows = [...this.list.querySelectorAll<HTMLElement>('.tree-item')];
    const index = rows.findIndex((r) => r.dataset.path === this.selected);
    const node = this.selected !== undefined ? this.model.get(this.selected) : undefined;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = rows[Math.max(0, Math.min(rows.length - 1, index + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) this.select(next.dataset.path);
    } else if (e.key === 'Enter' && node) {
      if (node.type === 'directory') this.actions.toggle(node.path);
      else this.actions.open(node.path);
    } else if (e.key === 'F2' && node) {
      this.actions.rename(node.path);
    } else if (e.key === 'Delete' && node) {
      this.actions.delete(node.path);
    } else {
      return;
    }
    e.preventDefault();
    closeContextMenu();
  }
}
