import { isTextDocumentEdit, type DocumentChange, type TextEdit, type WorkspaceEdit } from './protocol';

export interface SplitEdit {
  /** Text edits of documents that are open in an editor, by URI, in the server's order. */
  open: Map<string, TextEdit[]>;
  /**
   * Everything else, for `language-servers/applyEdit`: text edits of files without an editor and
   * create / rename / delete operations, in the server's order; undefined when there is none.
   */
  rest: WorkspaceEdit | undefined;
}

/**
 * Splits a server's WorkspaceEdit between open editors (applied to their buffers, undoable, saved
 * by the user) and the files nobody has open (applied on disk by the server). `documentChanges`
 * wins over `changes` when a server sends both, as LSP says. Versions are dropped from the open
 * part: the relay renumbers versions, so the server's numbers are not the editor's.
 */
export function splitWorkspaceEdit(edit: WorkspaceEdit, isOpen: (uri: string) => boolean): SplitEdit {
  const open = new Map<string, TextEdit[]>();
  const addOpen = (uri: string, edits: readonly TextEdit[]) => {
    const list = open.get(uri);
    if (list) list.push(...edits);
    else open.set(uri, [...edits]);
  };
  if (edit.documentChanges) {
    const rest: DocumentChange[] = [];
    for (const change of edit.documentChanges) {
      if (isTextDocumentEdit(change) && isOpen(change.textDocument.uri)) addOpen(change.textDocument.uri, change.edits);
      else rest.push(change);
    }
    return { open, rest: rest.length > 0 ? { documentChanges: rest } : undefined };
  }
  const rest: Record<string, TextEdit[]> = {};
  let restCount = 0;
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    if (edits.length === 0) continue;
    if (isOpen(uri)) {
      addOpen(uri, edits);
    } else {
      rest[uri] = edits;
      restCount++;
    }
  }
  return { open, rest: restCount > 0 ? { changes: rest } : undefined };
}

/** The open part as a WorkspaceEdit (`changes` only, no versions). */
export function openPart(split: SplitEdit): WorkspaceEdit {
  return { changes: Object.fromEntries(split.open) };
}

/** Every URI an edit touches (text edits and file operations), for messages and model loading. */
export function urisOfEdit(edit: WorkspaceEdit): string[] {
  const uris = new Set<string>();
  if (edit.documentChanges) {
    for (const c of edit.documentChanges) {
      if (isTextDocumentEdit(c)) uris.add(c.textDocument.uri);
      else if (c.kind === 'rename') { uris.add(c.oldUri); uris.add(c.newUri); }
      else uris.add(c.uri);
    }
  } else {
    for (const uri of Object.keys(edit.changes ?? {})) uris.add(uri);
  }
  return [...uris];
}
