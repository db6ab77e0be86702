import type { DiagnosticsStore, Problem } from '../lsp/diagnostics';

/** The errors of `path` the store holds now. */
export function errorsOf(store: DiagnosticsStore, path: string): Problem[] {
  return (store.files.find((f) => f.path === path)?.problems ?? []).filter((p) => p.severity === 'error');
}

/**
 * Errors in `after` that `before` did not have, compared by message and origin (an edit moves
 * lines, so positions are not compared; a message that was there twice and is now there three
 * times counts once).
 */
export function newErrors(before: readonly Problem[], after: readonly Problem[]): Problem[] {
  const key = (p: Problem) => `${p.source ?? ''}\u0000${p.code ?? ''}\u0000${p.message}`;
  const left = new Map<string, number>();
  for (const p of before) if (p.severity === 'error') left.set(key(p), (left.get(key(p)) ?? 0) + 1);
  const out: Problem[] = [];
  for (const p of after) {
    if (p.severity !== 'error') continue;
    const n = left.get(key(p)) ?? 0;
    if (n > 0) left.set(key(p), n - 1);
    else out.push(p);
  }
  return out;
}

/**
 * The errors of `path` once its diagnostics have settled after a change of the file: after the
 * first update for it (language servers report syntax, then types, in separate messages) no
 * update for `quietMs`; at most `maxMs` in all (a server that reports nothing new sends nothing
 * the store shows).
 */
export function settledErrors(store: DiagnosticsStore, path: string, quietMs = 1500, maxMs = 8000): Promise<Problem[]> {
  return new Promise((resolve) => {
    let last = JSON.stringify(errorsOf(store, path));
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      unsubscribe();
      clearTimeout(quiet);
      clearTimeout(limit);
      resolve(errorsOf(store, path));
    };
    const unsubscribe = store.onChange(() => {
      const now = JSON.stringify(errorsOf(store, path));
      if (now === last) return;
      last = now;
      clearTimeout(quiet);
      quiet = setTimeout(finish, quietMs);
    });
    const limit = setTimeout(finish, maxMs);
  });
}
