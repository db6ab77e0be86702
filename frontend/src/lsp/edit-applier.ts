import type { ApplyEditResult } from '../rpc/language-server-client';
import { mapWorkspaceUris } from './messages';
import type { TextEdit, WorkspaceEdit } from './protocol';
import { pathOfUri, toServerUri } from './uris';
import { splitWorkspaceEdit, staleBuffers } from './workspace-edit';

/** The part of Monaco's ITextModel that applying edits needs. */
export interface EditableModel {
  /** Monaco's model version, the document version the language client reports. */
  getVersionId(): number;
  pushStackElement(): void;
  pushEditOperations(before: null, ops: { range: MonacoRange; text: string }[], cursor: () => null): unknown;
}

interface MonacoRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

export interface EditTargets {
  /** The buffer of the document open in an editor at a workspace path, if any. */
  buffer(path: string): EditableModel | undefined;
  /** `language-servers/applyEdit`: the files nobody has open, changed on disk. */
  applyOnDisk(edit: WorkspaceEdit): Promise<ApplyEditResult>;
}

export interface ApplyOutcome {
  /** Open documents whose buffers changed (now dirty, saved by the user). */
  buffers: string[];
  /** Files changed on disk. */
  disk: string[];
  failed: { path: string; message: string }[];
}

/**
 * Applies a WorkspaceEdit the way the IDE promises: open documents get one undoable edit each in
 * their buffer; everything else goes to the server in one `language-servers/applyEdit`. An edit
 * made for an older version of an open document than its buffer has is refused whole.
 */
export async function applyWorkspaceEdit(edit: WorkspaceEdit, targets: EditTargets): Promise<ApplyOutcome> {
  const isOpen = (uri: string) => {
    const path = pathOfUri(uri);
    return path !== undefined && targets.buffer(path) !== undefined;
  };
  const split = splitWorkspaceEdit(edit, isOpen);
  const stale = staleBuffers(split, (uri) => targets.buffer(pathOfUri(uri)!)?.getVersionId());
  if (stale.length > 0) {
    return { buffers: [], disk: [], failed: stale.map((uri) => ({ path: pathOfUri(uri)!, message: STALE })) };
  }
  const buffers: string[] = [];
  for (const [uri, edits] of split.open) {
    const path = pathOfUri(uri)!;
    applyToBuffer(targets.buffer(path)!, edits);
    buffers.push(path);
  }
  const outcome = split.rest ? await applyOnDisk(split.rest, targets) : { disk: [], failed: [] };
  return { buffers, ...outcome };
}

export const STALE = 'changed in the editor since the language server made this change; nothing was applied, try again';

/** Sends an edit for files without an editor to the server, URIs encoded for it. */
export async function applyOnDisk(edit: WorkspaceEdit, targets: EditTargets): Promise<Omit<ApplyOutcome, 'buffers'>> {
  try {
    const r = await targets.applyOnDisk(mapWorkspaceUris(edit, toServerUri));
    return { disk: r.applied, failed: r.failed.map((f) => ({ path: f.path, message: f.message })) };
  } catch (e) {
    return { disk: [], failed: [{ path: '', message: (e as Error).message ?? String(e) }] };
  }
}

/** LSP text edits all refer to the text before any of them, as one Monaco edit operation does. */
export function applyToBuffer(model: EditableModel, edits: readonly TextEdit[]): void {
  model.pushStackElement();
  model.pushEditOperations(null, edits.map((e) => ({
    range: {
      startLineNumber: e.range.start.line + 1, startColumn: e.range.start.character + 1,
      endLineNumber: e.range.end.line + 1, endColumn: e.range.end.character + 1,
    },
    text: e.newText,
  })), () => null);
  model.pushStackElement();
}

/** "Could not change a.ts: Conflict" for a toast; undefined when nothing failed. */
export function describeFailures(failed: ApplyOutcome['failed']): string | undefined {
  if (failed.length === 0) return undefined;
  const parts = failed.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message));
  return `Could not apply the change to ${failed.length === 1 ? 'a file' : `${failed.length} files`}: ${parts.join('; ')}`;
}
