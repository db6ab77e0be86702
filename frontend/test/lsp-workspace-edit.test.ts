import { describe, expect, it } from 'vitest';
import { applyToBuffer, applyWorkspaceEdit, describeFailures, type EditableModel } from '../src/lsp/edit-applier';
import type { TextEdit, WorkspaceEdit } from '../src/lsp/protocol';
import { openPart, splitWorkspaceEdit, staleBuffers, urisOfEdit } from '../src/lsp/workspace-edit';

const edit = (line: number, text: string): TextEdit => ({ range: { start: { line, character: 0 }, end: { line, character: 3 } }, newText: text });
const A = 'file:///workspace/src/a.ts';
const B = 'file:///workspace/src/b.ts';
const C = 'file:///workspace/src/c.ts';

describe('splitting a workspace edit', () => {
  it('gives open documents their text edits and the rest to the server, from changes', () => {
    const split = splitWorkspaceEdit({ changes: { [A]: [edit(0, 'x')], [B]: [edit(1, 'y')], [C]: [] } }, (u) => u === A);
    expect([...split.open]).toEqual([[A, [edit(0, 'x')]]]);
    expect(split.rest).toEqual({ changes: { [B]: [edit(1, 'y')] } });
    expect(openPart(split)).toEqual({ changes: { [A]: [edit(0, 'x')] } });
  });

  it('keeps file operations and their order in the server part, and the versions of open documents aside', () => {
    const we: WorkspaceEdit = {
      changes: { [A]: [edit(9, 'ignored when documentChanges exist')] },
      documentChanges: [
        { textDocument: { uri: A, version: 12 }, edits: [edit(0, 'x')] },
        { kind: 'create', uri: C },
        { textDocument: { uri: C, version: null }, edits: [edit(0, 'new file')] },
        { kind: 'rename', oldUri: B, newUri: 'file:///workspace/src/b2.ts' },
        { textDocument: { uri: A, version: 12 }, edits: [edit(2, 'z')] },
      ],
    };
    const split = splitWorkspaceEdit(we, (u) => u === A);
    expect(openPart(split)).toEqual({ changes: { [A]: [edit(0, 'x'), edit(2, 'z')] } });
    expect([...split.openVersions]).toEqual([[A, 12]]);
    expect(staleBuffers(split, () => 12)).toEqual([]);
    expect(staleBuffers(split, () => 13)).toEqual([A]);
    expect(split.rest?.documentChanges?.map((c) => ('kind' in c ? c.kind : c.textDocument.uri))).toEqual(['create', C, 'rename']);
    expect(urisOfEdit(we)).toEqual([A, C, B, 'file:///workspace/src/b2.ts']);
  });

  it('has no server part when every file is open', () => {
    expect(splitWorkspaceEdit({ changes: { [A]: [edit(0, 'x')] } }, () => true).rest).toBeUndefined();
  });
});

class FakeModel implements EditableModel {
  log: string[] = [];
  version = 1;
  getVersionId() { return this.version; }
  pushStackElement() { this.log.push('stop'); }
  pushEditOperations(_b: null, ops: { range: { startLineNumber: number; startColumn: number }; text: string }[]) {
    this.log.push(ops.map((o) => `${o.range.startLineNumber}:${o.range.startColumn}=${o.text}`).join(','));
    return null;
  }
}

describe('applying a workspace edit', () => {
  it('edits open buffers as one undoable step each and sends the rest, encoded, to the server', async () => {
    const model = new FakeModel();
    const sent: WorkspaceEdit[] = [];
    const outcome = await applyWorkspaceEdit({ changes: { [A]: [edit(0, 'x'), edit(4, 'y')], 'file:///workspace/src/d e.ts': [edit(1, 'z')] } }, {
      buffer: (path) => (path === 'src/a.ts' ? model : undefined),
      applyOnDisk: async (e) => { sent.push(e); return { applied: ['src/d e.ts'], failed: [] }; },
    });
    expect(model.log).toEqual(['stop', '1:1=x,5:1=y', 'stop']);
    expect(sent).toEqual([{ changes: { 'file:///workspace/src/d%20e.ts': [edit(1, 'z')] } }]);
    expect(outcome).toEqual({ buffers: ['src/a.ts'], disk: ['src/d e.ts'], failed: [] });
  });

  it('reports files the server could not change', async () => {
    const outcome = await applyWorkspaceEdit({ changes: { [B]: [edit(0, 'x')] } }, {
      buffer: () => undefined,
      applyOnDisk: async () => ({ applied: [], failed: [{ path: 'src/b.ts', code: 1003, message: 'changed on disk' }] }),
    });
    expect(describeFailures(outcome.failed)).toBe('Could not apply the change to a file: src/b.ts: changed on disk');
    const offline = await applyWorkspaceEdit({ changes: { [B]: [edit(0, 'x')] } }, {
      buffer: () => undefined, applyOnDisk: () => Promise.reject(new Error('Not connected to the workspace')),
    });
    expect(describeFailures(offline.failed)).toMatch(/Not connected/);
  });

  it('refuses a whole edit made for an older version of an open buffer: no buffer and no file changes', async () => {
    const model = new FakeModel();
    model.version = 7; // the user typed after the server computed the edit for version 5
    const sent: WorkspaceEdit[] = [];
    const outcome = await applyWorkspaceEdit({
      documentChanges: [
        { textDocument: { uri: A, version: 5 }, edits: [edit(0, 'x')] },
        { textDocument: { uri: B, version: 3 }, edits: [edit(1, 'y')] },
      ],
    }, {
      buffer: (path) => (path === 'src/a.ts' ? model : undefined),
      applyOnDisk: async (e) => { sent.push(e); return { applied: ['src/b.ts'], failed: [] }; },
    });
    expect(model.log).toEqual([]);
    expect(sent).toEqual([]);
    expect(outcome.buffers).toEqual([]);
    expect(describeFailures(outcome.failed)).toMatch(/src\/a.ts: changed in the editor since the language server made this change/);

    model.version = 5;
    const current = await applyWorkspaceEdit({ documentChanges: [{ textDocument: { uri: A, version: 5 }, edits: [edit(0, 'x')] }] }, {
      buffer: (path) => (path === 'src/a.ts' ? model : undefined), applyOnDisk: async () => ({ applied: [], failed: [] }),
    });
    expect(current.failed).toEqual([]);
    expect(model.log).toEqual(['stop', '1:1=x', 'stop']);
  });

  it('applies LSP edits, which all refer to the original text, in one operation', () => {
    const model = new FakeModel();
    applyToBuffer(model, [edit(2, 'b'), edit(0, 'a')]);
    expect(model.log).toEqual(['stop', '3:1=b,1:1=a', 'stop']);
  });
});
