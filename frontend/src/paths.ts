/** Workspace-relative POSIX path helpers. The workspace root is "". */

export function normalize(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  return parts.join('/');
}

export function dirname(path: string): string {
  const p = normalize(path);
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function basename(path: string): string {
  const p = normalize(path);
  return p.slice(p.lastIndexOf('/') + 1);
}

export function join(dir: string, name: string): string {
  return normalize(dir === '' ? name : `${dir}/${name}`);
}

/** True when `path` is `ancestor` itself or lies below it. The root contains everything. */
export function isWithin(path: string, ancestor: string): boolean {
  const p = normalize(path);
  const a = normalize(ancestor);
  return a === '' || p === a || p.startsWith(`${a}/`);
}

/** Rewrites `path` after `from` was moved to `to` (for open tabs under a renamed folder). */
export function rebase(path: string, from: string, to: string): string {
  const p = normalize(path);
  const f = normalize(from);
  if (p === f) return normalize(to);
  return isWithin(p, f) ? join(normalize(to), p.slice(f.length + 1)) : p;
}

/** Rejects names a user typed that would not be a single path segment. */
export function validateName(name: string): string | null {
  const n = name.trim();
  if (n === '') return 'A name is required.';
  if (n === '.' || n === '..') return `"${n}" is not a valid name.`;
  if (n.includes('/') || n.includes('\\')) return 'A name cannot contain "/" or "\\".';
  return null;
}

export interface Entry {
  path: string;
  type: 'file' | 'directory' | 'symlink';
}

/** Directories first, then case-insensitive natural order by name. */
export function sortEntries<T extends Entry>(entries: readonly T[]): T[] {
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  return [...entries].sort((a, b) => {
    const da = a.type === 'directory' ? 0 : 1;
    const db = b.type === 'directory' ? 0 : 1;
    return da - db || collator.compare(basename(a.path), basename(b.path));
  });
}

export interface LanguageInfo {
  id: string;
  extensions?: string[];
  filenames?: string[];
}

/** Picks the Monaco language for a file name: exact file name first, then longest extension. */
export function languageFor(path: string, languages: readonly LanguageInfo[]): string {
  const name = basename(path);
  const lower = name.toLowerCase();
  for (const lang of languages) {
    if (lang.filenames?.some((f) => f.toLowerCase() === lower)) return lang.id;
  }
  let best = 'plaintext';
  let bestLen = 0;
  for (const lang of languages) {
    for (const ext of lang.extensions ?? []) {
      const e = ext.toLowerCase();
      if (lower.endsWith(e) && lower.length > e.length && e.length > bestLen) {
        best = lang.id;
        bestLen = e.length;
      }
    }
  }
  return best;
}
