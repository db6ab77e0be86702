import { describe, expect, it } from 'vitest';
import { countProblems, describeCounts, DiagnosticsStore, groupProblems, toProblems } from '../src/lsp/diagnostics';
import type { Diagnostic } from '../src/lsp/protocol';

const diag = (line: number, character: number, severity: Diagnostic['severity'], message: string): Diagnostic =>
  ({ range: { start: { line, character }, end: { line, character: character + 3 } }, severity, message, source: 'ts', code: 2322 });

describe('problems', () => {
  it('are 1-based, ordered by position then severity, and leave hints to the editor', () => {
    const problems = toProblems([diag(4, 0, 2, 'w'), diag(0, 5, 1, 'e'), diag(0, 5, 3, 'i'), diag(1, 0, 4, 'hint')]);
    expect(problems.map((p) => [p.line, p.column, p.severity, p.message])).toEqual([
      [1, 6, 'error', 'e'], [1, 6, 'info', 'i'], [5, 1, 'warning', 'w'],
    ]);
    expect(problems[0]).toMatchObject({ endLine: 1, endColumn: 9, source: 'ts', code: '2322' });
  });

  it('count a diagnostic without severity as an error', () => {
    expect(countProblems(toProblems([diag(0, 0, undefined, 'x'), diag(1, 0, 2, 'y')]))).toEqual({ errors: 1, warnings: 1, infos: 0 });
  });

  it('group files by path and merge what several servers said about one file', () => {
    const a = new Map([['src/b.ts', toProblems([diag(3, 0, 1, 'from ts')])], ['src/a.ts', toProblems([diag(0, 0, 2, 'w')])]]);
    const b = new Map([['src/b.ts', toProblems([diag(1, 0, 2, 'from eslint')])], ['empty.ts', []]]);
    const groups = groupProblems([a, b]);
    expect(groups.map((g) => [g.path, g.problems.map((p) => p.message), g.errors, g.warnings])).toEqual([
      ['src/a.ts', ['w'], 0, 1],
      ['src/b.ts', ['from eslint', 'from ts'], 1, 1],
    ]);
  });

  it('are listed once when two sources report the same one', () => {
    const same = toProblems([diag(3, 0, 1, 'dup')]);
    const groups = groupProblems([new Map([['a.ts', same]]), new Map([['a.ts', toProblems([diag(3, 0, 1, 'dup'), diag(3, 0, 2, 'dup')])]])]);
    expect(groups[0].problems.map((p) => p.severity)).toEqual(['error', 'warning']);
  });

  it('are described for titles', () => {
    expect(describeCounts({ errors: 2, warnings: 1, infos: 0 })).toBe('2 errors, 1 warning');
    expect(describeCounts({ errors: 0, warnings: 0, infos: 0 })).toBe('No problems');
  });
});

describe('diagnostics store', () => {
  it('replaces a server\'s diagnostics per file and keeps other servers\' apart', () => {
    const store = new DiagnosticsStore();
    let changes = 0;
    store.onChange(() => changes++);
    store.publish('typescript', 'a.ts', [diag(0, 0, 1, 'one'), diag(1, 0, 1, 'two')]);
    store.publish('eslint', 'a.ts', [diag(2, 0, 2, 'lint')]);
    expect(store.counts).toEqual({ errors: 2, warnings: 1, infos: 0 });
    store.publish('typescript', 'a.ts', [diag(1, 0, 1, 'two')]);
    expect(store.files[0].problems.map((p) => p.message)).toEqual(['two', 'lint']);
    store.publish('typescript', 'a.ts', []);
    store.publish('typescript', 'never-had-any.ts', []);
    expect(store.counts).toEqual({ errors: 0, warnings: 1, infos: 0 });
    store.clearSource('eslint');
    expect(store.files).toEqual([]);
    expect(changes).toBe(5);
  });
});
