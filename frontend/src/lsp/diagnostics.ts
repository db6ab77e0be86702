import type { Diagnostic } from './protocol';

export type Severity = 'error' | 'warning' | 'info';

/** One diagnostic as the Problems panel shows it: 1-based lines and columns (UTF-16 units). */
export interface Problem {
  severity: Severity;
  message: string;
  source?: string;
  code?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export interface FileProblems extends ProblemCounts {
  path: string;
  problems: Problem[];
}

const SEVERITY: Record<number, Severity | undefined> = { 1: 'error', 2: 'warning', 3: 'info' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * A server's diagnostics for one file, in the panel's order (position, then severity). Hints
 * (severity 4: unused code, suggestions) are left to the editor's faded text, as other IDEs do;
 * a diagnostic without a severity counts as an error (LSP leaves it to the client).
 */
export function toProblems(diagnostics: readonly Diagnostic[]): Problem[] {
  const out: Problem[] = [];
  for (const d of diagnostics) {
    const severity = d.severity === undefined ? 'error' : SEVERITY[d.severity];
    if (!severity) continue;
    out.push({
      severity, message: d.message, source: d.source, code: d.code === undefined ? undefined : String(d.code),
      line: d.range.start.line + 1, column: d.range.start.character + 1,
      endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
    });
  }
  return out.sort(compareProblems);
}

export function compareProblems(a: Problem, b: Problem): number {
  return a.line - b.line || a.column - b.column || RANK[a.severity] - RANK[b.severity] || a.message.localeCompare(b.message);
}

export function countProblems(problems: Iterable<Problem>): ProblemCounts {
  const c = { errors: 0, warnings: 0, infos: 0 };
  for (const p of problems) {
    if (p.severity === 'error') c.errors++;
    else if (p.severity === 'warning') c.warnings++;
    else c.infos++;
  }
  return c;
}

/**
 * Files with problems, sorted by path; each file's problems merged across sources and sorted. The
 * same problem from two sources is listed once (two languages' sockets may reach one server).
 */
export function groupProblems(sources: Iterable<ReadonlyMap<string, readonly Problem[]>>): FileProblems[] {
  const byPath = new Map<string, Problem[]>();
  const seen = new Map<string, Set<string>>();
  for (const files of sources) {
    for (const [path, problems] of files) {
      if (problems.length === 0) continue;
      let list = byPath.get(path);
      let keys = seen.get(path);
      if (!list || !keys) {
        byPath.set(path, list = []);
        seen.set(path, keys = new Set());
      }
      for (const p of problems) {
        const key = JSON.stringify([p.line, p.column, p.endLine, p.endColumn, p.severity, p.message, p.source, p.code]);
        if (keys.has(key)) continue;
        keys.add(key);
        list.push(p);
      }
    }
  }
  return [...byPath.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, problems]) => {
      problems.sort(compareProblems);
      return { path, problems, ...countProblems(problems) };
    });
}

export function sumCounts(files: readonly ProblemCounts[]): ProblemCounts {
  const c = { errors: 0, warnings: 0, infos: 0 };
  for (const f of files) {
    c.errors += f.errors;
    c.warnings += f.warnings;
    c.infos += f.infos;
  }
  return c;
}

/** "2 errors, 1 warning" for titles and tooltips; "No problems" when there are none. */
export function describeCounts(c: ProblemCounts): string {
  const parts: string[] = [];
  const add = (n: number, one: string) => { if (n > 0) parts.push(`${n} ${one}${n === 1 ? '' : 's'}`); };
  add(c.errors, 'error');
  add(c.warnings, 'warning');
  add(c.infos, 'info');
  return parts.length > 0 ? parts.join(', ') : 'No problems';
}

/**
 * Every language server's latest diagnostics for every workspace file, whether or not the file
 * is open (a server may report files nobody opened). Each `publish` replaces what that server
 * said about that file, as `textDocument/publishDiagnostics` does.
 */
export class DiagnosticsStore {
  private readonly sources = new Map<string, Map<string, Problem[]>>();
  private readonly listeners = new Set<() => void>();
  private cache: { files: FileProblems[]; counts: ProblemCounts } | undefined;

  publish(source: string, path: string, diagnostics: readonly Diagnostic[]): void {
    let files = this.sources.get(source);
    if (!files) {
      files = new Map();
      this.sources.set(source, files);
    }
    const problems = toProblems(diagnostics);
    const before = files.get(path);
    if (problems.length === 0) {
      if (!before) return;
      files.delete(path);
    } else {
      files.set(path, problems);
    }
    this.changed();
  }

  /** Forgets a source's diagnostics (its server went away for good). */
  clearSource(source: string): void {
    if (this.sources.delete(source)) this.changed();
  }

  get files(): FileProblems[] {
    return this.snapshot().files;
  }

  get counts(): ProblemCounts {
    return this.snapshot().counts;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private snapshot(): { files: FileProblems[]; counts: ProblemCounts } {
    if (!this.cache) {
      const files = groupProblems(this.sources.values());
      this.cache = { files, counts: sumCounts(files) };
    }
    return this.cache;
  }

  private changed(): void {
    this.cache = undefined;
    for (const l of this.listeners) l();
  }
}
