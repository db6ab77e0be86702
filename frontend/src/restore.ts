import type { BufferBackup } from './backup';
import type { EditorArea } from './editor/editor-area';
import { describeError, ErrorCode, errorCode } from './rpc/errors';
import type { FsClient } from './rpc/fs-client';
import { showDialog } from './ui/dialog';
import { toast } from './ui/toast';

/**
 * After a page load, offers the unsaved buffers backed up by an earlier session. Restored
 * buffers keep the version they were based on, so saving over newer disk content still asks.
 */
export async function offerRestore(backup: BufferBackup, area: EditorArea, fs: FsClient): Promise<void> {
  const saved = backup.load();
  const paths = Object.keys(saved).sort();
  if (paths.length === 0) return;
  const shown = paths.slice(0, 8).join(', ') + (paths.length > 8 ? `, and ${paths.length - 8} more` : '');
  const r = await showDialog({
    title: 'Restore unsaved changes?', testId: 'restore-dialog',
    message: `Unsaved changes from your last session were kept for: ${shown}.`,
    buttons: [{ id: 'discard', label: 'Discard', danger: true }, { id: 'restore', label: 'Restore', primary: true }],
    cancelId: 'later',
  });
  if (r.button === 'discard') {
    backup.clear();
    return;
  }
  if (r.button !== 'restore') return;
  for (const path of paths) {
    const entry = saved[path];
    try {
      await fs.stat(path);
      await area.open(path);
      area.adopt(path, entry.content, entry.baseVersion, true);
    } catch (e) {
      if (errorCode(e) === ErrorCode.NotFound) {
        const doc = area.adopt(path, entry.content, null, true);
        doc.deleted = true;
        area.render();
      } else {
        toast(describeError(`Cannot restore ${path}`, e), 'error');
      }
    }
  }
}
