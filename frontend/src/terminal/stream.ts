import { backoffDelay, type BackoffOptions } from '../backoff';

/**
 * The client side of the terminal byte socket (docs/protocol.md): sequence bookkeeping,
 * acknowledgements after the renderer has processed output, and reconnects that resume at the
 * next expected byte, so nothing is duplicated or lost. No DOM and no xterm: the view passes a
 * sink, and tests pass a fake socket.
 */

export interface ByteSocket {
  binaryType: string;
  readonly readyState: number;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (ev: Event) => void): void;
}

export interface StreamSink {
  /**
   * Writes output; `done` must be called once the renderer has processed it. Output the server
   * skipped (plain lines the view's scrollback could not hold anyway) arrives as an empty write,
   * so `done` still follows everything before it.
   */
  write(data: Uint8Array, done: () => void): void;
  /** `bytes` of output were dropped from the server's buffer before we could read them. */
  lost(bytes: number): void;
  /** The shell exited after the last byte written. */
  exited(code: number): void;
  state(state: StreamState): void;
}

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'exited' | 'closed';

export interface StreamOptions {
  /**
   * Socket URL that resumes at output byte `from`. With `lines` (the view's scrollback and
   * screen), the server may skip plain lines during a flood that would scroll out of it anyway.
   */
  url(from: number): string;
  createSocket(url: string): ByteSocket;
  sink: StreamSink;
  backoff?: BackoffOptions;
  /** Acknowledge at once when this many processed bytes are unacknowledged (default 32 KiB). */
  ackBytes?: number;
  /** Otherwise acknowledge this long after the last write was processed (default 50 ms). */
  ackDelayMs?: number;
  /** Asked after a failed attempt; false stops reconnecting (the terminal is gone). */
  stillExists?: () => Promise<boolean>;
}

const OPEN = 1;
const MAX_PENDING_INPUT = 64 * 1024;

export class TerminalStream {
  /** Next output byte we expect from the server (what a reconnect asks for). */
  private received = 0;
  /** Output up to here has been processed by the renderer. */
  private processed = 0;
  private acked = 0;
  /** Bytes to drop from the next frames: the server resent output we already have. */
  private skip = 0;
  private socket: ByteSocket | undefined;
  private attached = false;
  private failures = 0;
  private ackTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingInput: (string | Uint8Array)[] = [];
  private pendingInputBytes = 0;
  private current: StreamState = 'connecting';
  private readonly encoder = new TextEncoder();

  constructor(private readonly opts: StreamOptions) {}

  get state(): StreamState {
    return this.current;
  }

  get nextSeq(): number {
    return this.received;
  }

  get processedSeq(): number {
    return this.processed;
  }

  get ackedSeq(): number {
    return this.acked;
  }

  /** Attaches, replaying the server's buffer from byte `from` (0: everything it still has). */
  start(from = 0): void {
    this.received = this.processed = this.acked = from;
    this.connect();
  }

  /** Sends keystrokes or pasted text (UTF-8) or raw bytes; queued briefly while reconnecting. */
  input(data: string | Uint8Array): void {
    if (this.current === 'exited' || this.current === 'closed') return;
    const bytes = typeof data === 'string' ? this.encoder.encode(data) : data;
    if (this.socket && this.attached && this.socket.readyState === OPEN) {
      this.socket.send(bytes);
      return;
    }
    if (this.pendingInputBytes + bytes.length > MAX_PENDING_INPUT) return;
    this.pendingInput.push(bytes);
    this.pendingInputBytes += bytes.length;
  }

  /**
   * The network under the socket is likely gone (the workspace connection stopped answering):
   * the socket is let go without waiting for TCP to notice, and a new one resumes at the next
   * byte, as after a close.
   */
  dropped(): void {
    const ws = this.socket;
    if (!ws || this.current === 'exited' || this.current === 'closed') return;
    this.socket = undefined;
    try {
      ws.close(4001, 'The connection stopped answering');
    } catch {
      // closing already
    }
    void this.afterClose();
  }

  dispose(): void {
    clearTimeout(this.ackTimer);
    clearTimeout(this.retryTimer);
    const s = this.socket;
    this.socket = undefined;
    s?.close(1000, 'closed by client');
    if (this.current !== 'exited') this.setState('closed');
  }

  private connect(): void {
    this.setState(this.failures === 0 && this.received === 0 ? 'connecting' : 'reconnecting');
    const ws = this.opts.createSocket(this.opts.url(this.received));
    ws.binaryType = 'arraybuffer';
    this.socket = ws;
    this.attached = false;
    const requested = this.received;
    ws.addEventListener('message', (ev) => {
      if (this.socket !== ws) return;
      const data = (ev as MessageEvent).data as unknown;
      if (typeof data === 'string') this.control(data, requested);
      else this.output(toBytes(data));
    });
    ws.addEventListener('close', () => {
      if (this.socket !== ws) return;
      this.socket = undefined;
      void this.afterClose();
    });
  }

  private control(text: string, requested: number): void {
    let msg: { type?: string; seq?: number; lost?: number; code?: number; to?: number };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (msg.type === 'attached') {
      const seq = typeof msg.seq === 'number' ? msg.seq : requested;
      this.attached = true;
      this.failures = 0;
      if (seq > requested) {
        this.opts.sink.lost(typeof msg.lost === 'number' && msg.lost > 0 ? msg.lost : seq - requested);
        this.received = seq;
        // Nothing before `seq` will ever arrive: account it as processed so acks stay monotonic.
        this.processed = Math.max(this.processed, seq);
      } else {
        this.skip = requested - seq;
      }
      this.setState('open');
      this.flushInput();
      this.scheduleAck();
    } else if (msg.type === 'skip' && typeof msg.to === 'number') {
      this.skipTo(msg.to);
    } else if (msg.type === 'exit') {
      this.setState('exited');
      this.opts.sink.exited(typeof msg.code === 'number' ? msg.code : -1);
      clearTimeout(this.retryTimer);
    }
  }

  private output(bytes: Uint8Array): void {
    if (this.skip > 0) {
      const drop = Math.min(this.skip, bytes.length);
      this.skip -= drop;
      bytes = bytes.subarray(drop);
    }
    if (bytes.length === 0) return;
    this.received += bytes.length;
    const end = this.received;
    this.opts.sink.write(bytes, () => {
      if (end > this.processed) this.processed = end;
      this.scheduleAck();
    });
  }

  /** The server skipped its output up to byte `to`: nothing before it will arrive. */
  private skipTo(to: number): void {
    // The server's position is `received - skip` (bytes it resent that we still drop).
    if (to <= this.received - this.skip) return;
    if (to >= this.received) {
      this.skip = 0;
      this.received = to;
    } else {
      this.skip = this.received - to;
      return;
    }
    this.opts.sink.write(new Uint8Array(0), () => {
      if (to > this.processed) this.processed = to;
      this.scheduleAck();
    });
  }

  private scheduleAck(): void {
    if (this.processed <= this.acked) return;
    if (this.processed - this.acked >= (this.opts.ackBytes ?? 32 * 1024)) {
      this.sendAck();
      return;
    }
    if (this.ackTimer === undefined) {
      this.ackTimer = setTimeout(() => this.sendAck(), this.opts.ackDelayMs ?? 50);
    }
  }

  private sendAck(): void {
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    const ws = this.socket;
    if (!ws || !this.attached || ws.readyState !== OPEN || this.processed <= this.acked) return;
    ws.send(JSON.stringify({ type: 'ack', seq: this.processed }));
    this.acked = this.processed;
  }

  private flushInput(): void {
    const queued = this.pendingInput;
    this.pendingInput = [];
    this.pendingInputBytes = 0;
    for (const chunk of queued) this.socket?.send(chunk);
  }

  private async afterClose(): Promise<void> {
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    if (this.current === 'exited' || this.current === 'closed') return;
    const wasAttached = this.attached;
    this.attached = false;
    // A reconnect asks the server for what we have not received yet; acks restart from there.
    this.acked = Math.min(this.acked, this.processed);
    if (!wasAttached) {
      this.failures++;
      if (this.opts.stillExists && !(await this.opts.stillExists().catch(() => true))) {
        this.setState('closed');
        return;
      }
    }
    if ((this.current as StreamState) === 'closed') return;
    this.setState('reconnecting');
    const delay = backoffDelay(wasAttached ? 0 : this.failures - 1, this.opts.backoff ?? { baseMs: 250, maxMs: 5000, jitter: 0.3 });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private setState(state: StreamState): void {
    if (this.current === state) return;
    this.current = state;
    this.opts.sink.state(state);
  }
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(0);
}
