import { toDisposable, type Disposable } from '../disposable';
import type { editor, languages } from '../editor/monaco';
import type { Problem, Severity } from '../lsp/diagnostics';

/** The Monaco command a "Fix with AI" code action runs, with the file's path and the problem. */
export const AI_FIX_COMMAND = 'stratus.ai.fixDiagnostic';

/** Actions offered for one request at most: a selection over a broken file would list every problem. */
const MAX_ACTIONS = 5;
/** The message's first line is cut here in a title: the hover's status bar shows it on one line. */
const MAX_TITLE_MESSAGE = 60;

/** Monaco's MarkerSeverity values (Hint = 1 is left out, as the Problems panel leaves hints out). */
const SEVERITY: Record<number, Severity | undefined> = { 8: 'error', 4: 'warning', 2: 'info' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** A range as Monaco gives one: 1-based lines and columns. */
type Span = Pick<editor.IMarkerData, 'startLineNumber' | 'startColumn' | 'endLineNumber' | 'endColumn'>;

/** What the quick fix registers with: Monaco's `languages` and `editor` registries (fakes in tests). */
export interface QuickFixRegistry {
  registerCodeActionProvider(selector: string, provider: languages.CodeActionProvider,
    metadata?: languages.CodeActionProviderMetadata): Disposable;
  registerCommand(id: string, handler: (accessor: unknown, ...args: unknown[]) => void): Disposable;
}

export interface AiQuickFixDeps {
  /** Whether the assistant can answer now (its extension runs and a model is configured). */
  available(): Promise<boolean>;
  /** The workspace path of a model an editor shows, else undefined (a diff's original side, a preview). */
  pathOf(model: editor.ITextModel): string | undefined;
  /** Fix This Problem for that problem of that file. */
  fix(path: string, problem: Problem): void;
}

/** A marker (a diagnostic as Monaco holds it) as the Problems panel's problem; undefined for a hint. Pure. */
export function problemOfMarker(m: editor.IMarkerData): Problem | undefined {
  const severity = SEVERITY[m.severity];
  if (!severity) return undefined;
  const code = typeof m.code === 'string' ? m.code : m.code?.value;
  return {
    severity, message: m.message, ...(m.source ? { source: m.source } : {}), ...(code ? { code } : {}),
    line: m.startLineNumber, column: m.startColumn, endLine: m.endLineNumber, endColumn: m.endColumn,
  };
}

/** "Fix with AI: <the message's first line, shortened>". Pure. */
export function fixTitle(message: string): string {
  const first = message.trim().split(/\r?\n/, 1)[0].trim();
  const short = first.length > MAX_TITLE_MESSAGE ? `${first.slice(0, MAX_TITLE_MESSAGE - 1).trimEnd()}…` : first;
  return short ? `Fix with AI: ${short}` : 'Fix with AI';
}

/**
 * One "Fix with AI" quick fix per problem among `markers` (once each, when two servers report
 * it), the one whose range is `range` first (the problem a hover asks about), then by severity
 * and position. They are AI actions and never preferred, so a language server's own fixes come
 * before them in the menu and only those are applied by Auto Fix. Pure.
 */
export function aiFixActions(path: string, markers: readonly editor.IMarkerData[], range?: Span): languages.CodeAction[] {
  const seen = new Set<string>();
  const found: { problem: Problem; marker: editor.IMarkerData; exact: boolean }[] = [];
  for (const marker of markers) {
    const problem = problemOfMarker(marker);
    if (!problem) continue;
    const key = JSON.stringify([problem.line, problem.column, problem.endLine, problem.endColumn, problem.severity, problem.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ problem, marker, exact: sameRange(marker, range) });
  }
  found.sort((a, b) => Number(b.exact) - Number(a.exact) || RANK[a.problem.severity] - RANK[b.problem.severity]
    || a.problem.line - b.problem.line || a.problem.column - b.problem.column);
  return found.slice(0, MAX_ACTIONS).map(({ problem, marker }) => {
    const title = fixTitle(problem.message);
    return { title, kind: 'quickfix', isPreferred: false, isAI: true, diagnostics: [marker],
      command: { id: AI_FIX_COMMAND, title, arguments: [path, problem] } };
  });
}

let current: Disposable | undefined;

/**
 * "Fix with AI" in the editor's quick fixes (the light bulb, Ctrl+. / Cmd+.) and in a problem's
 * hover, for every language. Nothing is offered while the assistant cannot answer. Registering
 * again replaces the earlier registration, so the menu never lists an action twice.
 */
export function registerAiQuickFixes(registry: QuickFixRegistry, deps: AiQuickFixDeps): Disposable {
  current?.dispose();
  const command = registry.registerCommand(AI_FIX_COMMAND, (_accessor, path, problem) => {
    if (typeof path === 'string' && problem && typeof problem === 'object') deps.fix(path, problem as Problem);
  });
  const provider = registry.registerCodeActionProvider('*', {
    provideCodeActions: async (model, range, context) => {
      const none = { actions: [], dispose: () => undefined };
      // `only` asks for one kind and what it contains: 'quickfix' has no parent kind but the empty one.
      if (context.only && context.only !== 'quickfix') return none;
      const path = deps.pathOf(model);
      if (path === undefined || !context.markers.some((m) => problemOfMarker(m))) return none;
      if (!(await deps.available()) || model.isDisposed()) return none;
      return { actions: aiFixActions(path, context.markers, range), dispose: () => undefined };
    },
  }, { providedCodeActionKinds: ['quickfix'] });
  const registration = toDisposable(() => {
    provider.dispose();
    command.dispose();
    if (current === registration) current = undefined;
  });
  current = registration;
  return registration;
}

function sameRange(m: editor.IMarkerData, r: Span | undefined): boolean {
  return !!r && r.startLineNumber === m.startLineNumber && r.startColumn === m.startColumn
    && r.endLineNumber === m.endLineNumber && r.endColumn === m.endColumn;
}
