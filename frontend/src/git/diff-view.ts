import type { OpenDocument } from '../editor/document';
import type { EditorArea } from '../editor/editor-area';
import { editor, KeyCode, KeyMod, languageOf, Uri } from '../editor/monaco';
import { basename } from '../paths';
import { describeError } from '../rpc/errors';
import type { GitClient } from '../rpc/git-client';
import type { GitState } from './git-state';
import { h } from '../ui/dom';
import { toast } from '../ui/toast';
import { diffSides, type ChangeEntry } from './status-groups';

const SIDE_LABEL = { HEAD: 'HEAD', INDEX: 'Index', WORKTREE: 'Working Tree' } as const;

let serial = 0;

async function contentAt(git: GitClient, path: string, ref: 'HEAD' | 'INDEX'): Promise<{ text: string; binary: boolean }> {
  const r = await git.show(path, ref);
  return { text: r.exists && !r.binary ? r.content ?? '' : '', binary: r.exists && r.binary };
}

/**
 * A side-by-side diff of one changed file over the editor: HEAD or index on the left, the index
 * or the working file on the right. The working side is the open document's own model, so edits
 * there are ordinary edits (Ctrl+S saves them).
 */
export async function openDiff(area: EditorArea, state: GitState, entry: ChangeEntry): Promise<void> {
  const git = state.client;
  const sides = diffSides(entry);
  const path = entry.path;
  let original: { text: string; binary: boolean };
  let modifiedText: { text: string; binary: boolean } | undefined;
  let doc: OpenDocument | undefined;
  try {
    original = entry.state === 'untracked' || (entry.state === 'added' && sides.original === 'HEAD')
      ? { text: '', binary: false }
      : await contentAt(git, entry.originalPath ?? path, sides.original);
    if (sides.modified === 'INDEX') modifiedText = await contentAt(git, path, 'INDEX');
    else if (entry.state === 'deleted') modifiedText = { text: '', binary: false };
    else {
      doc = await area.open(path);
      if (!doc) return;
    }
  } catch (e) {
    toast(describeError(`Cannot show the changes of ${path}`, e), 'error');
    return;
  }
  if (original.binary || modifiedText?.binary) {
    toast(`${basename(path)} is a binary file; there is no text diff to show.`, 'info');
    return;
  }
  const language = languageOf(path);
  const n = ++serial;
  const originalModel = editor.createModel(original.text, language, Uri.from({ scheme: 'git-diff', path: `/${n}/original/${path}` }));
  const ownModel = modifiedText
    ? editor.createModel(modifiedText.text, language, Uri.from({ scheme: 'git-diff', path: `/${n}/modified/${path}` }))
    : undefined;
  const modifiedModel = ownModel ?? doc!.model;

  const host = h('div', { class: 'diff-host' });
  const close = h('button', { class: 'icon-btn', type: 'button', title: 'Close diff', 'aria-label': 'Close diff',
    'data-testid': 'diff-close' }, h('span', { class: 'codicon codicon-close', 'aria-hidden': 'true' }));
  const title = `${basename(path)} (${SIDE_LABEL[sides.original]} ↔ ${SIDE_LABEL[sides.modified]})`;
  const el = h('div', { class: 'diff-view', 'data-testid': 'diff-view', 'data-path': path },
    h('div', { class: 'diff-header' }, h('span', { class: 'diff-title', title: path }, title), close), host);
  // No AI ghost text here: the working side is the file itself, and Tab would put a completion
  // into a file under review (VS Code offers none in a diff either).
  const diff = editor.createDiffEditor(host, {
    automaticLayout: true, renderSideBySide: true, originalEditable: false, readOnly: !!ownModel,
    minimap: { enabled: false }, scrollBeyondLastLine: false, fontSize: 14, fixedOverflowWidgets: true,
    inlineSuggest: { enabled: false },
  });
  diff.setModel({ original: originalModel, modified: modifiedModel });
  if (doc) {
    const d = doc;
    diff.getModifiedEditor().addCommand(KeyMod.CtrlCmd | KeyCode.KeyS, () => void area.saveHandler(d));
  }
  // Staging, committing or a change on disk moves the compared versions: follow them.
  const unsubscribe = state.onChange(() => void (async () => {
    try {
      const o = await contentAt(git, entry.originalPath ?? path, sides.original);
      if (!originalModel.isDisposed() && originalModel.getValue() !== o.text) originalModel.setValue(o.text);
      if (ownModel && sides.modified === 'INDEX') {
        const m = await contentAt(git, path, 'INDEX');
        if (!ownModel.isDisposed() && ownModel.getValue() !== m.text) ownModel.setValue(m.text);
      }
    } catch {
      // Keep what is shown; the next change tries again.
    }
  })());
  area.showOverlay(el, () => {
    unsubscribe();
    diff.dispose();
    originalModel.dispose();
    ownModel?.dispose();
  });
  close.addEventListener('click', () => area.closeOverlay());
  diff.getModifiedEditor().focus();
}
