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
