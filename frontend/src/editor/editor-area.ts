import type { IPosition, IRange } from 'monaco-editor/editor';
import type { BufferBackup } from '../backup';
import { pathOfUri } from '../lsp/uris';
import { basename, isWithin, rebase } from '../paths';
import { describeError, ErrorCode, errorCode } from '../rpc/errors';
import type { FsClient, Version } from '../rpc/fs-client';
import { showDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { toast } from '../ui/toast';
import { BackgroundModels } from './background-models';
import { OpenDocument } from './document';
import { editor, KeyCode, KeyMod, languageOf, modelUri, monacoTheme } from './monaco';
import { TabStrip } from './tabs';

export interface CursorInfo {
  path: string | undefined;
  languageId: string | undefined;
  line: number;
  column: number;
}

/** Tabs plus one Monaco editor whose model is swapped per open document. */
export class EditorArea {
  readonly el: HTMLElement;
  readonly docs = new Map<string, OpenDocument>();
  active: OpenDocument | undefined;
  /** Set by the owner: saving needs the connection and the conflict flow. */
  saveHandler: (doc: OpenDocument) => Promise<boolean> = async () => false;
  private readonly tabs: TabStrip;
  private readonly editor: editor.IStandaloneCodeEditor;
  private readonly empty: HTMLElement;
  private readonly cursorListeners = new Set<(c: CursorInfo) => void>();
  private readonly backupTimers = new Map<OpenDocument, ReturnType<typeof setTimeout>>();
  private readonly opening = new Map<string, Promise<OpenDocument | undefined>>();
  private readonly activeListeners = new Set<(doc: OpenDocument | undefined) => void>();
  private readonly stack: HTMLElement;
  private readonly host: HTMLElement;
  private overlay: { el: HTMLElement; dispose: () => void } | undefined;
  private readonly background: BackgroundModels;

  constructor(private readonly fs: FsClient, private readonly backup: BufferBackup, theme: 'dark' | 'light') {
    this.background = new BackgroundModels(fs);
    this.tabs = new TabStrip({
      activate: (p) => { this.closeOverlay(); this.activate(p); },
      close: (p) => void this.close(p),
    });
    const host = h('div', { class: 'editor-host', 'data-testid': 'editor' });
    this.host = host;
    this.empty = h('div', { class: 'editor-empty', 'data-testid': 'editor-empty' }, 'Open a file from the explorer to start editing.');
    this.stack = h('div', { class: 'editor-stack' }, host, this.empty);
    this.el = h('section', { class: 'editor-area', 'aria-label': 'Editor' }, this.tabs.el, this.stack);
    this.editor = editor.create(host, {
      model: null, automaticLayout: true, theme: monacoTheme(theme), fontSize: 14,
      minimap: { enabled: false }, scrollBeyondLastLine: false, fixedOverflowWidgets: true,
    });
    this.editor.addCommand(KeyMod.CtrlCmd | KeyCode.KeyS, () => { if (this.active) void this.saveHandler(this.active); });
    this.editor.onDidChangeCursorPosition(() => this.emitCursor());
    // Go to definition, references and the like name another file: it opens in a tab.
    editor.registerEditorOpener({
      openCodeEditor: (_source, resource, selectionOrPosition) => {
        const path = resource.scheme === 'file' ? pathOfUri(resource.toString(true)) : undefined;
        if (path === undefined) return false;
        void this.revealRange(path, toRange(selectionOrPosition));
        return true;
      },
    });
    this.render();
  }

  onCursor(listener: (c: CursorInfo) => void): void {
    this.cursorListeners.add(listener);
  }

  /** Called whenever the active document changes (or the last one closes). */
  onActiveChange(listener: (doc: OpenDocument | undefined) => void): void {
    this.activeListeners.add(listener);
  }

  /** The one code editor, for decorations and options (change markers, blame). */
  get codeEditor(): editor.IStandaloneCodeEditor {
    return this.editor;
  }

  /**
   * Opens a file and, given a 1-based `line`, selects `length` characters at `column` (UTF-16
   * units, as Monaco and the search service count them).
   */
  reveal(path: string, line?: number, column = 1, length = 0): Promise<OpenDocument | undefined> {
    return this.revealRange(path, line === undefined ? undefined
      : { startLineNumber: line, startColumn: column, endLineNumber: line, endColumn: column + length });
  }

  /** Opens a file and selects `range` in it (1-based lines and UTF-16 columns). */
  async revealRange(path: string, range?: IRange): Promise<OpenDocument | undefined> {
    this.closeOverlay();
    const doc = await this.open(path);
    if (!doc || this.active !== doc || !range) return doc;
    this.editor.setSelection(range);
    this.editor.revealRangeInCenterIfOutsideViewport(range);
    this.editor.focus();
    return doc;
  }

  /** Shows a view (the diff editor) over the editor until a tab is picked or it is closed. */
  showOverlay(el: HTMLElement, dispose: () => void): void {
    const typing = this.editor.hasTextFocus();
    this.closeOverlay();
    this.overlay = { el, dispose };
    this.stack.append(el);
    // The editor under it keeps its place in the tab order and the keys typed into it: Tab
    // indented the hidden text instead of reaching the view's buttons, and typing went on unseen.
    this.host.inert = true;
    if (typing) {
      el.tabIndex = -1;
      el.focus();
    }
  }

  closeOverlay(): void {
    const o = this.overlay;
    this.overlay = undefined;
    if (!o) return;
    // Nowhere is where a button that disabled itself while it worked (Save) left the keyboard.
    const focused = o.el.contains(document.activeElement) || document.activeElement === document.body;
    this.host.inert = false;
    o.el.remove();
    o.dispose();
    // Its buttons (Save, Close) go with it: the keyboard goes back to the editor, not to the page.
    if (focused && this.active) this.editor.focus();
  }

  setTheme(theme: 'dark' | 'light'): void {
    editor.setTheme(monacoTheme(theme));
  }

  list(): OpenDocument[] {
    return [...this.docs.values()];
  }

  /**
   * Gives each file a model (a background copy when it has no tab), so Monaco can point into it.
   * Resolves to the paths that have one; files that cannot be shown as text are left out.
   */
  async ensureModels(paths: readonly string[]): Promise<Set<string>> {
    const copies = await this.background.loadAll(paths.filter((p) => !this.docs.has(p)));
    return new Set(paths.filter((p) => this.docs.has(p) || copies.has(p)));
  }

  /** Whether a path's model is a background copy rather than an open document's buffer. */
  isBackground(path: string): boolean {
    return !this.docs.has(path) && this.background.has(path);
  }

  /** A file changed on disk: a background copy of it is out of date. */
  fileChanged(path: string): void {
    this.background.drop(path);
  }

  /** Opens (or focuses) a file. Resolves to undefined when it cannot be shown as text. */
  open(path: string): Promise<OpenDocument | undefined> {
    const existing = this.docs.get(path);
    if (existing) {
      this.activate(path);
      return Promise.resolve(existing);
    }
    let p = this.opening.get(path);
    if (!p) {
      p = this.load(path).finally(() => this.opening.delete(path));
      this.opening.set(path, p);
    }
    return p;
  }

  /** Adds a document for content that is not (or no longer) on disk, e.g. a restored backup. */
  adopt(path: string, content: string, version: Version | null, dirty: boolean): OpenDocument {
    const doc = this.docs.get(path) ?? this.addDocument(path, content, version);
    if (doc.model.getValue() !== content) doc.model.setValue(content);
    doc.version = version;
    if (dirty) doc.markDirty();
    this.activate(path);
    return doc;
  }

  activate(path: string): void {
    const doc = this.docs.get(path);
    if (!doc || doc === this.active) return;
    if (this.active) this.active.viewState = this.editor.saveViewState();
    this.active = doc;
    this.editor.setModel(doc.model);
    if (doc.viewState) this.editor.restoreViewState(doc.viewState);
    this.editor.focus();
    this.render();
    for (const l of this.activeListeners) l(doc);
  }

  async close(path: string, force = false): Promise<void> {
    const doc = this.docs.get(path);
    if (!doc) return;
    if (doc.dirty && !force) {
      this.activate(path);
      const r = await showDialog({
        title: 'Unsaved changes', testId: 'close-dialog',
        message: `Do you want to save the changes you made to ${basename(path)}?`,
        buttons: [{ id: 'cancel', label: 'Cancel' }, { id: 'discard', label: "Don't save", danger: true }, { id: 'save', label: 'Save', primary: true }],
      });
      if (r.button === 'cancel') return;
      if (r.button === 'save' && !(await this.saveHandler(doc))) return;
    }
    // The diff view may be showing this document's model, which is about to be disposed.
    this.closeOverlay();
    const order = this.list();
    const index = order.indexOf(doc);
    this.docs.delete(path);
    clearTimeout(this.backupTimers.get(doc));
    this.backupTimers.delete(doc);
    this.backup.remove(path);
    if (this.active === doc) {
      this.active = undefined;
      const next = order[index + 1] ?? order[index - 1];
      this.editor.setModel(null);
      if (next && next !== doc) this.activate(next.path);
      else for (const l of this.activeListeners) l(undefined);
    }
    doc.model.dispose();
    this.render();
  }

  /** Keeps tabs (and their edits) pointing at the right file after a rename or move. */
  renamed(from: string, to: string): void {
    for (const doc of this.list()) {
      if (!isWithin(doc.path, from)) continue;
      this.closeOverlay();
      const target = rebase(doc.path, from, to);
      const wasActive = this.active === doc;
      const dirty = doc.dirty;
      const viewState = wasActive ? this.editor.saveViewState() : doc.viewState;
      this.docs.delete(doc.path);
      const moved = this.addDocument(target, doc.model.getValue(), doc.version);
      moved.viewState = viewState;
      if (dirty) moved.markDirty();
      this.backup.rename(doc.path, target);
      if (wasActive) {
        this.active = undefined;
        this.activate(target);
      }
      doc.model.dispose();
    }
    this.render();
  }

  /** Replaces a buffer with disk content, keeping the cursor and scroll position. */
  replaceContent(doc: OpenDocument, content: string, version: Version): void {
    const isActive = this.active === doc;
    const view = isActive ? this.editor.saveViewState() : null;
    if (doc.model.getValue() !== content) doc.model.setValue(content);
    if (isActive && view) this.editor.restoreViewState(view);
    doc.version = version;
    doc.deleted = false;
    doc.markSaved();
    this.backup.remove(doc.path);
    this.render();
  }

  render(): void {
    const docs = this.list();
    this.tabs.render(docs, this.active);
    this.empty.hidden = docs.length > 0;
    this.emitCursor();
  }

  /** Writes every dirty buffer's backup now (before unload or a redirect to login). */
  flushBackups(): void {
    for (const doc of this.docs.values()) {
      clearTimeout(this.backupTimers.get(doc));
      this.writeBackup(doc);
    }
  }

  private async load(path: string): Promise<OpenDocument | undefined> {
    try {
      const r = await this.fs.read(path, 'utf8');
      if (r.encoding !== 'utf8' || r.content.includes('\u0000')) {
        toast(`${basename(path)} looks like a binary file; it cannot be opened in the text editor.`, 'info');
        return undefined;
      }
      if (this.docs.has(path)) return this.docs.get(path);
      this.addDocument(path, r.content, r.version);
      this.activate(path);
      return this.docs.get(path);
    } catch (e) {
      const code = errorCode(e);
      if (code === ErrorCode.TooLarge) toast(`${basename(path)} is too large to open in the editor.`, 'info');
      else if (code === ErrorCode.IsADirectory) return undefined;
      else toast(describeError(`Cannot open ${path}`, e), 'error');
      return undefined;
    }
  }

  private addDocument(path: string, content: string, version: Version | null): OpenDocument {
    const uri = modelUri(path);
    this.background.drop(path);
    editor.getModel(uri)?.dispose();
    const model = editor.createModel(content, languageOf(path), uri);
    const doc = new OpenDocument(path, model, version);
    model.onDidChangeContent(() => {
      this.render();
      clearTimeout(this.backupTimers.get(doc));
      this.backupTimers.set(doc, setTimeout(() => this.writeBackup(doc), 300));
    });
    this.docs.set(path, doc);
    return doc;
  }

  private writeBackup(doc: OpenDocument): void {
    if (this.docs.get(doc.path) !== doc) return;
    if (doc.dirty) {
      if (!this.backup.put(doc.path, doc.model.getValue(), doc.version)) {
        toast(`Could not back up unsaved changes of ${doc.path} (browser storage is full).`, 'error');
      }
    } else {
      this.backup.remove(doc.path);
    }
  }

  private emitCursor(): void {
    const pos = this.editor.getPosition();
    const info: CursorInfo = {
      path: this.active?.path,
      languageId: this.active?.model.getLanguageId(),
      line: pos?.lineNumber ?? 1,
      column: pos?.column ?? 1,
    };
    for (const l of this.cursorListeners) l(info);
  }
}

function toRange(p: IRange | IPosition | null | undefined): IRange | undefined {
  if (!p) return undefined;
  if ('startLineNumber' in p) return p;
  return { startLineNumber: p.lineNumber, startColumn: p.column, endLineNumber: p.lineNumber, endColumn: p.column };
}
