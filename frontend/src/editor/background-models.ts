import type { editor as EditorApi } from 'monaco-editor/editor';
import type { FsClient } from '../rpc/fs-client';
import { editor, languageOf, modelUri } from './monaco';

/**
 * Models of files that have no editor tab. Monaco can point into a file (go to definition, the
 * references peek) only when it has a model; these are read-only copies for that, never synced
 * to a language server (the relay transport skips them) and never saved. Opening the file in a
 * tab replaces its copy; a change on disk drops it. Beyond `limit`, the least recently used go,
 * but never the ones a single answer needs (a references peek may show more files than that).
 */
export class BackgroundModels {
  private readonly models = new Map<string, EditorApi.ITextModel>();
  private readonly loading = new Map<string, Promise<boolean>>();
  private creating: string | undefined;

  constructor(private readonly fs: FsClient, private readonly limit = 40) {}

  /** Whether the model of a workspace path is one of these copies (true while it is being created). */
  has(path: string): boolean {
    return this.models.has(path) || this.creating === path;
  }

  /** Makes sure `path` has a model; resolves to false when the file cannot be shown as text. */
  load(path: string): Promise<boolean> {
    const existing = this.models.get(path);
    if (existing && !existing.isDisposed()) {
      this.models.delete(path);
      this.models.set(path, existing);
      return Promise.resolve(true);
    }
    let p = this.loading.get(path);
    if (!p) {
      p = this.read(path).finally(() => this.loading.delete(path));
      this.loading.set(path, p);
    }
    return p;
  }

  /** Makes sure every path has a model; resolves to those that have one. Older copies go beyond the limit. */
  async loadAll(paths: readonly string[]): Promise<Set<string>> {
    const ok = await Promise.all(paths.map((p) => this.load(p)));
    const keep = new Set(paths.filter((_, i) => ok[i]));
    for (const path of [...this.models.keys()]) {
      if (this.models.size <= this.limit) break;
      if (!keep.has(path)) this.drop(path);
    }
    return keep;
  }

  /** Drops a copy (its file was opened in a tab, or changed on disk). */
  drop(path: string): void {
    const m = this.models.get(path);
    if (!m) return;
    this.models.delete(path);
    m.dispose();
  }

  private async read(path: string): Promise<boolean> {
    const uri = modelUri(path);
    let r;
    try {
      r = await this.fs.read(path, 'utf8');
    } catch {
      return false;
    }
    if (r.encoding !== 'utf8' || r.content.includes('\u0000')) return false;
    // A tab may have opened the file meanwhile: its model is the better one.
    if (editor.getModel(uri)) return true;
    // Known as a copy while it is created: creating it notifies the LSP client synchronously.
    this.creating = path;
    let model: EditorApi.ITextModel;
    try {
      model = editor.createModel(r.content, languageOf(path), uri);
    } finally {
      this.creating = undefined;
    }
    this.models.set(path, model);
    return true;
  }
}
