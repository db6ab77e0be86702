import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../backoff';
import { fallbackResult, withExtraCapabilities } from './messages';
import { OpenDocuments } from './open-documents';
import { toServerUri } from './uris';

export interface JsonRpcMessage {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** A model the client wants synced, as far as the transport needs it. */
export interface SyncedDocument {
  /** The model's URI as `Uri.toString(true)` spells it (in its real case). */
  uri: string;
  languageId: string;
  getValue(): string;
  getVersionId(): number;
}

/** Where the IDE steps into the conversation (see session.ts). */
export interface TransportHooks {
  /** One of the client's requests, before it is sent; returns the params to send. */
  request?(method: string, params: unknown): unknown;
  /** A result for one of the client's requests, before the client sees it; may wait (load models). */
  response?(method: string, result: unknown, params: unknown): unknown;
  /** A request from the server that the IDE answers itself; undefined leaves it to the client. */
  serverRequest?(method: string, params: unknown): Promise<unknown> | undefined;
  /** A notification from the server; returns the params the client gets. */
  notification?(method: string, params: unknown): unknown;
}

export type LinkState = 'connecting' | 'open' | 'waiting' | 'closed';

export interface LinkInfo {
  state: LinkState;
  attempt: number;
  /** Epoch ms of the next attempt while `waiting`. */
  retryAt?: number;
  /** Why the relay closed the last socket, when it said. */
  reason?: string;
}

export interface RelaySocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (ev: Event) => void): void;
}

export interface RelayTransportOptions {
  url: string;
  /** Monaco languages whose documents this socket carries. */
  languageIds: readonly string[];
  /** The workspace document behind a URI the client sent (it lower-cases some), if it is one. */
  document(lowerUri: string): SyncedDocument | undefined;
  hooks?: TransportHooks;
  backoff?: BackoffOptions;
  /** Requests the relay answers with Unavailable (server starting or restarting) are sent again. */
  retry?: { attempts: number; delayMs: number };
  createSocket?: (url: string) => RelaySocket;
}

/** LSP's RequestFailed: the answer will never come, the connection to the server was lost. */
export const REQUEST_FAILED = -32803;
/** The relay's Unavailable: the server is starting or restarting, ask again. */
export const UNAVAILABLE = 1009;
/**
 * RequestCancelled, ContentModified, ServerCancelled: the answer is moot, not an error. And
 * MethodNotFound: some servers announce what they do not serve (vscode-langservers-extracted
 * announce pulled diagnostics even to a client that did not ask for them, then push them).
 */
const MOOT = new Set([-32800, -32801, -32802, -32601]);
const DEFAULT_RETRY = { attempts: 8, delayMs: 1000 };

interface Pending {
  id: number | string;
  method: string;
  /** As the client sent them. */
  params: unknown;
  attempts: number;
}

/**
 * The message transport Monaco's LSP client runs on: one relay WebSocket per (workspace, language),
 * one LSP message per text frame, which reconnects with backoff and hides the gap from the client.
 *
 * The client was written for one server per page and one socket for its life; this transport
 * covers the difference. It forwards only the client's workspace documents of its languages
 * (the client syncs every model to every server), in their real case and encoding (the client
 * lower-cases URIs in didOpen / didChange). After a reconnect it initializes the relay's new client
 * itself and re-opens the open documents with their current text. Requests the relay cannot serve
 * yet (server starting) are sent again; requests that were in flight when a socket dropped get an
 * answer instead of hanging (see `fail`).
 */
export class RelayTransport {
  /** The client's view: always open, because reconnects happen underneath. */
  readonly state = { value: { state: 'open' as const }, onChange: () => ({ dispose() { /* never changes */ } }) };
  private socket: RelaySocket | undefined;
  private phase: 'down' | 'handshake' | 'up' = 'down';
  private listener: ((m: JsonRpcMessage) => void) | undefined;
  private readonly inbox: JsonRpcMessage[] = [];
  /** Client messages waiting for the socket (the first initialize) or for the handshake to finish. */
  private held: JsonRpcMessage[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly retrying = new Map<string, { req: Pending; timer: ReturnType<typeof setTimeout> }>();
  private readonly own = new Map<string, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly docs: OpenDocuments;
  private initialize: JsonRpcMessage | undefined;
  private initialized = false;
  /** Consecutive initialize answers that were errors: they slow down the reconnects. */
  private initFailures = 0;
  private nextId = 0;
  private link: LinkInfo = { state: 'connecting', attempt: 0 };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly linkListeners = new Set<(info: LinkInfo) => void>();
  private readonly documentListeners = new Set<() => void>();

  constructor(private readonly opts: RelayTransportOptions) {
    this.docs = new OpenDocuments(opts.languageIds, opts.document);
    this.connect();
  }

  get linkInfo(): LinkInfo {
    return this.link;
  }

  /** True once the server answered initialize and the documents are open on this socket. */
  get ready(): boolean {
    return this.phase === 'up' && this.initialized;
  }

  onLink(listener: (info: LinkInfo) => void): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }

  /** Called when `ready` or the set of documents the server has open through this socket changes. */
  onDocuments(listener: () => void): () => void {
    this.documentListeners.add(listener);
    return () => this.documentListeners.delete(listener);
  }

  /** Whether the server has this document (URI in any case) open through this socket. */
  isOpen(uri: string): boolean {
    return this.docs.has(uri);
  }

  setListener(listener: ((m: JsonRpcMessage) => void) | undefined): void {
    this.listener = listener;
    while (this.listener && this.inbox.length > 0) this.listener(this.inbox.shift()!);
  }

  toString(): string {
    return `relay ${this.opts.url}`;
  }

  /** Called by the client for everything it sends. Never rejects: failures come back as responses. */
  send(message: JsonRpcMessage): Promise<void> {
    if (message.method === undefined) {
      // The client's answer to a server request.
      if (this.phase === 'up') this.write(message);
    } else if (message.id !== undefined && message.id !== null) {
      this.clientRequest(message as Pending & JsonRpcMessage);
    } else {
      this.clientNotification(message);
    }
    return Promise.resolve();
  }

  /** A request of the IDE's own (the Outline's symbols, a server command), not seen by the client. */
  request(method: string, params: unknown): Promise<unknown> {
    if (!this.ready) return Promise.reject(new Error('The language server is not connected'));
    return this.ownRequest(method, params);
  }

  /** Drops the socket (if any) and connects again now, e.g. to restart a server that gave up. */
  reconnectNow(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    const socket = this.socket;
    if (socket) {
      this.lost(undefined);
      socket.close(1000, 'reconnecting');
    }
    this.connect();
  }

  /**
   * The network under the socket is likely gone (the workspace connection stopped answering):
   * the socket is let go without waiting for TCP to notice, and a new one connects after the
   * usual wait, as after a close.
   */
  dropped(): void {
    const socket = this.socket;
    if (this.disposed || !socket) return;
    this.reconnectLater(this.link.state === 'open', undefined);
    try {
      socket.close(4001, 'The connection stopped answering');
    } catch {
      // closing already
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    const socket = this.socket;
    this.lost(undefined);
    socket?.close(1000, 'closed by client');
    this.held = [];
    this.setLink({ state: 'closed', attempt: 0 });
  }

  private connect(): void {
    if (this.disposed) return;
    this.setLink({ ...this.link, state: 'connecting', retryAt: undefined });
    const create = this.opts.createSocket ?? ((u: string) => new WebSocket(u));
    const ws = create(this.opts.url);
    this.socket = ws;
    let opened = false;
    ws.addEventListener('open', () => {
      if (this.socket !== ws) return;
      opened = true;
      this.setLink({ state: 'open', attempt: 0 });
      void this.opened();
    });
    ws.addEventListener('message', (ev) => {
      if (this.socket === ws) this.receive((ev as MessageEvent).data);
    });
    ws.addEventListener('close', (ev) => {
      if (this.socket !== ws) return;
      const { code, reason } = ev as CloseEvent;
      this.reconnectLater(opened, reason || (code === 1013 ? 'too many language servers are running in this workspace' : undefined));
    });
  }

  private async opened(): Promise<void> {
    const socket = this.socket;
    if (!this.initialized) {
      // First connection (or the first initialize was never answered): the client's own
      // initialize goes first, and the client opens its documents once it is answered.
      this.up();
      return;
    }
    this.phase = 'handshake';
    try {
      await this.ownRequest('initialize', this.initialize?.params ?? {});
    } catch {
      if (this.socket !== socket) return;
      // An initialize the relay refused is its problem to report; documents are re-opened anyway.
    }
    if (this.socket !== socket || this.disposed) return;
    for (const m of this.docs.reopen()) this.write(m);
    this.up();
  }

  private up(): void {
    this.phase = 'up';
    const held = this.held;
    this.held = [];
    for (const m of held) this.send(m);
    if (this.initialized) this.documentsChanged();
  }

  /** The socket is gone (`opened`: after it had opened): the next one connects after a backoff. */
  private reconnectLater(opened: boolean, reason: string | undefined): void {
    this.lost(reason);
    const attempt = opened ? this.initFailures : this.link.attempt;
    const delay = backoffDelay(attempt, this.opts.backoff ?? DEFAULT_BACKOFF);
    this.setLink({ state: 'waiting', attempt: attempt + 1, retryAt: Date.now() + delay, reason: this.link.reason });
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** The socket is gone: whatever the server owed us will not come. */
  private lost(reason: string | undefined): void {
    this.socket = undefined;
    this.phase = 'down';
    this.link = { ...this.link, reason };
    // Requests held for the handshake would be answered minutes late, if at all: they fail too,
    // except the client's first initialize, which it sends only once.
    const failed: Pending[] = [];
    const held = this.held;
    this.held = [];
    for (const m of held) {
      if (m.method === 'initialize') this.held.push(m);
      else if (m.id !== undefined && m.id !== null) failed.push({ id: m.id, method: m.method!, params: m.params, attempts: 0 });
    }
    for (const p of this.pending.values()) {
      if (p.method === 'initialize' && !this.initialized && this.initialize) this.held.unshift(this.initialize);
      else failed.push(p);
    }
    this.pending.clear();
    for (const { req, timer } of this.retrying.values()) {
      clearTimeout(timer);
      failed.push(req);
    }
    this.retrying.clear();
    for (const req of failed) this.fail(req, 'The connection to the language server was lost');
    for (const own of this.own.values()) own.reject(new Error('The connection to the language server was lost'));
    this.own.clear();
    this.documentsChanged();
  }

  private clientRequest(m: JsonRpcMessage & { id: number | string; method: string }): void {
    if (m.method === 'initialize') {
      this.initialize = { ...m, params: withExtraCapabilities((m.params ?? {}) as { capabilities?: object }) };
      if (this.phase === 'up') this.forward({ id: m.id, method: m.method, params: this.initialize.params, attempts: 0 });
      else this.held.push(this.initialize);
      return;
    }
    const req: Pending = { id: m.id, method: m.method, params: m.params, attempts: 0 };
    if (this.phase === 'up') this.forward(req);
    else if (this.phase === 'handshake') this.held.push(m);
    else this.fail(req, 'The language server is not connected');
  }

  private forward(req: Pending): void {
    this.pending.set(String(req.id), req);
    const params = this.opts.hooks?.request ? this.opts.hooks.request(req.method, req.params) : req.params;
    this.write({ jsonrpc: '2.0', id: req.id, method: req.method, params: withServerUri(params) });
  }

  /** Sends a request again a little later: the relay said its server is (re)starting. */
  private retryLater(req: Pending): void {
    const key = String(req.id);
    const timer = setTimeout(() => {
      this.retrying.delete(key);
      if (this.phase === 'up') this.forward({ ...req, attempts: req.attempts + 1 });
      else this.fail(req, 'The language server is not connected');
    }, (this.opts.retry ?? DEFAULT_RETRY).delayMs);
    this.retrying.set(key, { req, timer });
  }

  /** The client gave up on a request: one that waits for a retry is answered now. */
  private cancelled(id: unknown): void {
    const waiting = this.retrying.get(String(id));
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.retrying.delete(String(id));
    this.fail(waiting.req, 'Cancelled');
  }

  private clientNotification(m: JsonRpcMessage): void {
    switch (m.method) {
      case 'textDocument/didOpen':
      case 'textDocument/didChange':
      case 'textDocument/didClose': {
        const { message, changed } = this.docs.translate(m);
        // While down, nothing is sent: the re-open after the reconnect carries the current text.
        if (message && this.phase === 'up') this.write(message);
        if (changed) this.documentsChanged();
        return;
      }
      default:
        if (m.method === '$/cancelRequest') this.cancelled((m.params as { id?: unknown } | undefined)?.id);
        if (this.phase === 'up') this.write(m);
    }
  }

  private ownRequest(method: string, params: unknown): Promise<unknown> {
    const id = `stratus:${++this.nextId}`;
    return new Promise((resolve, reject) => {
      this.own.set(id, { resolve, reject });
      this.write({ jsonrpc: '2.0', id, method, params: withServerUri(params) });
    });
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let m: JsonRpcMessage;
    try {
      m = JSON.parse(data) as JsonRpcMessage;
    } catch {
      console.warn('Malformed message from the language server relay');
      return;
    }
    if (m.method === undefined) this.response(m);
    else if (m.id !== undefined && m.id !== null) this.serverRequest(m as JsonRpcMessage & { method: string });
    else this.dispatch({ ...m, params: this.opts.hooks?.notification ? this.opts.hooks.notification(m.method, m.params) : m.params });
  }

  private response(m: JsonRpcMessage): void {
    const key = String(m.id);
    const own = this.own.get(key);
    if (own) {
      this.own.delete(key);
      if (m.error) own.reject(new Error(m.error.message));
      else own.resolve(m.result);
      return;
    }
    const req = this.pending.get(key);
    if (!req) return;
    this.pending.delete(key);
    if (m.error) {
      this.failed(req, m.error);
      return;
    }
    if (req.method === 'initialize') {
      this.initialized = true;
      this.initFailures = 0;
      // The client opens its documents once it has this answer: listeners hear of each didOpen.
      queueMicrotask(() => this.documentsChanged());
    }
    const hook = this.opts.hooks?.response;
    if (!hook) {
      this.dispatch(m);
      return;
    }
    Promise.resolve()
      .then(() => hook(req.method, m.result, req.params))
      .then(
        (result) => this.dispatch({ jsonrpc: '2.0', id: req.id, result: result ?? null }),
        (e: unknown) => this.dispatch({ jsonrpc: '2.0', id: req.id, error: { code: REQUEST_FAILED, message: (e as Error).message ?? String(e) } }),
      );
  }

  private serverRequest(m: JsonRpcMessage & { method: string }): void {
    const handled = this.opts.hooks?.serverRequest?.(m.method, m.params);
    if (!handled) {
      this.dispatch(m);
      return;
    }
    const socket = this.socket;
    const reply = (r: Partial<JsonRpcMessage>) => {
      if (this.socket === socket && this.phase === 'up') this.write({ jsonrpc: '2.0', id: m.id, ...r });
    };
    handled.then(
      (result) => reply({ result: result ?? null }),
      (e: unknown) => reply({ error: { code: REQUEST_FAILED, message: (e as Error).message ?? String(e) } }),
    );
  }

  /** An error answer from the server or the relay. */
  private failed(req: Pending, error: NonNullable<JsonRpcMessage['error']>): void {
    if (req.method === 'initialize') {
      // The client sends initialize once and is useless without an answer: it is held and sent
      // again on a new socket (a new client also makes the relay restart a server that gave up).
      this.initFailures++;
      if (this.initialize) this.held.unshift(this.initialize);
      this.socket?.close(1000, 'initialize failed');
      return;
    }
    const retry = this.opts.retry ?? DEFAULT_RETRY;
    if (error.code === UNAVAILABLE && req.attempts < retry.attempts) this.retryLater(req);
    else if (error.code === UNAVAILABLE || MOOT.has(error.code)) this.fail(req, error.message);
    else this.dispatch({ jsonrpc: '2.0', id: req.id, error });
  }

  /**
   * Answers a request the server will not: with a neutral result where the user could do nothing
   * about the failure (no hover, no completions, the item unresolved), else with RequestFailed.
   */
  private fail(req: Pending, message: string): void {
    const fallback = fallbackResult(req.method, req.params);
    this.dispatch(fallback ? { jsonrpc: '2.0', id: req.id, result: fallback.result }
      : { jsonrpc: '2.0', id: req.id, error: { code: REQUEST_FAILED, message } });
  }

  private dispatch(m: JsonRpcMessage): void {
    if (this.listener) this.listener(m);
    else this.inbox.push(m);
  }

  private write(m: JsonRpcMessage): void {
    try {
      this.socket?.send(JSON.stringify(m));
    } catch {
      // The socket is closing; its close event does the bookkeeping.
    }
  }

  private documentsChanged(): void {
    for (const l of this.documentListeners) l();
  }

  private setLink(info: LinkInfo): void {
    this.link = info;
    for (const l of this.linkListeners) l(info);
  }
}

/** Requests name their document by `textDocument.uri`, which the client spells for the model. */
function withServerUri(params: unknown): unknown {
  const td = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument;
  if (!td || typeof td.uri !== 'string') return params;
  return { ...(params as object), textDocument: { ...td, uri: toServerUri(td.uri) } };
}
