import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorsOf, newErrors, settledErrors } from '../src/ai/diagnostics-check';
import { DiagnosticsStore, type Problem } from '../src/lsp/diagnostics';
import type { Diagnostic } from '../src/lsp/protocol';

const diag = (line: number, severity: Diagnostic['severity'], message: string): Diagnostic =>
  ({ range: { start: { line, character: 0 }, end: { line, character: 3 } }, severity, message, source: 'ts', code: 2322 });
const problem = (line: number, message: string, severity: Problem['severity'] = 'error'): Problem =>
  ({ severity, message, source: 'ts', code: '2322', line, column: 1, endLine: line, endColumn: 4 });

describe('newErrors', () => {
  it('counts errors the file did not have, whatever line they moved to', () => {
    const before = [problem(3, 'Type string is not assignable'), problem(9, 'unused', 'warning')];
    const after = [problem(5, 'Type string is not assignable'), problem(6, 'Cannot find name foo'), problem(7, 'unused', 'warning')];
    expect(newErrors(before, after).map((p) => p.message)).toEqual(['Cannot find name foo']);
  });
  it('counts a repeated message once more than it was there', () => {
    const before = [problem(1, 'same')];
    expect(newErrors(before, [problem(1, 'same'), problem(2, 'same')])).toHaveLength(1);
    expect(newErrors(before, [problem(4, 'same')])).toHaveLength(0);
    expect(newErrors([problem(1, 'gone')], [])).toHaveLength(0);
  });
});

describe('settledErrors', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for the syntax and the type reports, then a quiet time', async () => {
    const store = new DiagnosticsStore();
    store.publish('typescript', 'a.ts', [diag(0, 1, 'old error')]);
    let result: Problem[] | undefined;
    void settledErrors(store, 'a.ts', 1500, 8000).then((r) => { result = r; });
    await vi.advanceTimersByTimeAsync(2000);
    expect(result).toBeUndefined(); // nothing changed yet: the new text is still being checked
    store.publish('typescript', 'a.ts', []); // the syntax pass
    await vi.advanceTimersByTimeAsync(1000);
    store.publish('typescript', 'b.ts', [diag(0, 1, 'another file')]);
    store.publish('typescript', 'a.ts', [diag(4, 1, 'new type error')]); // the semantic pass
    await vi.advanceTimersByTimeAsync(1400);
    expect(result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(200);
    expect(result?.map((p) => p.message)).toEqual(['new type error']);
  });

  it('gives up waiting after the bound with what the file has', async () => {
    const store = new DiagnosticsStore();
    store.publish('typescript', 'a.ts', [diag(0, 1, 'kept'), diag(1, 2, 'a warning')]);
    let result: Problem[] | undefined;
    void settledErrors(store, 'a.ts', 1500, 8000).then((r) => { result = r; });
    await vi.advanceTimersByTimeAsync(7999);
    expect(result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(result?.map((p) => p.message)).toEqual(['kept']);
    expect(errorsOf(store, 'a.ts')).toHaveLength(1);
  });
});
