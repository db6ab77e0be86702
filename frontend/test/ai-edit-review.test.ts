import { describe, expect, it } from 'vitest';
import { applyHunks, computeHunks, hunksTouchedBy, linesWithEnds, type LineEdit, mapLines, placeHunks } from '../src/ai/hunks';

/** `text` with `edits` (sorted, not overlapping) applied. Pure. */
function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
  const a = linesWithEnds(text);
  const out: string[] = [];
  let at = 0;
  for (const e of edits) {
    out.push(...a.slice(at, e.start), e.text);
    at = e.start + e.count;
  }
  out.push(...a.slice(at));
  return out.join('');
}

const lines = (...xs: string[]) => xs.map((x) => `${x}\n`).join('');

describe('an edit reviewed after the user typed in the file', () => {
  const base = lines('a', 'b', 'c', 'd', 'e', 'f', 'g');
  const proposed = lines('a', 'B', 'c', 'd', 'e', 'F', 'g');
  const hunks = computeHunks(base, proposed);

  it('places the accepted hunks around lines the user added elsewhere, keeping every typed line', () => {
    const typed = lines('a', 'b', 'c', 'typed 1', 'typed 2', 'd', 'e', 'f', 'g');
    const placed = placeHunks(base, proposed, typed, hunks, ['accepted', 'accepted']);
    expect('edits' in placed).toBe(true);
    if (!('edits' in placed)) return;
    expect(applyLineEdits(typed, placed.edits)).toBe(lines('a', 'B', 'c', 'typed 1', 'typed 2', 'd', 'e', 'F', 'g'));
    // What goes to disk is the text the assistant was given with the accepted hunks, not the typing.
    expect(applyHunks(base, proposed, hunks, ['accepted', 'accepted'])).toBe(proposed);
  });

  it('refuses to place a hunk on or next to a line the user changed', () => {
    const typed = lines('a', 'b', 'c', 'd', 'e', 'mine', 'g');
    expect(hunksTouchedBy(base, typed, hunks)).toEqual([1]);
    expect(placeHunks(base, proposed, typed, hunks, ['accepted', 'accepted'])).toEqual({ conflicts: [1] });
    const placed = placeHunks(base, proposed, typed, hunks, ['accepted', 'rejected']);
    expect('edits' in placed && applyLineEdits(typed, placed.edits)).toBe(lines('a', 'B', 'c', 'd', 'e', 'mine', 'g'));
    // A line typed right below a change touches it too: which comes first would be a guess.
    expect(hunksTouchedBy(base, lines('a', 'b', 'typed', 'c', 'd', 'e', 'f', 'g'), hunks)).toEqual([0]);
  });

  it('is the plain review when nothing was typed', () => {
    expect(hunksTouchedBy(base, base, hunks)).toEqual([]);
    const placed = placeHunks(base, proposed, base, hunks, ['rejected', 'accepted']);
    expect('edits' in placed && applyLineEdits(base, placed.edits)).toBe(lines('a', 'b', 'c', 'd', 'e', 'F', 'g'));
  });
});

describe('the lines of an escalated edit', () => {
  const map = (start: number, end: number, from: string, to: string) =>
    mapLines({ startLine: start, endLine: end }, computeHunks(from, to));
  const base = lines('1', '2', '3', '4', '5', '6', '7', '8');

  it('are the lines of the original request when the edit kept their number', () => {
    expect(map(3, 5, base, lines('1', '2', 'three', '4', 'five', '6', '7', '8'))).toEqual({ startLine: 3, endLine: 5 });
  });

  it('grow and shrink with the lines the edit added or removed in them', () => {
    expect(map(3, 5, base, lines('1', '2', '3', '4a', '4b', '4c', '5', '6', '7', '8'))).toEqual({ startLine: 3, endLine: 7 });
    expect(map(3, 5, base, lines('1', '2', '3', '6', '7', '8'))).toEqual({ startLine: 3, endLine: 3 });
    // Lines added at either end of the region belong to its edit.
    expect(map(3, 5, base, lines('1', '2', 'new', '3', '4', '5', 'new', '6', '7', '8'))).toEqual({ startLine: 3, endLine: 7 });
  });

  it('move with lines added or removed above them, and ignore changes below', () => {
    expect(map(4, 5, base, lines('0', '1', '2', '3', '4', '5', '6', '7', '8'))).toEqual({ startLine: 5, endLine: 6 });
    expect(map(4, 5, base, lines('2', '3', '4', '5', '6', '7', '8'))).toEqual({ startLine: 3, endLine: 4 });
    expect(map(2, 3, base, lines('1', '2', '3', '4', '5', 'x', 'y', '6', '7', '8'))).toEqual({ startLine: 2, endLine: 3 });
  });

  it('stretch over a change that straddles an end', () => {
    expect(map(3, 5, base, lines('1', '2', '3', '4', 'five-to-seven', '8'))).toEqual({ startLine: 3, endLine: 5 });
    expect(map(3, 5, base, lines('1', 'two-three', '4', '5', '6', '7', '8'))).toEqual({ startLine: 2, endLine: 4 });
  });
});
