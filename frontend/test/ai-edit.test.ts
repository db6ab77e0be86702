import { describe, expect, it } from 'vitest';
import { buildContext, insertMention, mentionAt, mentionText, parseMentions, withUnsavedText } from '../src/ai/context';
import { applyHunks, computeHunks, hunkLabel, linesWithEnds, proposedFile } from '../src/ai/hunks';

describe('hunks', () => {
  const original = 'a\nb\nc\nd\ne\n';
  const proposed = 'a\nB\nc\nd\ne\nf\n';

  it('splits lines keeping their terminators', () => {
    expect(linesWithEnds('x\r\ny\nz')).toEqual(['x\r\n', 'y\n', 'z']);
    expect(linesWithEnds('')).toEqual([]);
  });

  it('finds one hunk per separate change', () => {
    const hunks = computeHunks(original, proposed);
    expect(hunks).toEqual([
      { origStart: 1, origCount: 1, modStart: 1, modCount: 1 },
      { origStart: 5, origCount: 0, modStart: 5, modCount: 1 },
    ]);
    expect(hunks.map(hunkLabel)).toEqual(['Change line 2', 'Insert after line 5']);
  });

  it('applies only the accepted hunks', () => {
    const hunks = computeHunks(original, proposed);
    expect(applyHunks(original, proposed, hunks, ['accepted', 'rejected'])).toBe('a\nB\nc\nd\ne\n');
    expect(applyHunks(original, proposed, hunks, ['pending', 'accepted'])).toBe('a\nb\nc\nd\ne\nf\n');
    expect(applyHunks(original, proposed, hunks, ['accepted', 'accepted'])).toBe(proposed);
    expect(applyHunks(original, proposed, hunks, ['rejected', 'rejected'])).toBe(original);
  });

  it('treats a changed final newline as a change', () => {
    const hunks = computeHunks('a\nb', 'a\nb\n');
    expect(hunks).toHaveLength(1);
    expect(applyHunks('a\nb', 'a\nb\n', hunks, ['accepted'])).toBe('a\nb\n');
  });

  it('places a region edit in the file, or refuses when the file changed', () => {
    expect(proposedFile('x\nold\ny\n', 'x\nold\ny\n', 'new\n')).toBe('new\n');
    expect(proposedFile('x\nold\ny\n', 'old\n', 'new\n')).toBe('x\nnew\ny\n');
    expect(proposedFile('x\nother\ny\n', 'old\n', 'new\n')).toBeUndefined();
    expect(proposedFile('old\nold\n', 'old\n', 'new\n')).toBeUndefined();
  });
});

describe('context', () => {
  it('parses @file and @search mentions', () => {
    expect(parseMentions('compare @src/a.ts with @lib/b-c.js, see @search "load config" please'))
      .toEqual({ paths: ['src/a.ts', 'lib/b-c.js'], search: 'load config' });
    expect(parseMentions('why? @search TODO fixme\nand @README.md.')).toEqual({ paths: ['README.md'], search: 'TODO fixme' });
    expect(parseMentions('mail me at a@b.com @a.ts @a.ts')).toEqual({ paths: ['a.ts'] });
    expect(parseMentions('@search')).toEqual({ paths: [] });
  });

  it('finds the mention being typed and replaces it with a path', () => {
    expect(mentionAt('look at @src/ma', 15)).toEqual({ start: 8, query: 'src/ma' });
    expect(mentionAt('look at @', 9)).toEqual({ start: 8, query: '' });
    expect(mentionAt('a@b', 3)).toBeUndefined();
    expect(mentionAt('@search', 7)).toEqual({ start: 0, query: 'search' });
    expect(mentionAt('@search ', 8)).toBeUndefined();
    expect(insertMention('look at @src/ma and', 8, 15, 'src/main.ts')).toEqual({ text: 'look at @src/main.ts and', caret: 20 });
    expect(insertMention('@x', 0, 2, 'x.ts')).toEqual({ text: '@x.ts ', caret: 6 });
  });

  it('writes any workspace path as a mention that reads back as that path', () => {
    const paths = ['src/app/[id]/page.tsx', 'src/my file.ts', 'a "quoted" \\ name.md', 'search', 'x', 'notes.', 'src/main.ts', 'README.md'];
    for (const path of paths) {
      const { text } = insertMention('see @', 4, 5, path);
      expect(parseMentions(`${text}and more`)).toEqual({ paths: [path] });
    }
    // Plain paths stay as they are typed.
    expect(mentionText('src/main.ts')).toBe('@src/main.ts');
    expect(mentionText('src/my file.ts')).toBe('@"src/my file.ts"');
    expect(parseMentions('see @"src/app/[id]/page.tsx" and @src/a.ts, @search "x y"')).toEqual({
      paths: ['src/app/[id]/page.tsx', 'src/a.ts'], search: 'x y' });
  });

  it('builds the request context from chips and mentions', () => {
    const selection = { path: 'a.ts', startLine: 2, endLine: 3, text: 'x' };
    const problems = [{ path: 'a.ts', line: 3, severity: 'error', message: 'Cannot find name x' }];
    expect(buildContext('hi', { diagnostics: [] })).toBeUndefined();
    expect(buildContext('use @b.ts and @a.ts, @search foo', { currentFile: 'a.ts', selection, diagnostics: problems }))
      .toEqual({ paths: ['a.ts', 'b.ts'], selection, search: 'foo', diagnostics: problems });
    expect(buildContext('x', { diagnostics: problems })).toBeUndefined();
  });

  it('carries the editor\'s text of the files it names that have unsaved changes, and only theirs', () => {
    const unsaved = (path: string) => (path === 'a.ts' ? 'let a = 1;\nlet typed = 2;\n' : undefined);
    expect(withUnsavedText({ paths: ['a.ts', 'b.ts'] }, unsaved))
      .toEqual({ paths: ['a.ts', 'b.ts'], documents: [{ path: 'a.ts', text: 'let a = 1;\nlet typed = 2;\n' }] });
    expect(withUnsavedText({ paths: ['b.ts'] }, unsaved)).toEqual({ paths: ['b.ts'] });
    expect(withUnsavedText(undefined, unsaved)).toBeUndefined();
  });
});
