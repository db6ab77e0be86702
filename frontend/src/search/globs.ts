/**
 * The include / exclude fields of the search panel: comma-separated globs, as in other
 * editors. Commas inside `{a,b}` belong to the glob. Pure.
 */
export function parseGlobField(field: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of field) {
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    if (c === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out.map(normalizeGlob).filter((g) => g !== '');
}

/** `src/` means everything below src; a leading `./` is the workspace root. */
function normalizeGlob(raw: string): string {
  let g = raw.trim();
  if (g.startsWith('./')) g = g.slice(2);
  if (g.endsWith('/')) g = `${g}**`;
  return g;
}

export interface SearchForm {
  query: string;
  caseSensitive: boolean;
  wholeWord: boolean;
  isRegex: boolean;
  include: string;
  exclude: string;
}

/** The `search/text` params for the form; empty glob lists are left out. */
export function searchParams(form: SearchForm, maxResults: number) {
  const include = parseGlobField(form.include);
  const exclude = parseGlobField(form.exclude);
  return {
    query: form.query,
    isRegex: form.isRegex,
    caseSensitive: form.caseSensitive,
    wholeWord: form.wholeWord,
    ...(include.length > 0 ? { include } : {}),
    ...(exclude.length > 0 ? { exclude } : {}),
    maxResults,
  };
}
