// Loaded on first use (the first file of a language with an installed server): Monaco's LSP client
// and everything that talks LSP, so a page that never needs a language server never fetches them.
import { MonacoLspClient } from 'monaco-lsp-client';
import { editor } from '../editor/monaco';
import { applyOnDisk, applyWorkspaceEdit, describeFailures, STALE, type ApplyOutcome, type EditTargets } from './edit-applier';
import { APPLY_EDIT_COMMAND, mapWorkspaceUris, restrictProviders, routeCodeActionEdit, withPublishedDiagnostics } from './messages';
import type {
  CodeAction, Command, Diagnostic, DocumentSymbol, Location, LocationLink, PublishDiagnosticsParams, SymbolInformation, WorkspaceEdit,
} from './protocol';
import { RelayTransport, type LinkInfo, type SyncedDocument } from './relay-transport';
import { symbolTree, type SymbolNode } from './symbols';
import { pathOfUri, toClientUri, WORKSPACE_URI } from './uris';
import { openPart, splitWorkspaceEdit, staleBuffers } from './workspace-edit';

/** What a session needs from the workbench. */
export interface SessionHost {
  url: string;
  /** The Monaco language this session serves (one relay socket per language). */
  languageId: string;
  /** The workspace document behind a URI the client sent, if it is one (see RelayTransport). */
  document(lowerUri: string): SyncedDocument | undefined;
  /** Whether a workspace path is open in an editor tab. */
  isOpenDocument(path: string): boolean;
  /** Gives files without a model one (without a tab); resolves to the paths that now have one. */
  ensureModels(paths: readonly string[]): Promise<Set<string>>;
  edits: EditTargets;
  diagnostics(path: string, diagnostics: readonly Diagnostic[]): void;
  notify(message: string, kind: 'error' | 'info'): void;
}

type Disposable = { dispose(): void };
type DiagnosticReport = { kind: 'full' | 'unchanged'; items?: Diagnostic[]; relatedDocuments?: Record<string, DiagnosticReport> };
type LspTransport = ConstructorParameters<typeof MonacoLspClient>[0];

const LOCATION_METHODS = new Set(['textDocument/definition', 'textDocument/declaration', 'textDocument/typeDefinition',
  'textDocument/implementation', 'textDocument/references']);
const REFRESH_REQUESTS = new Set(['window/workDoneProgress/create', 'workspace/semanticTokens/refresh',
  'workspace/inlayHint/refresh', 'workspace/codeLens/refresh', 'workspace/diagnostic/refresh', 'workspace/foldingRange/refresh']);

/** Files one answer may point into (each needs a model); locations in further files are left out. */
const MAX_LOCATION_FILES = 200;

const sessions = new Map<string, LspSession>();
let applyCommand: Disposable | undefined;

/**
 * One language's connection: the relay transport, Monaco's LSP client on top of it, and the hooks
 * that fill the client's gaps (documentation of each in messages.ts and below).
 */
export class LspSession {
  readonly transport: RelayTransport;
  private client: MonacoLspClient | undefined;
  private readonly commands: Disposable[] = [];
  /** The latest published diagnostics by document URI (the model's spelling, lower case). */
  private readonly published = new Map<string, Diagnostic[]>();

  constructor(private readonly host: SessionHost) {
    this.transport = new RelayTransport({
      url: host.url,
      languageIds: [host.languageId],
      document: (uri) => host.document(uri),
      hooks: {
        request: (method, params) => this.request(method, params),
        response: (method, result, params) => this.response(method, result, params),
        serverRequest: (method, params) => this.serverRequest(method, params),
        notification: (method, params) => this.notification(method, params),
      },
    });
    // The client initializes as soon as it exists and cannot be removed again: it is created once
    // the relay accepted a socket, so a language no server handles never gets one.
    const off = this.transport.onLink((info) => {
      if (info.state !== 'open' || this.client) return;
      off();
      this.client = new MonacoLspClient(this.transport as unknown as LspTransport);
    });
    sessions.set(host.languageId, this);
    applyCommand ??= editor.registerCommand(APPLY_EDIT_COMMAND, (_accessor, key: string, edit: WorkspaceEdit, command: Command | null) =>
      sessions.get(key)?.applyThenRun(edit, command));
  }

  get link(): LinkInfo {
    return this.transport.linkInfo;
  }

  /** True once the server answered and documents can be asked about. */
  get ready(): boolean {
    return this.transport.ready;
  }

  onLink(listener: (info: LinkInfo) => void): () => void {
    return this.transport.onLink(listener);
  }

  /** The Outline's tree for a document open through this session (URI as the model spells it). */
  async documentSymbols(uri: string): Promise<SymbolNode[]> {
    const r = await this.transport.request('textDocument/documentSymbol', { textDocument: { uri } });
    return symbolTree(mapWorkspaceUris(r as (DocumentSymbol | SymbolInformation)[] | null, toClientUri));
  }

  executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.transport.request('workspace/executeCommand', { command, arguments: args });
  }

  /** Applies a WorkspaceEdit to open buffers and the disk; failures are reported to the user. */
  async applyEdit(edit: WorkspaceEdit): Promise<ApplyOutcome> {
    const outcome = await applyWorkspaceEdit(mapWorkspaceUris(edit, toClientUri), this.host.edits);
    const failure = describeFailures(outcome.failed);
    if (failure) this.host.notify(failure, 'error');
    return outcome;
  }

  reconnect(): void {
    this.transport.reconnectNow();
  }

  /** The network under the socket is likely gone: a new socket replaces it. */
  dropped(): void {
    this.transport.dropped();
  }

  /** Closes the socket. The client's providers stay registered (it has no way to remove them). */
  dispose(): void {
    this.transport.dispose();
    for (const c of this.commands) c.dispose();
    if (sessions.get(this.host.languageId) === this) sessions.delete(this.host.languageId);
  }

  private async applyThenRun(edit: WorkspaceEdit, command: Command | null): Promise<void> {
    const outcome = await this.applyEdit(edit);
    if (command && outcome.failed.length === 0) await this.executeCommand(command.command, command.arguments ?? []);
  }

  private request(method: string, params: unknown): unknown {
    if (method !== 'textDocument/codeAction') return params;
    const uri = (params as { textDocument?: { uri?: string } }).textDocument?.uri;
    return uri ? withPublishedDiagnostics(params, this.published.get(uri.toLowerCase())) : params;
  }

  private async response(method: string, result: unknown, params: unknown): Promise<unknown> {
    if (method === 'initialize') return this.initialized(result as { capabilities?: Record<string, unknown> });
    if (LOCATION_METHODS.has(method)) return this.locations(result as Location | LocationLink | (Location | LocationLink)[] | null);
    switch (method) {
      case 'textDocument/documentSymbol':
        return mapWorkspaceUris(result, toClientUri);
      case 'textDocument/rename':
        return this.rename(result as WorkspaceEdit | null);
      case 'textDocument/codeAction':
        return Array.isArray(result) ? result.map((a: CodeAction | Command) => routeCodeActionEdit(a, this.host.languageId)) : result;
      case 'codeAction/resolve':
        return result ? routeCodeActionEdit(result as CodeAction, this.host.languageId) : result;
      case 'textDocument/diagnostic':
        this.pulled((params as { textDocument: { uri: string } }).textDocument.uri, result as DiagnosticReport);
        return result;
      default:
        return result;
    }
  }

  /** Diagnostics a server answers when asked (the client asks servers that support it) also go to Problems. */
  private pulled(uri: string, report: DiagnosticReport | null): void {
    const reports: [string, DiagnosticReport][] = [[uri, report ?? { kind: 'unchanged' }], ...Object.entries(report?.relatedDocuments ?? {})];
    for (const [u, r] of reports) {
      const path = pathOfUri(u);
      if (path !== undefined && r.kind === 'full') this.host.diagnostics(path, r.items ?? []);
    }
  }

  private initialized(result: { capabilities?: Record<string, unknown> }): unknown {
    const caps = result?.capabilities ?? {};
    // The client turns a server's commands into Monaco commands by id but registers none: code
    // actions and completions that carry one would fail with "command not found".
    const provider = caps.executeCommandProvider as { commands?: string[] } | undefined;
    for (const id of provider?.commands ?? []) {
      this.commands.push(editor.registerCommand(id, (_accessor, ...args: unknown[]) => this.executeCommand(id, args)));
    }
    return { ...result, capabilities: restrictProviders(caps, [this.host.languageId]) };
  }

  /**
   * Locations point into other files; the client can express them only for files with a model
   * (it throws otherwise). Files without an editor get a background model first; locations outside
   * the workspace (a library's .d.ts), in files that cannot be shown or beyond the first
   * MAX_LOCATION_FILES files are left out.
   */
  private async locations(result: Location | LocationLink | (Location | LocationLink)[] | null): Promise<unknown> {
    if (!result) return result;
    const list = (Array.isArray(result) ? result : [result]).map((l) => mapWorkspaceUris(l, toClientUri));
    const pathOf = (l: Location | LocationLink) => pathOfUri('targetUri' in l ? l.targetUri : l.uri);
    const paths = [...new Set(list.map(pathOf).filter((p): p is string => p !== undefined))].slice(0, MAX_LOCATION_FILES);
    const loaded = await this.host.ensureModels(paths);
    const kept = list.filter((l) => { const p = pathOf(l); return p !== undefined && loaded.has(p); });
    return Array.isArray(result) ? kept : kept[0] ?? null;
  }

  /**
   * A rename: open documents change in their buffers through Monaco (undoable, dirty until saved);
   * files without an editor change on disk through the server, before the buffers do.
   */
  private async rename(result: WorkspaceEdit | null): Promise<unknown> {
    if (!result) return result;
    const split = splitWorkspaceEdit(mapWorkspaceUris(result, toClientUri), (uri) => {
      const path = pathOfUri(uri);
      return path !== undefined && this.host.isOpenDocument(path);
    });
    const stale = staleBuffers(split, (uri) => this.host.edits.buffer(pathOfUri(uri)!)?.getVersionId());
    if (stale.length > 0) {
      this.host.notify(describeFailures(stale.map((uri) => ({ path: pathOfUri(uri)!, message: STALE })))!, 'error');
      return null;
    }
    if (split.rest) {
      const outcome = await applyOnDisk(split.rest, this.host.edits);
      const failure = describeFailures(outcome.failed);
      if (failure) this.host.notify(failure, 'error');
    }
    return openPart(split);
  }

  private serverRequest(method: string, params: unknown): Promise<unknown> | undefined {
    const p = (params ?? {}) as Record<string, unknown>;
    if (REFRESH_REQUESTS.has(method)) return Promise.resolve(null);
    switch (method) {
      case 'workspace/applyEdit':
        return this.applyEdit(p.edit as WorkspaceEdit).then((o) => (o.failed.length === 0
          ? { applied: true } : { applied: false, failureReason: describeFailures(o.failed) }));
      case 'workspace/configuration':
        // No settings of our own: an empty object per item means "the defaults". Null, which LSP
        // allows, makes vscode-css-language-server fail every validation.
        return Promise.resolve(((p.items as unknown[]) ?? []).map(() => ({})));
      case 'workspace/workspaceFolders':
        return Promise.resolve([{ uri: WORKSPACE_URI, name: 'workspace' }]);
      case 'window/showMessageRequest':
        this.host.notify(String(p.message ?? ''), p.type === 1 ? 'error' : 'info');
        return Promise.resolve(null);
      case 'client/registerCapability':
      case 'client/unregisterCapability': {
        // The client knows text document features only and fails the whole request on others
        // (file watching, configuration): those are acknowledged here and not acted upon.
        const list = (p.registrations ?? p.unregisterations ?? []) as { method: string }[];
        return list.every((r) => !r.method.startsWith('textDocument/')) ? Promise.resolve(null) : undefined;
      }
      default:
        return undefined;
    }
  }

  private notification(method: string, params: unknown): unknown {
    if (method === 'textDocument/publishDiagnostics') {
      const p = mapWorkspaceUris(params as PublishDiagnosticsParams, toClientUri);
      const path = pathOfUri(p.uri);
      if (path !== undefined) this.host.diagnostics(path, p.diagnostics ?? []);
      // Kept as the server wrote them, to be sent back with code action requests.
      if (p.diagnostics?.length) this.published.set(p.uri.toLowerCase(), (params as PublishDiagnosticsParams).diagnostics);
      else this.published.delete(p.uri.toLowerCase());
      return p;
    }
    if (method === 'window/showMessage') {
      const p = params as { type?: number; message?: string };
      if (p.type === 1 || p.type === 2) this.host.notify(String(p.message ?? ''), p.type === 1 ? 'error' : 'info');
    }
    return params;
  }
}
