// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';

// Monaco and the review's diff editor are not loaded here: the review records what it was asked to show.
vi.mock('../src/editor/monaco', () => ({ editor: {}, languages: {} }));
vi.mock('../src/ai/edit-review', () => ({
  EditReview: class {
    static made: { path: string; proposed?: [string, string] }[] = [];
    readonly record: { path: string; proposed?: [string, string] };
    isClosed = false;
    constructor(_deps: unknown, readonly path: string) {
      this.record = { path };
      (this.constructor as unknown as { made: unknown[] }).made.push(this.record);
    }
    proposeFile(_doc: unknown, requestId: string, proposed: string) { this.record.proposed = [requestId, proposed]; }
    progress() {}
    failed() {}
    close() { this.isClosed = true; }
  },
}));

const { AiController } = await import('../src/ai/ai-controller');
const { Answer } = await import('../src/ai/answer');
const { EditReview } = await import('../src/ai/edit-review');
const { DiagnosticsStore } = await import('../src/lsp/diagnostics');
type Controller = InstanceType<typeof AiController>;
type AnswerType = InstanceType<typeof Answer>;

const FILE = 'class Main {\n    int x;\n}\n';

/** A selection as Monaco's editor gives it: 1-based lines and columns. */
function selection(startLine: number, startColumn: number, endLine: number, endColumn: number) {
  return {
    startLineNumber: startLine, startColumn, endLineNumber: endLine, endColumn,
    isEmpty: () => startLine === endLine && startColumn === endColumn,
    getStartPosition: () => ({ lineNumber: startLine, column: startColumn }),
    getEndPosition: () => ({ lineNumber: endLine, column: endColumn }),
  };
}

/** `dirty`: the editor holds unsaved changes; `saves` whether saving them succeeds. */
function setup(sel: ReturnType<typeof selection> | null, { dirty = false, saves = true } = {}) {
  const lines = FILE.split('\n');
  const offset = (p: { lineNumber: number; column: number }) =>
    lines.slice(0, p.lineNumber - 1).reduce((n, l) => n + l.length + 1, 0) + p.column - 1;
  const model = {
    getValue: () => FILE,
    getOffsetAt: offset,
    getValueInRange: (r: ReturnType<typeof selection>) => FILE.slice(offset(r.getStartPosition()), offset(r.getEndPosition())),
  };
  const doc = { path: 'src/Main.java', model, dirty, version: 'v1' };
  const saved: string[] = [];
  const area = {
    active: doc, docs: new Map([[doc.path, doc]]),
    codeEditor: { getSelection: () => sel, onDidChangeCursorSelection: () => undefined },
    onActiveChange: () => undefined, list: () => [],
    saveHandler: async (d: typeof doc) => {
      saved.push(d.path);
      if (saves) Object.assign(d, { dirty: false, version: 'v2' });
      return saves;
    },
  };
  const requests: [string, Record<string, unknown>][] = [];
  const connection = {
    request: async (method: string, params: Record<string, unknown>) => {
      requests.push([method, params]);
      return method === 'ai/edit' ? { conversationId: 'c-edit', requestId: 'r-edit' } : {};
    },
    onNotification: () => undefined,
    onState: () => undefined,
  };
  const controller = new AiController({ connection, area, search: {}, diagnostics: new DiagnosticsStore(),
    showView: async () => undefined } as unknown as ConstructorParameters<typeof AiController>[0]);
  const apply = (answer: AnswerType, block: string) => {
    const actions = (controller as unknown as { answerActions(a: AnswerType): { apply?(t: string): void } }).answerActions(answer);
    expect(actions.apply, 'an Apply button').toBeDefined();
    actions.apply!(block);
  };
  return { controller: controller as Controller, apply, requests, saved };
}

const made = () => (EditReview as unknown as { made: { path: string; proposed?: [string, string] }[] }).made;
const edits = (requests: [string, Record<string, unknown>][]) => requests.filter(([m]) => m === 'ai/edit').map(([, p]) => p);
const stored = () => Answer.stored('Use a long:\n\n```java\n    long x;\n```\n');

afterEach(() => {
  made().length = 0;
  document.body.replaceChildren();
});

describe('Apply on an answer reopened from History', () => {
  it('with nothing selected has a model merge the block into the file, as for a live answer', async () => {
    const { apply, requests } = setup(selection(2, 5, 2, 5));
    apply(stored(), '    long x;\n');
    await vi.waitFor(() => expect(edits(requests)).toHaveLength(1));
    const [edit] = edits(requests);
    expect(edit).toMatchObject({ path: 'src/Main.java', task: 'apply-edit' });
    expect(edit.selection).toBeUndefined();
    expect(edit.instruction).toContain('Apply this change to the file');
    expect(edit.instruction).toContain('    long x;\n');
  });

  it('with a selection asks for the block in place of it on those lines, through a request of its own', async () => {
    const { apply, requests } = setup(selection(2, 5, 2, 11));
    apply(stored(), '    long x;\n');
    await vi.waitFor(() => expect(edits(requests)).toHaveLength(1));
    const [edit] = edits(requests);
    expect(edit).toMatchObject({ path: 'src/Main.java', task: 'apply-edit', selection: { startLine: 2, endLine: 2 } });
    expect(edit.instruction).toContain('Replace the selected text');
    expect(edit.instruction).toContain('    long x;\n');
    expect(edit.instruction).toContain('int x;');
    // Nothing is written without a request behind it: no ai/applyEdit, and no review of a text made up here.
    expect(requests.filter(([m]) => m === 'ai/applyEdit')).toEqual([]);
    expect(made().every((r) => r.proposed === undefined)).toBe(true);
  });

  it('with whole lines selected up to the start of the next, asks about those lines only', async () => {
    const { apply, requests } = setup(selection(2, 1, 3, 1));
    apply(stored(), '    long x;\n');
    await vi.waitFor(() => expect(edits(requests)).toHaveLength(1));
    expect(edits(requests)[0].selection).toEqual({ startLine: 2, endLine: 2 });
  });
});

describe('Apply on a live answer with a selection', () => {
  it('still replaces the selection with the block for review under the answer\'s request, with no model asked', () => {
    const { apply, requests } = setup(selection(2, 1, 3, 1));
    const live = new Answer('r-chat');
    apply(live, '    long x;\n');
    expect(edits(requests)).toEqual([]);
    expect(made()).toEqual([{ path: 'src/Main.java', proposed: ['r-chat', 'class Main {\n    long x;\n}\n'] }]);
  });

  it('with unsaved changes in the editor saves them first: what is reviewed and written is what the disk holds', async () => {
    // ai/applyEdit writes only over the text the proposal was made from: made from unsaved text, its
    // Save was refused as if the file had changed on disk.
    const { apply, saved } = setup(selection(2, 1, 3, 1), { dirty: true });
    apply(new Answer('r-chat'), '    long x;\n');
    await vi.waitFor(() => expect(made()).toHaveLength(1));
    expect(saved).toEqual(['src/Main.java']);
    expect(made()[0].proposed).toEqual(['r-chat', 'class Main {\n    long x;\n}\n']);
  });

  it('does not offer the block when the unsaved changes could not be saved', async () => {
    const { apply, saved } = setup(selection(2, 1, 3, 1), { dirty: true, saves: false });
    apply(new Answer('r-chat'), '    long x;\n');
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    await Promise.resolve();
    expect(made()).toEqual([]);
  });
});
