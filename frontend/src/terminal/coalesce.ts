/**
 * Coalesces terminal output for xterm.js. While xterm is still parsing an earlier write, the
 * frames that arrive meanwhile are queued and handed over as one write when it finishes; when
 * xterm is idle a frame is written at once, so typing echoes without added latency.
 *
 * Why this stays bounded: every `done` is still called only after xterm has parsed the bytes
 * (the stream acknowledges output from `done`), and the server never sends more than its
 * flow-control window (256 KiB) beyond the last acknowledgement, so the queue here plus xterm's
 * own write buffer never hold more than one window. Acknowledging on receipt instead would let
 * the server outrun xterm's parser without limit.
 *
 * Fewer, larger writes save xterm's per-chunk bookkeeping (a callback, a time check and a parse
 * entry per chunk) and keep its parser fed from within the same time slice: the next batch is
 * written from the previous batch's callback, which xterm runs inside its write loop.
 */
export type Write = (data: Uint8Array, done: () => void) => void;

export class WriteCoalescer {
  private busy = false;
  private queued: Uint8Array[] = [];
  private queuedDone: (() => void)[] = [];
  private queuedBytes = 0;
  private disposed = false;
  private readonly encoder = new TextEncoder();

  constructor(private readonly sink: Write) {}

  /** Bytes waiting for xterm to finish its current write. */
  get pendingBytes(): number {
    return this.queuedBytes;
  }

  /** Writes `data` (text is written as UTF-8), in order with everything before it. */
  write(data: Uint8Array | string, done: () => void = noop): void {
    if (this.disposed) return;
    const bytes = typeof data === 'string' ? this.encoder.encode(data) : data;
    if (bytes.length === 0 && !this.busy) {
      done(); // nothing to parse and nothing before it waiting
      return;
    }
    if (this.busy) {
      this.queued.push(bytes);
      this.queuedDone.push(done);
      this.queuedBytes += bytes.length;
      return;
    }
    this.busy = true;
    this.sink(bytes, () => this.finished([done]));
  }

  dispose(): void {
    this.disposed = true;
    this.queued = [];
    this.queuedDone = [];
    this.queuedBytes = 0;
  }

  private finished(dones: (() => void)[]): void {
    for (const d of dones) d();
    if (this.disposed || this.queued.length === 0) {
      this.busy = false;
      return;
    }
    const chunks = this.queued;
    const batchDone = this.queuedDone;
    const total = this.queuedBytes;
    this.queued = [];
    this.queuedDone = [];
    this.queuedBytes = 0;
    const batch = chunks.length === 1 ? chunks[0] : concat(chunks, total);
    this.sink(batch, () => this.finished(batchDone));
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function noop(): void {}
