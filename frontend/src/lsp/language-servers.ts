import { lspSocketUrl } from '../api';
import type { OpenDocument } from '../editor/document';
import type { EditorArea } from '../editor/editor-area';
import { editor } from '../editor/monaco';
import type { WorkspaceConnection } from '../rpc/connection';
import { ErrorCode, errorCode } from '../rpc/errors';
import { LanguageServerClient, type LanguageServerInfo } from '../rpc/language-server-client';
import { toast } from '../ui/toast';
import type { DiagnosticsStore } from './diagnostics';
import type { SyncedDocument } from './relay-transport';
import type { ProcessState, ServerView } from './server-state';
import type { LspSession, SessionHost } from './session';
import type { SymbolNode } from './symbols';
import { pathOfUri } from './uris';

export interface LanguageServersDeps {
  workspaceId: string;
  connection: WorkspaceConnection;
  area: EditorArea;
  diagnostics: DiagnosticsStore;
  languageName(languageId: string): string;
}

export type SymbolsResult =
  | { state: 'ok'; symbols: SymbolNode[] }
  /** No server for the document's language (or none installed). */
  | { state: 'no-server' }
  /** A server is coming (starting, reconnecting, document not open on it yet). */
  | { state: 'waiting' };

/**
 * When `language-servers/list` cannot say (an older server), a language's socket is tried anyway
 * and given up after this many attempts that never opened (the relay answers 404 before the
 * upgrade for a language no installed server handles).
 */
const UNVERIFIED_ATTEMPTS = 3;

/**
 * The language servers of this tab: which language has one (`language-servers/list`), their
 * process states (`language-servers/status` and `stateChanged`), and one LSP session per language
 * with a server, started when the first file of that language is opened. The session code
 * (Monaco's LSP client) is loaded only then.
 */
export class LanguageServers {
  readonly client: LanguageServerClient;
  /** undefined: not asked yet; 'unknown': the server could not say. */
  private registry: LanguageServerInfo[] | 'unknown' | undefined;
  private registryLoad: Promise<void> | undefined;
  private readonly sessions = new Map<string, Promise<LspSession | undefined>>();
  private readonly live = new Map<string, LspSession>();
  private readonly refused = new Set<string>();
  private readonly processes = new Map<string, { state: ProcessState; restarts: number; message?: string }>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: LanguageServersDeps) {
    this.client = new LanguageServerClient(deps.connection);
    this.client.onStateChanged((p) => {
      this.processes.set(p.id, { state: p.state, restarts: p.restarts, message: p.message });
      this.emit();
    });
    deps.area.onActiveChange((doc) => {
      if (doc) void this.ensure(doc.model.getLanguageId());
      this.emit();
    });
  }

  /** After every (re)connect of the workspace socket: the registry may have changed (an install). */
  async connected(): Promise<void> {
    // Asked again (an install may have happened); the old answer stands until the new one comes.
    this.registryLoad = undefined;
    await this.loadRegistry();
    try {
      for (const s of await this.client.status()) this.processes.set(s.id, { state: s.state, restarts: s.restarts });
    } catch {
      // Process states then come with stateChanged only.
    }
    for (const doc of this.deps.area.list()) void this.ensure(doc.model.getLanguageId());
    this.emit();
  }

  /** Called on any change of what `view` or `symbols` would say. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What the status bar shows for a language; undefined when no server is registered for it. */
  view(languageId: string): ServerView | undefined {
    const server = this.serverFor(languageId);
    if (!server) return undefined;
    const session = this.live.get(languageId);
    const link = session?.link;
    return {
      language: this.deps.languageName(languageId),
      server: { id: server.id, name: server.name, installed: server.installed, installMethod: server.installMethod, default: server.default },
      link: link ? { state: link.state, reason: link.reason } : undefined,
      process: this.processes.get(server.id),
    };
  }

  /** The workspace connection stopped answering: the language servers' sockets, likely dead too, are replaced. */
  connectionGone(): void {
    for (const session of this.live.values()) session.dropped();
  }

  /** Reconnects a language's socket now (restarts a server that stayed crashed); no-op while it works. */
  restart(languageId: string): void {
    const session = this.live.get(languageId);
    const server = this.serverFor(languageId);
    const crashed = server && this.processes.get(server.id)?.state === 'crashed';
    if (session && session.link.state === 'open' && !crashed) return;
    if (session) session.reconnect();
    else {
      this.refused.delete(languageId);
      void this.ensure(languageId);
    }
  }

  /** The Outline's symbols of an open document. */
  async symbols(doc: OpenDocument): Promise<SymbolsResult> {
    const languageId = doc.model.getLanguageId();
    const session = await this.sessions.get(languageId);
    if (!session) {
      const server = this.serverFor(languageId);
      return !server || server.installed === false ? { state: 'no-server' } : { state: 'waiting' };
    }
    const uri = doc.model.uri.toString(true);
    if (!session.ready || !session.transport.isOpen(uri)) return { state: 'waiting' };
    return { state: 'ok', symbols: await session.documentSymbols(uri) };
  }

  /** Starts the session of a language with a server, once; resolves to undefined when there is none. */
  ensure(languageId: string): Promise<LspSession | undefined> {
    let s = this.sessions.get(languageId);
    if (!s) {
      s = this.start(languageId);
      this.sessions.set(languageId, s);
      void s.then((session) => {
        if (!session && this.sessions.get(languageId) === s) this.sessions.delete(languageId);
      });
    }
    return s;
  }

  private async start(languageId: string): Promise<LspSession | undefined> {
    if (languageId === 'plaintext' || this.refused.has(languageId) || !this.deps.connection.isOpen) return undefined;
    await this.loadRegistry();
    const server = this.serverFor(languageId);
    if (!server || server.installed === false) return undefined;
    let session: LspSession;
    try {
      const { LspSession } = await import('./session');
      session = new LspSession(this.host(languageId, server));
    } catch (e) {
      toast(`Cannot load the language client: ${(e as Error).message}`, 'error');
      return undefined;
    }
    this.live.set(languageId, session);
    let everOpened = false;
    session.onLink((info) => {
      everOpened ||= info.state === 'open';
      if (!everOpened && server.installed === undefined && info.state === 'waiting' && info.attempt >= UNVERIFIED_ATTEMPTS) {
        this.refused.add(languageId);
        this.live.delete(languageId);
        this.sessions.delete(languageId);
        session.dispose();
      }
      this.emit();
    });
    session.transport.onDocuments(() => this.emit());
    this.emit();
    return session;
  }

  private host(languageId: string, server: ServerLike): SessionHost {
    const { area, diagnostics } = this.deps;
    return {
      url: lspSocketUrl(this.deps.workspaceId, languageId),
      languageId,
      document: (lowerUri) => workspaceDocument(area, lowerUri),
      isOpenDocument: (path) => area.docs.has(path),
      ensureModels: (paths) => area.ensureModels(paths),
      edits: {
        buffer: (path) => area.docs.get(path)?.model,
        applyOnDisk: (edit) => this.client.applyEdit(edit),
      },
      diagnostics: (path, list) => diagnostics.publish(server.id, path, list),
      notify: (message, kind) => toast(`${server.name}: ${message}`, kind),
    };
  }

  private serverFor(languageId: string): ServerLike | undefined {
    const registry = this.registry;
    if (registry === undefined || this.refused.has(languageId)) return undefined;
    if (registry === 'unknown') {
      if (languageId === 'plaintext') return undefined;
      const name = `${this.deps.languageName(languageId)} language server`;
      return { id: languageId, name, installed: undefined };
    }
    const candidates = registry.filter((s) => s.languages.includes(languageId));
    return candidates.find((s) => s.installed) ?? candidates.find((s) => s.default) ?? candidates[0];
  }

  private loadRegistry(): Promise<void> {
    this.registryLoad ??= this.client.list().then(
      (list) => { this.registry = list; },
      (e: unknown) => {
        if (errorCode(e) === ErrorCode.Offline) {
          // Asked again after the reconnect.
          this.registryLoad = undefined;
          return;
        }
        this.registry = 'unknown';
      },
    );
    return this.registryLoad;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

type ServerLike = Pick<LanguageServerInfo, 'id' | 'name'> & Partial<Pick<LanguageServerInfo, 'installed' | 'installMethod' | 'default'>>;

/**
 * The open workspace document behind a URI as the LSP client sent it (lower-cased in didOpen):
 * a model of a `file:///workspace/` URI that is not a background copy.
 */
function workspaceDocument(area: EditorArea, lowerUri: string): SyncedDocument | undefined {
  const model = editor.getModels().find((m) => m.uri.toString(true).toLowerCase() === lowerUri);
  if (!model) return undefined;
  const uri = model.uri.toString(true);
  const path = pathOfUri(uri);
  if (path === undefined || area.isBackground(path)) return undefined;
  return { uri, languageId: model.getLanguageId(), getValue: () => model.getValue(), getVersionId: () => model.getVersionId() };
}
