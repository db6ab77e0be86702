import { basename, dirname, join, normalize, validateName } from '../paths';
import { describeError, ErrorCode, errorCode } from '../rpc/errors';
import type { FileChange, FsClient } from '../rpc/fs-client';
import { confirmDialog, showDialog } from '../ui/dialog';
import { toast } from '../ui/toast';
import { TreeModel } from './tree-model';
import { TreeView } from './tree-view';

export interface ExplorerHooks {
  open(path: string): Promise<unknown>;
  renamed(from: string, to: string): void;
}

/** The file explorer: tree state, view, and the create / rename / delete commands. */
export class Explorer {
  readonly model: TreeModel;
  readonly view: TreeView;
  private readonly pendingRefresh = new Set<string>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly fs: FsClient, workspaceName: string, private readonly hooks: ExplorerHooks) {
    this.model = new TreeModel(fs, workspaceName);
    this.view = new TreeView(this.model, {
      open: (p) => void hooks.open(p),
      toggle: (p) => void this.model.toggle(p).catch((e) => toast(describeError(`Cannot list ${p}`, e), 'error')),
      newFile: (d) => void this.create(d, 'file'),
      newFolder: (d) => void this.create(d, 'folder'),
      rename: (p) => void this.rename(p),
      delete: (p) => void this.delete(p),
      refresh: () => void this.refreshAll(),
    });
  }

  get el(): HTMLElement {
    return this.view.el;
  }

  /** Lists and expands the folders above `path`, then selects it and scrolls it into view. */
  async reveal(path: string): Promise<void> {
    const target = normalize(path);
    const segments = target.split('/');
    try {
      for (let i = 0; i < segments.length; i++) await this.model.expand(segments.slice(0, i).join('/'));
    } catch (e) {
      toast(describeError(`Cannot show ${target}`, e), 'error');
      return;
    }
    this.view.select(target);
    this.view.scrollToSelected();
  }

  /** Re-lists every directory that is loaded (after a reconnect or on request). */
  async refreshAll(): Promise<void> {
    for (const dir of this.model.loadedDirs()) {
      if (!this.model.get(dir)) continue;
      try {
        await this.model.load(dir);
      } catch (e) {
        if (errorCode(e) === ErrorCode.NotFound) this.model.remove(dir);
        else if (errorCode(e) !== ErrorCode.Offline) toast(describeError(`Cannot list ${dir || 'the workspace'}`, e), 'error');
      }
    }
  }

  /** Live updates: re-list the folder of each changed path (coalesced for bursts). */
  changed(changes: FileChange[]): void {
    for (const c of changes) {
      const parent = dirname(c.path);
      if (this.model.isLoaded(parent)) this.pendingRefresh.add(parent);
      if (c.type === 'deleted' && this.model.get(c.path)) this.model.remove(c.path);
    }
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      const dirs = [...this.pendingRefresh];
      this.pendingRefresh.clear();
      for (const d of dirs) {
        if (this.model.isLoaded(d)) this.model.load(d).catch(() => { /* parent refresh will follow */ });
      }
    }, 60);
  }

  private async create(dir: string, kind: 'file' | 'folder'): Promise<void> {
    const r = await showDialog({
      title: kind === 'file' ? 'New File' : 'New Folder', testId: 'name-dialog',
      message: `In ${dir === '' ? 'the workspace root' : dir}`,
      input: { value: '', label: 'Name' }, validate: validateName,
      buttons: [{ id: 'cancel', label: 'Cancel' }, { id: 'ok', label: 'Create', primary: true }],
    });
    if (r.button !== 'ok') return;
    const path = join(dir, r.value.trim());
    try {
      if (kind === 'file') await this.fs.write({ path, content: '', create: true, overwrite: false });
      else await this.fs.mkdir(path);
      await this.model.expand(dir);
      await this.model.load(dir);
      this.view.select(path);
      if (kind === 'file') await this.hooks.open(path);
    } catch (e) {
      toast(describeError(`Cannot create ${path}`, e), 'error');
    }
  }

  private async rename(path: string): Promise<void> {
    const r = await showDialog({
      title: 'Rename', testId: 'name-dialog', message: path,
      input: { value: basename(path), label: 'New name', selectBaseName: true }, validate: validateName,
      buttons: [{ id: 'cancel', label: 'Cancel' }, { id: 'ok', label: 'Rename', primary: true }],
    });
    const target = join(dirname(path), r.value.trim());
    if (r.button !== 'ok' || target === path) return;
    try {
      await this.fs.move(path, target, false);
      this.hooks.renamed(path, target);
      this.model.remove(path);
      await this.model.load(dirname(path));
      this.view.select(target);
    } catch (e) {
      toast(describeError(`Cannot rename ${path}`, e), 'error');
    }
  }

  private async delete(path: string): Promise<void> {
    const node = this.model.get(path);
    const isDir = node?.type === 'directory';
    const ok = await confirmDialog(isDir ? 'Delete folder' : 'Delete file',
      isDir ? `Delete the folder ${path} and everything in it? This cannot be undone.`
        : `Delete ${path}? This cannot be undone.`, 'Delete', true);
    if (!ok) return;
    try {
      await this.fs.delete(path, isDir);
      this.model.remove(path);
      if (this.view.selected === path) this.view.select(undefined);
    } catch (e) {
      toast(describeError(`Cannot delete ${path}`, e), 'error');
    }
  }
}
