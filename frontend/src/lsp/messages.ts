/**
 * Rewrites of LSP messages between Monaco's LSP client and a language server, for what that
 * client leaves out (docs/protocol.md lists the relay's side; these are the browser's).
 */
import type { CodeAction, Command, Diagnostic, Range, WorkspaceEdit } from './protocol';
import { WORKSPACE_URI } from './uris';

/**
 * Capabilities the IDE adds to the client's `initialize`: snippets in completions (the client
 * applies them but does not announce it), and workspace edits, which the IDE applies itself.
 */
export const EXTRA_CLIENT_CAPABILITIES = {
  textDocument: { completion: { completionItem: { snippetSupport: true, insertReplaceSupport: true } } },
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
    configuration: true,
    workspaceFolders: true,
  },
};

export function withExtraCapabilities<T extends { capabilities?: object }>(params: T): T {
  return { ...params, capabilities: merge(params.capabilities ?? {}, EXTRA_CLIENT_CAPABILITIES) };
}

function merge(target: object, extra: object): object {
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of Object.entries(extra)) {
    const t = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && t && typeof t === 'object' && !Array.isArray(t)
      ? merge(t, v) : v;
  }
  return out;
}

// Per-document providers the client registers. Without a document selector it registers them for
// every language ('*'), so a TypeScript server would be asked about Python files.
const NOT_PER_DOCUMENT = new Set(['executeCommandProvider', 'workspaceSymbolProvider']);

/**
 * The server's capabilities with every per-document provider restricted to `languageIds` and to
 * `file:` models (the diff editor's models are not workspace documents).
 */
export function restrictProviders(capabilities: Record<string, unknown>, languageIds: readonly string[]): Record<string, unknown> {
  const documentSelector = languageIds.map((language) => ({ language, scheme: 'file' }));
  const out: Record<string, unknown> = { ...capabilities };
  for (const [key, value] of Object.entries(capabilities)) {
    if (!key.endsWith('Provider') || NOT_PER_DOCUMENT.has(key) || !value) continue;
    out[key] = value === true ? { documentSelector } : { ...(value as object), documentSelector };
  }
  return out;
}

/**
 * Rewrites every workspace URI in a value (strings and object keys, e.g. `changes`) with `map`.
 * Values are copied only where something changes.
 */
export function mapWorkspaceUris<T>(value: T, map: (uri: string) => string): T {
  return walk(value, map) as T;
}

const PREFIX = `${WORKSPACE_URI}/`;

function walk(value: unknown, map: (uri: string) => string): unknown {
  if (typeof value === 'string') return value.startsWith(PREFIX) ? map(value) : value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const m = walk(v, map);
      if (m !== v) (out ??= [...value])[i] = m;
    });
    return out ?? value;
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = k.startsWith(PREFIX) ? map(k) : k;
      const m = walk(v, map);
      if (key !== k || m !== v) changed = true;
      out[key] = m;
    }
    return changed ? out : value;
  }
  return value;
}

/** The Monaco command that applies a code action's edit (and then runs its command) through the IDE. */
export const APPLY_EDIT_COMMAND = 'stratus.lsp.applyWorkspaceEdit';

/**
 * Hands a code action's edit to the IDE instead of to Monaco: Monaco's client converts edits only
 * for files that have a model and drops file creations, renames and deletions. The action keeps an
 * empty edit, so Monaco neither applies anything nor asks the server to resolve the action again;
 * the command then applies the real edit and runs the server's own command after it, as LSP orders.
 */
export function routeCodeActionEdit<T extends CodeAction | Command>(action: T, session: string): T {
  if (!('edit' in action) || !action.edit) return action;
  const { edit, command } = action as CodeAction;
  const apply: Command = { title: action.title, command: APPLY_EDIT_COMMAND, arguments: [session, edit, command ?? null] };
  const empty: WorkspaceEdit = { changes: {} };
  return { ...action, edit: empty, command: apply } as T;
}

/**
 * The diagnostics of a `textDocument/codeAction` request as the server published them. The client
 * sends only range, message and severity, and servers pick their quick fixes by the diagnostic's
 * `code` (typescript-language-server offers none without it); `data` and `source` matter to others.
 */
export function withPublishedDiagnostics<T>(params: T, published: readonly Diagnostic[] | undefined): T {
  const context = (params as { context?: { diagnostics?: Diagnostic[] } }).context;
  if (!published || published.length === 0 || !context?.diagnostics?.length) return params;
  const diagnostics = context.diagnostics.map((d) =>
    published.find((p) => p.message === d.message && sameRange(p.range, d.range)) ?? d);
  return { ...params, context: { ...context, diagnostics } };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character
    && a.end.line === b.end.line && a.end.character === b.end.character;
}

// Failures the user should hear of: the rename they asked for, the command they ran.
const LOUD = new Set(['initialize', 'textDocument/rename', 'workspace/executeCommand']);

/**
 * What a request gets when its server cannot answer (connection lost, server restarting): no
 * hover, no completions, nothing found, and a resolve request its item unchanged. Monaco reports
 * a failed provider as an uncaught error, while the status bar already says the server is away.
 */
export function fallbackResult(method: string, params: unknown): { result: unknown } | undefined {
  if (LOUD.has(method)) return undefined;
  // "Unchanged" keeps the diagnostics the server pushed; an empty report would clear them.
  if (method === 'textDocument/diagnostic') return { result: { kind: 'unchanged', resultId: '' } };
  return { result: method.endsWith('/resolve') ? params : null };
}
