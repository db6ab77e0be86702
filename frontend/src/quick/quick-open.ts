import { basename, dirname } from '../paths';
import { describeError } from '../rpc/errors';
import type { SearchClient, SymbolMatch } from '../rpc/search-client';
import { toast } from '../ui/toast';
import { fuzzyMatch } from './fuzzy';
import { showQuickPick, type QuickItem } from './quick-pick';

export interface QuickOpenDeps {
  search: SearchClient;
  /** Paths of open editors, most relevant first: what an empty query shows. */
  recent(): string[];
  reveal(path: string, line?: number): void;
}

/** "path" or "path:line" as typed in quick open. Pure. */
export function splitLineSuffix(query: string): { query: string; line?: number } {
  const m = /^(.*?):(\d+)$/.exec(query.trim());
  return m ? { query: m[1], line: Number(m[2]) } : { query: query.trim() };
}

/** A file item: the name highlighted, the folder as description. */
export function fileItem(path: string, query: string): QuickItem<string> {
  const m = fuzzyMatch(query, path);
  const nameStart = path.length - basename(path).length;
  const positions = m?.positions ?? [];
  return {
    label: basename(path), value: path, icon: 'file',
    labelMatches: positions.filter((p) => p >= nameStart).map((p) => p - nameStart),
    description: dirname(path), descriptionMatches: positions.filter((p) => p < nameStart - 1),
  };
}

let lastError = 0;

function reportOnce(action: string, e: unknown): void {
  // Typing produces a request per keystroke: one toast per burst is enough.
  if (Date.now() - lastError < 3000) return;
  lastError = Date.now();
  toast(describeError(action, e), 'error');
}

/** Ctrl+P: fuzzy file names from `search/files`. */
export function showQuickOpen(deps: QuickOpenDeps): void {
  showQuickPick<string>({
    placeholder: 'Go to file (append :line to jump to a line)', testId: 'quick-open', debounceMs: 30,
    emptyText: 'No matching files.',
    items: async (raw) => {
      const { query } = splitLineSuffix(raw);
      if (query === '') return deps.recent().map((p) => fileItem(p, ''));
      try {
        const paths = await deps.search.files(query, 50);
        return paths.map((p) => fileItem(p, query));
      } catch (e) {
        reportOnce('File search failed', e);
        return [];
      }
    },
    pick: (item, raw) => deps.reveal(item.value, splitLineSuffix(raw).line),
  });
}

const KIND_ICON: Record<string, string> = {
  class: 'symbol-class', interface: 'symbol-interface', enum: 'symbol-enum', function: 'symbol-method',
  method: 'symbol-method', type: 'symbol-class', variable: 'symbol-variable', field: 'symbol-field',
  constant: 'symbol-constant', module: 'symbol-namespace', namespace: 'symbol-namespace',
};

/** Ctrl+T: declarations from `search/symbols`. */
export function showGoToSymbol(deps: QuickOpenDeps): void {
  showQuickPick<SymbolMatch>({
    placeholder: 'Go to symbol in workspace', testId: 'goto-symbol', debounceMs: 30,
    emptyText: 'No matching symbols.',
    items: async (query) => {
      try {
        const symbols = await deps.search.symbols(query.trim(), 100);
        return symbols.map((s) => ({
          label: s.name, labelMatches: fuzzyMatch(query, s.name)?.positions, value: s,
          icon: KIND_ICON[s.kind] ?? 'symbol-misc', description: `${s.kind} · ${s.path}:${s.line}`,
        }));
      } catch (e) {
        reportOnce('Symbol search failed', e);
        return [];
      }
    },
    pick: (item) => deps.reveal(item.value.path, item.value.line),
  });
}
