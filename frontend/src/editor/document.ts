import type { editor } from 'monaco-editor/editor';
import type { Version } from '../rpc/fs-client';

/** One open file: its Monaco model plus what we know about the copy on disk. */
export class OpenDocument {
  /** Disk version the buffer is based on; null for a file that does not exist on disk yet. */
  version: Version | null;
  deleted = false;
  /** A save was requested while offline; it runs when the connection is back. */
  pendingSave = false;
  /** The in-flight write, so change notifications wait for our own save to land. */
  saving: Promise<void> | undefined;
  /** A "changed on disk" prompt is showing; further notifications do not stack prompts. */
  prompting = false;
  /** Counts comparisons with the disk begun: only the latest one's read may change the buffer. */
  rechecks = 0;
  viewState: editor.ICodeEditorViewState | null = null;
  private savedAltId: number;

  constructor(public path: string, public model: editor.ITextModel, version: Version | null) {
    this.version = version;
    this.savedAltId = model.getAlternativeVersionId();
  }

  get dirty(): boolean {
    return this.model.getAlternativeVersionId() !== this.savedAltId;
  }

  /** Records that the buffer as of `altId` (default: now) equals the disk content. */
  markSaved(altId = this.model.getAlternativeVersionId()): void {
    this.savedAltId = altId;
  }

  /** Forces the dirty state (restored backup, or a renamed model carrying edits over). */
  markDirty(): void {
    this.savedAltId = -1;
  }
}

export function sameVersion(a: Version | null | undefined, b: Version | null | undefined): boolean {
  return a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b);
}
