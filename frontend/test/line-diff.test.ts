import { describe, expect, it } from 'vitest';
import { diffLines, lineMarkers, splitLines, textMarkers, type Hunk } from '../src/git/line-diff';

/** Applies hunks to `a` and checks the result is `b`: the diff must be a real edit script. */
function apply(a: string[], b: string[], hunks: Hunk[]): string[] {
  const out: string[] = [];
  let pos = 0;
  for (const h of hunks) {
    out.push(...a.slice(pos, h.origStart));
    out.push(...b.slice(h.modStart, h.modStart + h.modCount));
    pos = h.origStart + h.origCount;
  }
  out.push(...a.slice(pos));
  return out;
}

describe('splitLines', () => {
  it('does not count the final newline as a line and accepts CRLF', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\n')).toEqual(['a']);
    expect(splitLines('a\r\nb')).toEqual(['a', 'b']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
  });
});

describe('diffLines', () => {
  it('finds nothing for equal texts', () => {
    expect(diffLines(['a', 'b'], ['a', 'b'])).toEqual([]);
  });

  it('reports an insertion, a deletion and a replacement', () => {
    expect(diffLines(['a', 'c'], ['a', 'b', 'c'])).toEqual([{ origStart: 1, origCount: 0, modStart: 1, modCount: 1 }]);
    expect(diffLines(['a', 'b', 'c'], ['a', 'c'])).toEqual([{ origStart: 1, origCount: 1, modStart: 1, modCount: 0 }]);
    expect(diffLines(['a', 'b', 'c'], ['a', 'X', 'c'])).toEqual([{ origStart: 1, origCount: 1, modStart: 1, modCount: 1 }]);
  });

  it('finds separate hunks in the middle of a file', () => {
    const a = ['1', '2', '3', '4', '5', '6', '7'];
    const b = ['1', 'two', '3', '4', '5', '6', 'new', '7'];
    const hunks = diffLines(a, b);
    expect(hunks).toEqual([
      { origStart: 1, origCount: 1, modStart: 1, modCount: 1 },
      { origStart: 6, origCount: 0, modStart: 6, modCount: 1 },
    ]);
    expect(apply(a, b, hunks)).toEqual(b);
  });

  it('produces a valid, minimal edit script on random texts', () => {
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: rnd(30) }, () => String.fromCharCode(97 + rnd(5)));
      const b = a.filter(() => rnd(4) !== 0).flatMap((l) => (rnd(5) === 0 ? [l, String.fromCharCode(97 + rnd(5))] : [l]));
      const hunks = diffLines(a, b);
      expect(apply(a, b, hunks)).toEqual(b);
      const edits = hunks.reduce((s, h) => s + h.origCount + h.modCount, 0);
      // Myers is minimal: never more edits than deleting everything and inserting everything.
      expect(edits).toBeLessThanOrEqual(a.length + b.length);
    }
  });

  it('falls back to one block when the texts differ too much, still a valid script', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`);
    const hunks = diffLines(a, b);
    expect(hunks).toEqual([{ origStart: 0, origCount: 3000, modStart: 0, modCount: 3000 }]);
  });
});

describe('lineMarkers', () => {
  it('marks added, modified and deleted lines of the working copy', () => {
    const markers = textMarkers('a\nb\nc\nd\ne\n', 'a\nB\nc\nnew1\nnew2\nd\n');
    expect(markers).toEqual([
      { kind: 'modified', startLine: 2, endLine: 2 },
      { kind: 'added', startLine: 4, endLine: 5 },
      { kind: 'deleted', startLine: 6, endLine: 6 },
    ]);
  });

  it('puts a deletion at the top of the file on line 1', () => {
    expect(lineMarkers(diffLines(['x', 'y'], ['y']))).toEqual([{ kind: 'deleted', startLine: 1, endLine: 1 }]);
  });

  it('marks every line of a new file as added', () => {
    expect(textMarkers('', 'one\ntwo\n')).toEqual([{ kind: 'added', startLine: 1, endLine: 2 }]);
  });
});
