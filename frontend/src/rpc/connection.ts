import { createMessageConnection, ResponseError, type MessageConnection } from 'vscode-jsonrpc/browser';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../backoff';
import { ErrorCode, RpcError } from './errors';
import { installPromptMessageQueue } from './message-queue';
import { WebSocketMessageReader, WebSocketMessageWriter } from './ws-transport';

installPromptMessageQueue();

/** `waiting`: down, next attempt at `retryAt`; `connecting`: an attempt is in flight. */
export type ConnState = 'connecting' | 'open' | 'waiting' | 'closed';

export interface StateInfo {
  state: ConnState;
  /** True once the socket has been open at least once (so a drop is a reconnect). */
  everOpened: boolean;
  /** Epoch ms of the next attempt while `waiting`. */
  retryAt?: number;
  attempt: number;
}

export type AuthCheck = () => Promise<'ok' | 'unauthorized' | 'unreachable'>;

/**
 * How a connection tells a quiet server from one that is gone: after `quietMs` with nothing
 * received it asks `rpc/ping`, and with no answer (nor anything else) within `answerMs` the
 * connection is treated as lost. Without this, a connection whose network went away without a
 * close (a laptop asleep, a VPN dropped, a proxy restarted) looks open until TCP gives up.
 */
export interface LivenessOptions {
  quietMs: number;
  answerMs: number;
}

export const DEFAULT_LIVENESS: LivenessOptions = { quietMs: 15_000, answerMs: 10_000 };

export interface ConnectionOptions {
  url: string;
  /** Asked after a failed attempt: an expired session must go to login, not retry forever. */
  checkAuth: AuthCheck;
  onUnauthorized: () => void;
  backoff?: BackoffOptions;
  liveness?: LivenessOptions;
  createSocket?: (url: string) => WebSocket;
  /** Fires `online` and `offline` as the browser's network comes and goes (default: `window`). */
  network?: EventTarget;
}

/**
 * One JSON-RPC connection to a workspace that survives socket loss: it reconnects with
 * exponential backoff and re-registers notification handlers on every new socket.
 */
export class WorkspaceConnection {
  private socket: WebSocket | undefined;
  private conn: MessageConnection | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private info: StateInfo = { state: 'connecting', everOpened: false, attempt: 0 };
  private readonly inflight = new Set<(e: Error) => void>();
  private readonly notificationHandlers = new Map<string, (params: unknown) => void>();
  private readonly openListeners = new Set<() => void>();
  private readonly goneListeners = new Set<() => void>();
  private readonly stateListeners = new Set<(info: StateInfo) => void>();
  /** Messages received on the current socket, and when the last came. */
  private heard = 0;
  private lastHeard = 0;
  /** While `rpc/ping` waits for its answer: when it was sent and `heard` then. */
  private ping: { at: number; heard: number } | undefined;
  private livenessTimer: ReturnType<typeof setInterval> | undefined;
  private readonly offline = () => this.checkAlive(true);
  private readonly online = () => this.retryNow();

  constructor(private readonly opts: ConnectionOptions) {}

  get state(): StateInfo {
    return this.info;
  }

  get isOpen(): boolean {
    return this.info.state === 'open';
  }

  start(): void {
    const { quietMs, answerMs } = this.liveness;
    this.livenessTimer = setInterval(() => this.checkAlive(false), Math.max(100, Math.min(quietMs, answerMs) / 4));
    this.network?.addEventListener('offline', this.offline);
    this.network?.addEventListener('online', this.online);
    this.connect();
  }

  private get liveness(): LivenessOptions {
    return this.opts.liveness ?? DEFAULT_LIVENESS;
  }

  private get network(): EventTarget | undefined {
    return this.opts.network ?? (typeof window === 'undefined' ? undefined : window);
  }

  onNotification(method: string, handler: (params: unknown) => void): void {
    this.notificationHandlers.set(method, handler);
    this.conn?.onNotification(method, handler);
  }

  /** Called after every successful (re)connect: the place to re-establish watches. */
  /**
   * Called when the connection is found gone without a close (a ping left unanswered): the
   * network under it went away, so the page's other sockets to the server likely went with it.
   */
  onGone(listener: () => void): void {
    this.goneListeners.add(listener);
  }

  onOpen(listener: () => void): void {
    this.openListeners.add(listener);
  }

  onState(listener: (info: StateInfo) => void): void {
    this.stateListeners.add(listener);
  }

  async request<T>(method: string, params: object): Promise<T> {
    const conn = this.conn;
    if (!conn || this.info.state !== 'open') {
      throw new RpcError(ErrorCode.Offline, 'Not connected to the workspace');
    }
    // Tracked here too: vscode-jsonrpc registers a request only after its write completes,
    // so a socket dropping in between would otherwise leave the promise pending forever.
    return new Promise<T>((resolve, reject) => {
      this.inflight.add(reject);
      conn.sendRequest(method, params).then(
        (r) => resolve(r as T),
        (e: unknown) => reject(this.mapError(e, conn)),
      ).finally(() => this.inflight.delete(reject));
    });
  }

  private mapError(e: unknown, conn: MessageConnection): unknown {
    if (this.conn !== conn || (e instanceof ResponseError && e.code === -32097 /* PendingResponseRejected */)) {
      return new RpcError(ErrorCode.Offline, 'The connection was lost before the server answered');
    }
    if (e instanceof ResponseError) return new RpcError(e.code, e.message, e.data);
    return e;
  }

  /** Skips the remaining backoff delay. */
  retryNow(): void {
    if (this.disposed || this.info.state !== 'waiting') return;
    clearTimeout(this.timer);
    this.connect();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    clearInterval(this.livenessTimer);
    this.network?.removeEventListener('offline', this.offline);
    this.network?.removeEventListener('online', this.online);
    this.teardown();
    this.socket?.close(1000, 'closed by client');
    this.setState({ ...this.info, state: 'closed', retryAt: undefined });
  }

  private connect(): void {
    this.setState({ ...this.info, state: 'connecting', retryAt: undefined });
    const create = this.opts.createSocket ?? ((u: string) => new WebSocket(u));
    const ws = create(this.opts.url);
    this.socket = ws;
    let opened = false;
    ws.addEventListener('message', () => {
      if (this.socket !== ws) return;
      this.heard++;
      this.lastHeard = Date.now();
    });
    ws.addEventListener('open', () => {
      if (this.disposed || this.socket !== ws) return;
      opened = true;
      this.lastHeard = Date.now();
      this.ping = undefined;
      this.attach(ws);
      this.setState({ state: 'open', everOpened: true, attempt: 0 });
      for (const l of this.openListeners) l();
    });
    ws.addEventListener('close', () => {
      if (this.disposed || this.socket !== ws) return;
      this.teardown();
      void this.afterClose(opened);
    });
  }

  private attach(ws: WebSocket): void {
    const conn = createMessageConnection(new WebSocketMessageReader(ws), new WebSocketMessageWriter(ws));
    for (const [method, handler] of this.notificationHandlers) conn.onNotification(method, handler);
    conn.onError(([error]) => console.warn('Workspace connection error', error));
    conn.listen();
    this.conn = conn;
  }

  /**
   * Asks a connection that has been quiet for a while (or at once, when the browser says its
   * network went away) whether it is still there; one that did not answer in time is lost.
   * Only a ping actually sent and left unanswered counts, so timers a background tab has
   * slowed down, or a machine waking from sleep, never make a live connection look dead.
   */
  private checkAlive(suspect: boolean): void {
    const conn = this.conn;
    const ws = this.socket;
    if (!conn || !ws || this.info.state !== 'open') return;
    const now = Date.now();
    if (this.ping && this.heard > this.ping.heard) this.ping = undefined;
    if (this.ping) {
      if (now - this.ping.at >= this.liveness.answerMs) this.gone(ws);
      return;
    }
    if (suspect || now - this.lastHeard >= this.liveness.quietMs) {
      this.ping = { at: now, heard: this.heard };
      conn.sendRequest('rpc/ping', {}).catch(() => undefined);
    }
  }

  /** The socket gave no sign of life: it is let go as if it had closed, and reconnecting starts. */
  private gone(ws: WebSocket): void {
    this.socket = undefined; // its close event, whenever it comes, is not this connection's any more
    try {
      ws.close(4001, 'The server stopped answering');
    } catch {
      // already closing
    }
    this.teardown();
    void this.afterClose(true);
    for (const l of this.goneListeners) l();
  }

  private teardown(): void {
    const conn = this.conn;
    this.conn = undefined;
    conn?.dispose();
    const lost = new RpcError(ErrorCode.Offline, 'The connection was lost before the server answered');
    for (const reject of this.inflight) reject(lost);
    this.inflight.clear();
  }

  private async afterClose(wasOpen: boolean): Promise<void> {
    if (!wasOpen) {
      const auth = await this.opts.checkAuth().catch(() => 'unreachable' as const);
      if (this.disposed) return;
      if (auth === 'unauthorized') {
        this.setState({ ...this.info, state: 'closed', retryAt: undefined });
        this.opts.onUnauthorized();
        return;
      }
    }
    const attempt = wasOpen ? 0 : this.info.attempt;
    const delay = backoffDelay(attempt, this.opts.backoff ?? DEFAULT_BACKOFF);
    this.setState({ ...this.info, state: 'waiting', attempt: attempt + 1, retryAt: Date.now() + delay });
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private setState(info: StateInfo): void {
    this.info = info;
    for (const l of this.stateListeners) l(info);
  }
}
