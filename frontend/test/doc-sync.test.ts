import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../src/ui/dialog', () => ({ showDialog: vi.fn(async () => ({ button: 'keep' })) }));
vi.mock('../src/ui/toast', () => ({ toast: vi.fn() }));

import { showDialog } from '../src/ui/dialog';
import { DocumentSync } from '../src/editor/doc-sync';
import { OpenDocument } from '../src/editor/document';
import type { EditorArea } from '../src/editor/editor-area';
import type { FsClient, ReadResult } from '../src/rpc/fs-client';
import type { WorkspaceConnection } from '../src/rpc/connection';

/** A text model with what DocumentSync uses: its text and Monaco's alternative version id. */
function model(text: string) {
  let value = text;
  let altId = 1;
  return {
    getValue: () => value,
    getAlternativeVersionId: () => altId,
    /** A user's edit. */
    type(more: string) { value += more; altId++; },
    /** Content set from the disk, not an edit of the user's. */
    set(next: string) { value = next; altId++; },
  };
}

describe('DocumentSync, a file changed by someone else', () => {
  let reads: { answer: (r: ReadResult) => void }[];
  let doc: OpenDocument;
  let text: ReturnType<typeof model>;
  let sync: DocumentSync;

  beforeEach(() => {
    vi.mocked(showDialog).mockClear();
    reads = [];
    text = model('first\n');
    doc = new OpenDocument('draft.txt', text as never, 'v1');
    const docs = new Map([[doc.path, doc]]);
    const area = {
      docs,
      list: () => [...docs.values()],
      render: () => undefined,
      flushBackups: () => undefined,
      replaceContent: (d: OpenDocument, content: string, version: string) => {
        text.set(content);
        d.version = version;
        d.markSaved();
      },
    } as unknown as EditorArea;
    const fs = {
      read: () => new Promise<ReadResult>((answer) => reads.push({ answer })),
    } as unknown as FsClient;
    sync = new DocumentSync(area, fs, { isOpen: true } as unknown as WorkspaceConnection);
  });

  it('keeps the newest copy when two notifications are answered out of order, and asks nothing once the user typed on', async () => {
    // One write notifies twice (truncated, then written); the second read is answered first.
    const first = sync.changed({ type: 'changed', path: 'draft.txt' } as never);
    const second = sync.changed({ type: 'changed', path: 'draft.txt' } as never);
    await vi.waitFor(() => expect(reads).toHaveLength(2));
    reads[1].answer({ content: 'changed outside\n', version: 'v3' } as ReadResult);
    await second;
    expect(text.getValue()).toBe('changed outside\n');
    expect(doc.version).toBe('v3');

    text.type('ok');
    reads[0].answer({ content: '', version: 'v2' } as ReadResult);
    await first;

    expect(showDialog).not.toHaveBeenCalled();
    expect(text.getValue()).toBe('changed outside\nok');
    expect(doc.version).toBe('v3');
    expect(doc.dirty).toBe(true);
  });

  it('still asks when the latest copy on disk differs from unsaved edits', async () => {
    text.type(' mine');
    const check = sync.changed({ type: 'changed', path: 'draft.txt' } as never);
    await vi.waitFor(() => expect(reads).toHaveLength(1));
    reads[0].answer({ content: 'theirs\n', version: 'v2' } as ReadResult);
    await check;

    expect(showDialog).toHaveBeenCalledOnce();
    expect(text.getValue()).toBe('first\n mine');
  });
});
