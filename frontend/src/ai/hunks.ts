import { diffLines } from '../git/line-diff';

/** A proposed change between two texts, with lines 0-based and end-exclusive. */
export interface EditHunk {
  origStart: number;
  origCount: number;
  modStart: number;
  modCount: number;
}

export type HunkDecision = 'pending' | 'accepted' | 'rejected';

/** Lines with their terminators, so joining them gives the text back byte for byte. Pure. */
export function linesWithEnds(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** The hunks that turn `original` into `proposed`. Pure. */
export function computeHunks(original: string, proposed: string): EditHunk[] {
  // Compared with their terminators: a changed line ending or final newline is a change too.
  return diffLines(linesWithEnds(original), linesWithEnds(proposed));
}

/**
 * `original` with only the accepted hunks applied (pending and rejected ones keep the original
 * lines). `decisions[i]` is the decision on `hunks[i]`. Pure.
 */
export function applyHunks(original: string, proposed: string, hunks: readonly EditHunk[],
                           decisions: readonly HunkDecision[]): string {
  const a = linesWithEnds(original);
  const b = linesWithEnds(proposed);
  const out: string[] = [];
  let at = 0;
  hunks.forEach((h, i) => {
    out.push(...a.slice(at, h.origStart));
    out.push(...(decisions[i] === 'accepted' ? b.slice(h.modStart, h.modStart + h.modCount) : a.slice(h.origStart, h.origStart + h.origCount)));
    at = h.origStart + h.origCount;
  });
  out.push(...a.slice(at));
  return out.join('');
}

/**
 * The whole proposed file for an edit whose `oldText` may be the whole file or one region of it
 * (a selection): the region is found in `current` and replaced. Undefined when `oldText` is
 * not in `current` exactly once, i.e. the file changed since the edit was computed. Pure.
 */
export function proposedFile(current: string, oldText: string, newText: string): string | undefined {
  if (current === oldText) return newText;
  if (oldText === '') return undefined;
  const at = current.indexOf(oldText);
  if (at < 0 || current.indexOf(oldText, at + 1) >= 0) return undefined;
  return current.slice(0, at) + newText + current.slice(at + oldText.length);
}

/** "Lines 3–5" of the original for a hunk's label (an insertion names the line it follows). */
export function hunkLabel(h: EditHunk): string {
  if (h.origCount === 0) return h.origStart === 0 ? 'Insert at the top' : `Insert after line ${h.origStart}`;
  const first = h.origStart + 1;
  const last = h.origStart + h.origCount;
  const verb = h.modCount === 0 ? 'Delete' : 'Change';
  return first === last ? `${verb} line ${first}` : `${verb} lines ${first}–${last}`;
}

/** `count` lines of a text from line `start` (0-based) replaced by `text`. */
export interface LineEdit {
  start: number;
  count: number;
  text: string;
}

/*
 * Adjacent changes touch too: which side's lines would come first is a guess, so neither is
 * placed next to the other without the user deciding.
 */
function touches(a: EditHunk, b: EditHunk): boolean {
  return a.origStart <= b.origStart + b.origCount && b.origStart <= a.origStart + a.origCount;
}

/**
 * The hunks (of `base` → proposal) that touch lines changed between `base` and `current`: the
 * user edited the file after the assistant read it. Pure.
 */
export function hunksTouchedBy(base: string, current: string, hunks: readonly EditHunk[]): number[] {
  return touchedBy(theirChanges(base, current), hunks);
}

/** The user's own changes: `base` → `current`. */
function theirChanges(base: string, current: string): EditHunk[] {
  return base === current ? [] : computeHunks(base, current);
}

function touchedBy(theirs: readonly EditHunk[], hunks: readonly EditHunk[]): number[] {
  return hunks.flatMap((h, i) => (theirs.some((t) => touches(h, t)) ? [i] : []));
}

/**
 * The accepted hunks of `base` → `proposed` placed in `current`, which is `base` with the user's
 * own changes: the edits of `current`'s lines, or the accepted hunks that touch a changed line
 * (placing those would overwrite or interleave with what the user typed). Pure.
 */
export function placeHunks(base: string, proposed: string, current: string, hunks: readonly EditHunk[],
                           decisions: readonly HunkDecision[]): { edits: LineEdit[] } | { conflicts: number[] } {
  const theirs = theirChanges(base, current);
  const touched = new Set(touchedBy(theirs, hunks));
  const accepted = hunks.flatMap((_, i) => (decisions[i] === 'accepted' ? [i] : []));
  const conflicts = accepted.filter((i) => touched.has(i));
  if (conflicts.length > 0) return { conflicts };
  const b = linesWithEnds(proposed);
  return {
    edits: accepted.map((i) => {
      const h = hunks[i];
      // The user's changes above the hunk moved it by the lines they added or removed.
      const shift = theirs.filter((t) => t.origStart + t.origCount <= h.origStart)
        .reduce((sum, t) => sum + t.modCount - t.origCount, 0);
      return { start: h.origStart + shift, count: h.origCount, text: b.slice(h.modStart, h.modStart + h.modCount).join('') };
    }),
  };
}

/**
 * Where lines `startLine`–`endLine` (1-based, inclusive) are once `hunks` are applied: moved by
 * changes above them, grown or shrunk by changes in them, and stretched over a change that
 * straddles an end or an insertion right at one (a region's edit adds its lines there). Pure.
 */
export function mapLines(range: { startLine: number; endLine: number }, hunks: readonly EditHunk[]): { startLine: number; endLine: number } {
  const { startLine, endLine } = range;
  let shift = 0;
  let from: number | undefined;
  let to = 0;
  for (const h of hunks) {
    const last = h.origStart + h.origCount;
    const before = h.origCount === 0 ? h.origStart < startLine - 1 : last < startLine;
    const after = h.origCount === 0 ? h.origStart > endLine : h.origStart >= endLine;
    if (after) break;
    if (!before) {
      from ??= Math.min(startLine + shift, h.origStart + shift + 1);
      if (last > endLine) to = h.origStart + shift + h.modCount;
    }
    shift += h.modCount - h.origCount;
  }
  const start = from ?? startLine + shift;
  return { startLine: start, endLine: Math.max(start, endLine + shift, to) };
}
