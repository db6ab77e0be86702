import { basename } from '../paths';
import type { WorkspaceConnection } from '../rpc/connection';
import { describeError, ErrorCode, errorCode } from '../rpc/errors';
import type { FileChange, FsClient, WriteParams } from '../rpc/fs-client';
import { showDialog } from '../ui/dialog';
import { toast } from '../ui/toast';
import { sameVersion, type OpenDocument } from './document';
import type { EditorArea } from './editor-area';

/**
 * Keeps open buffers and the disk in agreement: versioned saves with the conflict prompt,
 * offline saves that run on reconnect, and reactions to changes made by others.
 */
export class DocumentSync {
  constructor(private readonly area: EditorArea, private readonly fs: FsClient,
              private readonly rpc: WorkspaceConnection) {
    area.saveHandler = (doc) => this.save(doc);
  }

  /** Saves with `expectedVersion`; `force` overwrites whatever is on disk. True when saved. */
  async save(doc: OpenDocument, force = false): Promise<boolean> {
    if (doc.saving) await doc.saving;
    if (!this.area.docs.has(doc.path)) return false;
    if (!this.rpc.isOpen) {
      this.queue(doc);
      return false;
    }
    const altId = doc.model.getAlternativeVersionId();
    const params: WriteParams = { path: doc.path, content: doc.model.getValue() };
    if (force || doc.deleted || doc.version === null) params.create = true;
    else params.expectedVersion = doc.version;
    let failure: unknown;
    const write = this.fs.write(params).then((r) => {
      doc.version = r.version;
      doc.deleted = false;
      doc.pendingSave = false;
      doc.markSaved(altId);
      this.area.flushBackups();
    }, (e: unknown) => { failure = e; });
    doc.saving = write;
    await write;
    if (doc.saving === write) doc.saving = undefined;
    this.area.render();
    if (failure === undefined) return true;
    return this.saveFailed(doc, failure);
  }

  /** Reacts to an `fs/didChange` entry that concerns an open document. */
  async changed(change: FileChange): Promise<void> {
    const doc = this.area.docs.get(change.path);
    if (!doc) return;
    if (change.type === 'deleted') {
      if (doc.saving) await doc.saving;
      // Our own save may have re-created it in the meantime.
      if (!(await this.exists(doc).catch(() => true))) {
        doc.deleted = true;
        this.area.render();
      }
      return;
    }
    await this.recheck(doc);
  }

  /** After a reconnect: catch up on changes missed while offline, then run queued saves. */
  async reconnected(): Promise<void> {
    for (const doc of this.area.list()) {
      if (doc.pendingSave) {
        if (await this.save(doc)) toast(`Saved ${basename(doc.path)} after reconnecting.`, 'success');
      } else {
        await this.recheck(doc);
      }
    }
  }

  private queue(doc: OpenDocument): void {
    doc.pendingSave = true;
    this.area.render();
    toast(`You are offline: ${basename(doc.path)} will be saved once the connection is back.`, 'info');
  }

  private async saveFailed(doc: OpenDocument, e: unknown): Promise<boolean> {
    const code = errorCode(e);
    if (code === ErrorCode.Offline || code === ErrorCode.Unavailable) {
      this.queue(doc);
      return false;
    }
    if (code === ErrorCode.Conflict) {
      const r = await showDialog({
        title: 'Conflict', testId: 'conflict-dialog',
        message: `${basename(doc.path)} changed on disk since you opened it.`,
        buttons: [
          { id: 'cancel', label: 'Cancel' },
          { id: 'reload', label: 'Reload from disk (discard mine)' },
          { id: 'overwrite', label: 'Overwrite', primary: true, danger: true },
        ],
      });
      if (r.button === 'overwrite') return this.save(doc, true);
      if (r.button === 'reload') await this.reload(doc);
      return false;
    }
    toast(describeError(`Cannot save ${doc.path}`, e), 'error');
    return false;
  }

  private async exists(doc: OpenDocument): Promise<boolean> {
    try {
      await this.fs.stat(doc.path);
      return true;
    } catch (e) {
      if (errorCode(e) === ErrorCode.NotFound) return false;
      throw e;
    }
  }

  private async reload(doc: OpenDocument): Promise<void> {
    try {
      const r = await this.fs.read(doc.path, 'utf8');
      this.area.replaceContent(doc, r.content, r.version);
    } catch (e) {
      toast(describeError(`Cannot reload ${doc.path}`, e), 'error');
    }
  }

  /** Compares a buffer with the disk: clean buffers follow silently, dirty ones ask. */
  private async recheck(doc: OpenDocument): Promise<void> {
    if (doc.saving) await doc.saving;
    const check = ++doc.rechecks;
    let disk;
    try {
      disk = await this.fs.read(doc.path, 'utf8');
    } catch (e) {
      if (check !== doc.rechecks) return;
      const code = errorCode(e);
      if (code === ErrorCode.NotFound) {
        doc.deleted = true;
        this.area.render();
      } else if (code !== ErrorCode.Offline) {
        toast(describeError(`Cannot check ${doc.path} for changes`, e), 'error');
      }
      return;
    }
    if (this.area.docs.get(doc.path) !== doc) return;
    // A later change began another read (one write can notify twice: truncated, then written), and
    // reads may be answered out of order: an older read's copy must not replace the newer one, nor
    // ask about it once the user typed on.
    if (check !== doc.rechecks) return;
    if (sameVersion(disk.version, doc.version) && !doc.deleted) return;
    if (!doc.dirty || doc.model.getValue() === disk.content) {
      this.area.replaceContent(doc, disk.content, disk.version);
      return;
    }
    if (doc.deleted) {
      // It came back with other content while we had edits: treat like any external change.
      doc.deleted = false;
      this.area.render();
    }
    if (doc.prompting) return;
    doc.prompting = true;
    try {
      const r = await showDialog({
        title: 'File changed on disk', testId: 'changed-dialog',
        message: `${basename(doc.path)} changed on disk, and you have unsaved changes.`,
        buttons: [{ id: 'keep', label: 'Keep mine' }, { id: 'reload', label: 'Reload from disk', primary: true }],
        cancelId: 'keep',
      });
      // "Keep mine" keeps the buffer based on the old version, so the next save asks before overwriting.
      if (r.button === 'reload') await this.reload(doc);
    } finally {
      doc.prompting = false;
    }
  }
}
