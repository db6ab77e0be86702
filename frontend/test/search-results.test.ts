import { describe, expect, it } from 'vitest';
import { parseGlobField, searchParams } from '../src/search/globs';
import { groupByFile, previewParts, summary } from '../src/search/group';

describe('parseGlobField', () => {
  it('splits on commas outside braces and trims', () => {
    expect(parseGlobField(' src/**, *.ts ,, {a,b}/*.js ')).toEqual(['src/**', '*.ts', '{a,b}/*.js']);
  });
  it('treats a trailing slash as the whole folder and drops ./', () => {
    expect(parseGlobField('src/, ./docs/*.md')).toEqual(['src/**', 'docs/*.md']);
  });
  it('returns nothing for an empty field', () => {
    expect(parseGlobField('  ')).toEqual([]);
  });
  it('builds search params without empty glob lists', () => {
    const form = { query: 'x', caseSensitive: true, wholeWord: false, isRegex: true, include: '', exclude: 'dist/' };
    expect(searchParams(form, 2000)).toEqual({
      query: 'x', isRegex: true, caseSensitive: true, wholeWord: false, exclude: ['dist/**'], maxResults: 2000,
    });
  });
});

describe('groupByFile', () => {
  it('groups by path in server order', () => {
    const m = (path: string, line: number) => ({ path, line, column: 1, length: 1, preview: 'x' });
    const groups = groupByFile([m('a.ts', 1), m('a.ts', 5), m('b/c.ts', 2)]);
    expect(groups.map((g) => [g.path, g.matches.map((x) => x.line)])).toEqual([['a.ts', [1, 5]], ['b/c.ts', [2]]]);
  });
});

describe('previewParts', () => {
  it('cuts the preview at the match using 1-based UTF-16 columns', () => {
    expect(previewParts('  const foo = 1;', 9, 3)).toEqual({ before: 'const ', match: 'foo', after: ' = 1;' });
    // "😀" is two UTF-16 code units: the match after it starts at column 4.
    expect(previewParts('😀 hit', 4, 3)).toEqual({ before: '😀 ', match: 'hit', after: '' });
  });
  it('shortens long leading context without splitting a surrogate pair', () => {
    const p = previewParts(`${'x'.repeat(100)}😀match`, 103, 5, 1);
    expect(p.match).toBe('match');
    expect(p.before).toBe('…😀');
  });
});

describe('summary', () => {
  it('says how many and whether there are more', () => {
    expect(summary(0, 0, false)).toBe('No results.');
    expect(summary(1, 1, false)).toBe('1 result in 1 file');
    expect(summary(2000, 37, true)).toBe('2000 results in 37 files (more exist: narrow the search)');
  });
});
