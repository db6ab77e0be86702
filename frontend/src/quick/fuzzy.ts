/**
 * Fuzzy matching for the quick pickers: the query's characters must appear in order (case
 * does not matter); matches at word starts, in the file name and in runs score higher. Pure.
 */

export interface FuzzyMatch {
  score: number;
  /** Indexes (UTF-16) of the matched characters in the target, ascending. */
  positions: number[];
}

const MAX_TARGET = 512;

function isSeparator(c: string): boolean {
  return c === '/' || c === '\\' || c === '_' || c === '-' || c === '.' || c === ' ' || c === ':';
}

function isBoundary(target: string, i: number): boolean {
  if (i === 0) return true;
  const prev = target[i - 1];
  const c = target[i];
  return isSeparator(prev) || (prev === prev.toLowerCase() && c !== c.toLowerCase());
}

export function fuzzyMatch(query: string, target: string): FuzzyMatch | undefined {
  const q = query.replace(/\s+/g, '');
  if (q === '') return { score: 0, positions: [] };
  if (target.length > MAX_TARGET || q.length > target.length) return undefined;
  const ql = q.toLowerCase();
  const tl = target.toLowerCase();
  const n = ql.length;
  const m = tl.length;
  const nameStart = target.lastIndexOf('/') + 1;
  // score[i*m+j]: best score with query[i] matched at target[j]; -1 when impossible.
  const score = new Float64Array(n * m).fill(-1);
  const from = new Int32Array(n * m).fill(-1);
  for (let i = 0; i < n; i++) {
    let bestPrev = -1;
    let bestPrevAt = -1;
    for (let j = i; j < m; j++) {
      if (i > 0 && j - 2 >= 0) {
        const s = score[(i - 1) * m + j - 2];
        if (s > bestPrev) { bestPrev = s; bestPrevAt = j - 2; }
      }
      if (tl[j] !== ql[i]) continue;
      let gain = 1;
      if (isBoundary(target, j)) gain += 8;
      if (j >= nameStart) gain += 2;
      if (target[j] === q[i]) gain += 0.5;
      if (i === 0) {
        score[j] = gain - j * 0.01;
        continue;
      }
      const consecutive = score[(i - 1) * m + j - 1];
      const viaRun = consecutive >= 0 ? consecutive + gain + 6 : -1;
      const viaGap = bestPrev >= 0 ? bestPrev + gain : -1;
      if (viaRun < 0 && viaGap < 0) continue;
      if (viaRun >= viaGap) {
        score[i * m + j] = viaRun;
        from[i * m + j] = j - 1;
      } else {
        score[i * m + j] = viaGap;
        from[i * m + j] = bestPrevAt;
      }
    }
  }
  let end = -1;
  let best = -1;
  for (let j = n - 1; j < m; j++) {
    const s = score[(n - 1) * m + j];
    if (s > best) { best = s; end = j; }
  }
  if (end < 0) return undefined;
  const positions = new Array<number>(n);
  for (let i = n - 1, j = end; i >= 0; i--) {
    positions[i] = j;
    j = from[i * m + j];
  }
  // Shorter targets win ties: "main.ts" before "domain/maintenance.ts" for "main".
  return { score: best - m * 0.001, positions };
}

export interface Segment {
  text: string;
  match: boolean;
}

/** Splits `text` into runs of matched and unmatched characters for rendering. */
export function segmentsFromPositions(text: string, positions: readonly number[]): Segment[] {
  const marked = new Set(positions);
  const out: Segment[] = [];
  for (let i = 0; i < text.length; i++) {
    const match = marked.has(i);
    const last = out[out.length - 1];
    if (last && last.match === match) last.text += text[i];
    else out.push({ text: text[i], match });
  }
  return out;
}
