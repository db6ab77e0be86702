/**
 * A small line diff (Myers' O(ND) algorithm) for the editor's change markers. Pure: it
 * compares two texts, so the unit tests cover it without Monaco.
 */

/** A changed region: `origCount` lines at `origStart` became `modCount` lines at `modStart` (0-based). */
export interface Hunk {
  origStart: number;
  origCount: number;
  modStart: number;
  modCount: number;
}

export type MarkerKind = 'added' | 'modified' | 'deleted';

/** A gutter marker over 1-based lines `startLine..endLine` of the modified text. */
export interface LineMarker {
  kind: MarkerKind;
  startLine: number;
  endLine: number;
}

/** Beyond this many edits the middle of the texts is reported as one modified block. */
const MAX_EDITS = 1500;

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  // A final newline ends the last line; it does not start another one.
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function diffLines(original: readonly string[], modified: readonly string[]): Hunk[] {
  let start = 0;
  while (start < original.length && start < modified.length && original[start] === modified[start]) start++;
  let endO = original.length;
  let endM = modified.length;
  while (endO > start && endM > start && original[endO - 1] === modified[endM - 1]) {
    endO--;
    endM--;
  }
  if (start === endO && start === endM) return [];
  if (start === endO || start === endM) {
    return [{ origStart: start, origCount: endO - start, modStart: start, modCount: endM - start }];
  }
  // Intern lines so the inner loop compares numbers.
  const ids = new Map<string, number>();
  const intern = (s: string) => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = ids.size));
    return id;
  };
  const a = Int32Array.from(original.slice(start, endO), intern);
  const b = Int32Array.from(modified.slice(start, endM), intern);
  const hunks = myers(a, b);
  if (!hunks) return [{ origStart: start, origCount: endO - start, modStart: start, modCount: endM - start }];
  return hunks.map((h) => ({ ...h, origStart: h.origStart + start, modStart: h.modStart + start }));
}

/** Myers' greedy forward search with a trace for backtracking; undefined past MAX_EDITS. */
function myers(a: Int32Array, b: Int32Array): Hunk[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m);
    }
  }
  return undefined;
}

function backtrack(trace: Int32Array[], dEnd: number, n: number, m: number): Hunk[] {
  // Each trace entry holds V before step d, for k in [-d-1, d+1].
  const edits: { x: number; y: number; kind: 'del' | 'ins' }[] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const vPrev = trace[d];
    const at = (k: number) => vPrev[k + d + 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    // The diagonal back to (x, y) is equal lines; the step from (prevX, prevY) is the edit.
    edits.push({ x: prevX, y: prevY, kind: down ? 'ins' : 'del' });
    x = prevX;
    y = prevY;
  }
  edits.reverse();
  const hunks: Hunk[] = [];
  let cur: Hunk | undefined;
  for (const e of edits) {
    if (cur && e.x === cur.origStart + cur.origCount && e.y === cur.modStart + cur.modCount) {
      if (e.kind === 'del') cur.origCount++;
      else cur.modCount++;
      continue;
    }
    cur = { origStart: e.x, origCount: e.kind === 'del' ? 1 : 0, modStart: e.y, modCount: e.kind === 'ins' ? 1 : 0 };
    hunks.push(cur);
  }
  return hunks;
}

/** Gutter markers for the modified text, the way editors show unstaged changes. */
export function lineMarkers(hunks: readonly Hunk[]): LineMarker[] {
  return hunks.map((h) => {
    if (h.modCount === 0) {
      const line = Math.max(1, h.modStart);
      return { kind: 'deleted' as const, startLine: line, endLine: line };
    }
    return {
      kind: h.origCount === 0 ? 'added' as const : 'modified' as const,
      startLine: h.modStart + 1,
      endLine: h.modStart + h.modCount,
    };
  });
}

export function textMarkers(original: string, modified: string): LineMarker[] {
  return lineMarkers(diffLines(splitLines(original), splitLines(modified)));
}
