import { isTextDocumentEdit, type DocumentChange, type TextEdit, type WorkspaceEdit } from './protocol';

export interface SplitEdit {
  /** Text edits of documents that are open in an editor, by URI, in the server's order. */
  open: Map<string, TextEdit[]>;
  /**
   * The editor's document version each versioned edit of an open document was made for (the
   * relay translates the server's numbers back into this editor's, which are Monaco's model
   * versions); an edit for another version would land on text it was not made for.
   */
  openVersions: Map<string, number>;
  /**
   * Everything else, for `language-servers/applyEdit`: text edits of files without an editor and
   * create / rename / delete operations, in the server's order; undefined when there is none.
   */
  rest: WorkspaceEdit | undefined;
}

/**
 * Splits a server's WorkspaceEdit between open editors (applied to their buffers, undoable, saved
 * by the user) and the files nobody has open (applied on disk by the server). `documentChanges`
 * wins over `changes` when a server sends both, as LSP says. The versions of the open part are
 * kept aside (see `staleBuffers`); the part handed to Monaco has none.
 */
export function splitWorkspaceEdit(edit: WorkspaceEdit, isOpen: (uri: string) => boolean): SplitEdit {
  const open = new Map<string, TextEdit[]>();
  const openVersions = new Map<string, number>();
  const addOpen = (uri: string, edits: readonly TextEdit[]) => {
    const list = open.get(uri);
    if (list) list.push(...edits);
    else open.set(uri, [...edits]);
  };
  if (edit.documentChanges) {
    const rest: DocumentChange[] = [];
    for (const change of edit.documentChanges) {
      if (isTextDocumentEdit(change) && isOpen(change.textDocument.uri)) {
        addOpen(change.textDocument.uri, change.edits);
        const v = change.textDocument.version;
        if (typeof v === 'number') openVersions.set(change.textDocument.uri, v);
      } else {
        rest.push(change);
      }
    }
    return { open, openVersions, rest: rest.length > 0 ? { documentChanges: rest } : undefined };
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
  return { open, openVersions, rest: restCount > 0 ? { changes: rest } : undefined };
}

/**
 * URIs of open documents whose edits were made for another version than the buffer now has
 * (the user typed meanwhile): such an edit must not be applied, nor any part of its workspace
 * edit, as VS Code refuses it.
 */
export function staleBuffers(split: SplitEdit, versionOf: (uri: string) => number | undefined): string[] {
  return [...split.openVersions].filter(([uri, v]) => {
    const now = versionOf(uri);
    return now !== undefined && now !== v;
  }).map(([uri]) => uri);
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
