import { basename, dirname, isWithin, sortEntries } from '../paths';
import type { FileStat, FileType, FsClient } from '../rpc/fs-client';

export interface TreeNode {
  path: string;
  name: string;
  type: FileType;
  /** Child paths in display order; undefined until the directory has been listed. */
  children?: string[];
  expanded: boolean;
}

/** The explorer's state: lazily listed directories, keyed by workspace-relative path. */
export class TreeModel {
  readonly nodes = new Map<string, TreeNode>();
  private readonly listeners = new Set<() => void>();
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(private readonly fs: FsClient, rootName: string) {
    this.nodes.set('', { path: '', name: rootName, type: 'directory', expanded: true });
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  get(path: string): TreeNode | undefined {
    return this.nodes.get(path);
  }

  isLoaded(path: string): boolean {
    return this.nodes.get(path)?.children !== undefined;
  }

  /** Lists a directory (coalescing concurrent calls) and reconciles its children. */
  load(dir: string): Promise<void> {
    let p = this.inflight.get(dir);
    if (!p) {
      p = this.fs.list(dir).then((entries) => this.apply(dir, entries)).finally(() => this.inflight.delete(dir));
      this.inflight.set(dir, p);
    }
    return p;
  }

  async toggle(path: string): Promise<void> {
    const node = this.nodes.get(path);
    if (!node || node.type !== 'directory') return;
    node.expanded = !node.expanded;
    this.emit();
    if (node.expanded && node.children === undefined) await this.load(path);
  }

  async expand(path: string): Promise<void> {
    const node = this.nodes.get(path);
    if (!node || node.type !== 'directory') return;
    if (!node.expanded) {
      node.expanded = true;
      this.emit();
    }
    if (node.children === undefined) await this.load(path);
  }

  collapseAll(): void {
    for (const node of this.nodes.values()) if (node.path !== '') node.expanded = false;
    this.emit();
  }

  /** Every listed directory, parents before children: what a full refresh re-lists. */
  loadedDirs(): string[] {
    return [...this.nodes.values()].filter((n) => n.children !== undefined).map((n) => n.path)
      .sort((a, b) => a.split('/').length - b.split('/').length);
  }

  /** Drops a path and its descendants (after a delete we made ourselves). */
  remove(path: string): void {
    const parent = this.nodes.get(dirname(path));
    if (parent?.children) parent.children = parent.children.filter((c) => c !== path);
    for (const key of [...this.nodes.keys()]) if (key !== '' && isWithin(key, path)) this.nodes.delete(key);
    this.emit();
  }

  private apply(dir: string, entries: FileStat[]): void {
    const node = this.nodes.get(dir);
    if (!node) return;
    const sorted = sortEntries(entries.map((e) => ({ ...e, path: normalizeEntry(dir, e.path) })));
    const keep = new Set(sorted.map((e) => e.path));
    for (const old of node.children ?? []) {
      if (keep.has(old)) continue;
      for (const key of [...this.nodes.keys()]) if (isWithin(key, old)) this.nodes.delete(key);
    }
    for (const e of sorted) {
      const existing = this.nodes.get(e.path);
      if (existing && existing.type === e.type) continue;
      this.nodes.set(e.path, { path: e.path, name: basename(e.path), type: e.type, expanded: false });
    }
    node.children = sorted.map((e) => e.path);
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

/** Entries carry workspace-relative paths; tolerate a bare name too. */
function normalizeEntry(dir: string, path: string): string {
  const p = path.replace(/^\.?\/+/, '');
  if (!p.includes('/') && dir !== '' && !p.startsWith(`${dir}/`)) return `${dir}/${p}`;
  return p;
}
