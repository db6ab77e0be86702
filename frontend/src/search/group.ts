import type { TextMatch } from '../rpc/search-client';

export interface FileResults {
  path: string;
  matches: TextMatch[];
}

/** Groups matches by file, keeping the server's order (by path, then position). Pure. */
export function groupByFile(matches: readonly TextMatch[]): FileResults[] {
  const groups = new Map<string, FileResults>();
  for (const m of matches) {
    let g = groups.get(m.path);
    if (!g) groups.set(m.path, (g = { path: m.path, matches: [] }));
    g.matches.push(m);
  }
  return [...groups.values()];
}

export interface PreviewParts {
  before: string;
  match: string;
  after: string;
}

/**
 * Splits a preview line around a match. `column` is 1-based and, like `length`, counts UTF-16
 * code units, which is what JavaScript string indexes are. Long leading context is cut so
 * the match stays visible.
 */
export function previewParts(preview: string, column: number, length: number, context = 40): PreviewParts {
  const start = Math.max(0, Math.min(preview.length, column - 1));
  const end = Math.max(start, Math.min(preview.length, start + length));
  let before = preview.slice(0, start).replace(/^\s+/, '');
  if (before.length > context) {
    let cut = before.length - context;
    // Never start inside a surrogate pair: keep the whole character.
    if (/[\uDC00-\uDFFF]/.test(before[cut])) cut--;
    before = `…${before.slice(cut)}`;
  }
  return { before, match: preview.slice(start, end), after: preview.slice(end, end + 200) };
}

export function summary(matchCount: number, fileCount: number, truncated: boolean): string {
  if (matchCount === 0) return 'No results.';
  const r = `${matchCount} result${matchCount === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'}`;
  return truncated ? `${r} (more exist: narrow the search)` : r;
}
