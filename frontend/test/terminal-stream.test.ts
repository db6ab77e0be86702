import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WriteCoalescer } from '../src/terminal/coalesce';
import { TerminalStream, type ByteSocket, type StreamState } from '../src/terminal/stream';

/** A scripted byte socket: the test plays the server. */
class FakeByteSocket extends EventTarget implements ByteSocket {
  binaryType = 'blob';
  readyState = 0;
  readonly sent: (string | Uint8Array)[] = [];
  constructor(readonly url: string) { super(); }
  send(data: string | ArrayBufferLike | ArrayBufferView): void {
    this.sent.push(typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer));
  }
  /** The close codes asked for; with `stuck` (a network gone) the closing handshake never completes. */
  readonly closes: (number | undefined)[] = [];
  stuck = false;
  close(code?: number): void {
    this.closes.push(code);
    if (!this.stuck) this.drop();
  }
  open(): void { this.readyState = 1; this.dispatchEvent(new Event('open')); }
  text(obj: object): void { this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(obj) })); }
  bytes(s: string): void { this.dispatchEvent(new MessageEvent('message', { data: new TextEncoder().encode(s).buffer })); }
  drop(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.dispatchEvent(new Event('close'));
  }
  acks(): number[] {
    return this.sent.filter((s): s is string => typeof s === 'string').map((s) => JSON.parse(s)).filter((m) => m.type === 'ack').map((m) => m.seq);
  }
}

function setup(opts: { autoProcess?: boolean; exists?: boolean } = {}) {
  const sockets: FakeByteSocket[] = [];
  const written: string[] = [];
  const pending: (() => void)[] = [];
  const states: StreamState[] = [];
  const events: string[] = [];
  const decoder = new TextDecoder();
  const stream = new TerminalStream({
    url: (from) => `ws://x/terminals/t1?from=${from}`,
    createSocket: (url) => { const s = new FakeByteSocket(url); sockets.push(s); return s; },
    backoff: { baseMs: 100, maxMs: 1000, jitter: 0 },
    ackBytes: 10, ackDelayMs: 20,
    stillExists: async () => opts.exists ?? true,
    sink: {
      write: (data, done) => {
        written.push(decoder.decode(data));
        if (opts.autoProcess === false) pending.push(done);
        else done();
      },
      lost: (n) => events.push(`lost ${n}`),
      exited: (code) => events.push(`exit ${code}`),
      state: (s) => states.push(s),
    },
  });
  return { stream, sockets, written, pending, states, events, last: () => sockets[sockets.length - 1] };
}

describe('TerminalStream', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('attaches from 0, writes output in order and acknowledges after processing', async () => {
    const t = setup({ autoProcess: false });
    t.stream.start(0);
    const ws = t.last();
    expect(ws.url).toBe('ws://x/terminals/t1?from=0');
    expect(ws.binaryType).toBe('arraybuffer');
    ws.open();
    ws.text({ type: 'attached', seq: 0, lost: 0 });
    expect(t.stream.state).toBe('open');
    ws.bytes('hello ');
    ws.bytes('world');
    expect(t.written.join('')).toBe('hello world');
    expect(t.stream.nextSeq).toBe(11);
    // Nothing is acknowledged before the renderer says it processed the output.
    await vi.advanceTimersByTimeAsync(100);
    expect(ws.acks()).toEqual([]);
    t.pending.shift()!();
    await vi.advanceTimersByTimeAsync(25);
    expect(ws.acks()).toEqual([6]);
    t.pending.shift()!();
    // 5 more bytes stay under the 10-byte threshold: acknowledged after the delay.
    expect(ws.acks()).toEqual([6]);
    await vi.advanceTimersByTimeAsync(25);
    expect(ws.acks()).toEqual([6, 11]);
  });

  it('acknowledges at once past the byte threshold', () => {
    const t = setup();
    t.stream.start();
    const ws = t.last();
    ws.open();
    ws.text({ type: 'attached', seq: 0, lost: 0 });
    ws.bytes('0123456789abc');
    expect(ws.acks()).toEqual([13]);
  });

  it('reconnects after a drop from the next expected byte, without duplicates', async () => {
    const t = setup();
    t.stream.start();
    let ws = t.last();
    ws.open();
    ws.text({ type: 'attached', seq: 0, lost: 0 });
    ws.bytes('abc');
    ws.drop();
    expect(t.stream.state).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(100);
    ws = t.last();
    expect(t.sockets).toHaveLength(2);
    expect(ws.url).toBe('ws://x/terminals/t1?from=3');
    ws.open();
    ws.text({ type: 'attached', seq: 3, lost: 0 });
    ws.bytes('def');
    expect(t.written.join('')).toBe('abcdef');
    expect(t.stream.nextSeq).toBe(6);
  });

  it('replaces a socket whose network went away, resuming at the next byte, and input typed meanwhile goes to the new one', async () => {
    const t = setup();
    t.stream.start();
    const dead = t.last();
    dead.open();
    dead.text({ type: 'attached', seq: 0, lost: 0 });
    dead.bytes('abc');
    // The workspace connection stopped answering: this socket still looks open, and would until TCP gives up.
    dead.stuck = true;
    t.stream.dropped();
    expect(dead.closes).toEqual([4001]);
    expect(t.stream.state).toBe('reconnecting');
    t.stream.input('ls\r');
    // Whatever the dead socket still delivers, now or when its close finally comes, is not this stream's.
    dead.bytes('zzz');
    dead.drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(t.sockets).toHaveLength(2);
    const ws = t.last();
    expect(ws.url).toBe('ws://x/terminals/t1?from=3');
    ws.open();
    ws.text({ type: 'attached', seq: 3, lost: 0 });
    ws.bytes('def');
    expect(t.written.join('')).toBe('abcdef');
    expect(dead.sent.filter((d) => typeof d !== 'string')).toEqual([]);
    expect(ws.sent.filter((d) => typeof d !== 'string').map((d) => new TextDecoder().decode(d as Uint8Array))).toEqual(['ls\r']);
    // Nothing to replace once it exited.
    ws.text({ type: 'exit', code: 0 });
    t.stream.dropped();
    expect(ws.closes).toEqual([]);
  });

  it('drops bytes the server resends and reports bytes it no longer has', async () => {
    const t = setup();
    t.stream.start();
    let ws = t.last();
    ws.open();
    ws.text({ type: 'attached', seq: 0, lost: 0 });
    ws.bytes('abcd');
    ws.drop();
    await vi.advanceTimersByTimeAsync(100);
    ws = t.last();
    ws.open();
    // A server that starts earlier than asked: the overlap must not be shown twice.
    ws.text({ type: 'attached', seq: 2, lost: 0 });
    ws.bytes('cdef');
    expect(t.written.join('')).toBe('abcdef');
    ws.drop();
    await vi.advanceTimersByTimeAsync(100);
    ws = t.last();
    expect(ws.url).toBe('ws://x/terminals/t1?from=6');
    ws.open();
    ws.text({ type: 'attached', seq: 100, lost: 94 });
    expect(t.events).toEqual(['lost 94']);
    ws.bytes('Z');
    expect(t.stream.nextSeq).toBe(101);
    await vi.advanceTimersByTimeAsync(25);
    expect(ws.acks()).toEqual([100, 101]);
  });

  it('reports the exit after the last byte and does not reconnect', async () => {
    const t = setup();
    t.stream.start();
    const ws = t.last();
    ws.open();
    ws.text({ type: 'attached', seq: 0, lost: 0 });
    ws.bytes('bye\r\n');
    ws.text({ type: 'exit', code: 3, seq: 5 });
    ws.drop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.events).toEqual(['exit 3']);
    expect(t.stream.state).toBe('exited');
    expect(t.sockets).toHaveLength(1);
  });

  it('sends input as binary UTF-8 frames and queues it while reconnecting', async () => {
    const t = setup();
    t.stream.start();
    let ws = t.last();
    ws.open();
    ws.text({ type: 'attached', seq: 0, lost: 0 });
    t.stream.input('é\r');
    expect(ws.sent[0]).toEqual(new Uint8Array([0xc3, 0xa9, 0x0d]));
    ws.drop();
    t.stream.input('ls\r');
    await vi.advanceTimersByTimeAsync(100);
    ws = t.last();
    ws.open();
    expect(ws.sent).toEqual([]);
    ws.text({ type: 'attached', seq: 0, lost: 0 });
    expect(ws.sent).toEqual([new TextEncoder().encode('ls\r')]);
  });

  it('treats skipped output as received and acknowledges it after the writes before it', async () => {
    const t = setup({ autoProcess: false });
    t.stream.start();
    const ws = t.last();
    ws.open();
    ws.text({ type: 'attached', seq: 0, lost: 0 });
    ws.bytes('abc');
    ws.text({ type: 'skip', seq: 3, to: 100 });
    expect(t.stream.nextSeq).toBe(100);
    // The skip reaches the sink as an empty write, in order after 'abc'.
    expect(t.written).toEqual(['abc', '']);
    await vi.advanceTimersByTimeAsync(100);
    expect(ws.acks()).toEqual([]);
    t.pending.shift()!();
    await vi.advanceTimersByTimeAsync(25);
    // Only what was processed: not the skip, whose write is still pending.
    expect(ws.acks()).toEqual([3]);
    expect(t.stream.processedSeq).toBe(3);
    t.pending.shift()!();
    expect(t.stream.processedSeq).toBe(100);
    expect(ws.acks()).toEqual([3, 100]); // 97 bytes: past the threshold, at once
    // Output after the skip continues from its end.
    ws.bytes('xyz');
    expect(t.stream.nextSeq).toBe(103);
    t.pending.shift()!();
    await vi.advanceTimersByTimeAsync(25);
    expect(ws.acks()).toEqual([3, 100, 103]);
    expect(t.written.join('')).toBe('abcxyz');
  });

  it('acknowledges a skip only after xterm parsed the output before it (through the coalescer)', async () => {
    const writes: string[] = [];
    const parsing: (() => void)[] = [];
    const decoder = new TextDecoder();
    const out = new WriteCoalescer((data, done) => { writes.push(decoder.decode(data)); parsing.push(done); });
    const sockets: FakeByteSocket[] = [];
    const stream = new TerminalStream({
      url: (from) => `ws://x/terminals/t1?from=${from}`,
      createSocket: (url) => { const s = new FakeByteSocket(url); sockets.push(s); return s; },
      ackBytes: 10, ackDelayMs: 20,
      sink: { write: (data, done) => out.write(data, done), lost: () => {}, exited: () => {}, state: () => {} },
    });
    stream.start();
    const ws = sockets[0];
    ws.open();
    ws.text({ type: 'attached', seq: 0, lost: 0 });
    ws.bytes('0123456789ab'); // xterm is parsing this
    ws.text({ type: 'skip', seq: 12, to: 5000 });
    ws.bytes('tail');
    await vi.advanceTimersByTimeAsync(100);
    expect(ws.acks()).toEqual([]);
    expect(writes).toEqual(['0123456789ab']);
    parsing.shift()!();
    // The first write is acknowledged; the skip waits behind it with 'tail' in one batch.
    expect(ws.acks()).toEqual([12]);
    expect(writes).toEqual(['0123456789ab', 'tail']);
    parsing.shift()!();
    expect(ws.acks()).toEqual([12, 5000]);
    await vi.advanceTimersByTimeAsync(25);
    expect(ws.acks()).toEqual([12, 5000, 5004]);
    expect(stream.nextSeq).toBe(5004);
    // Idle: a skip is done at once.
    ws.text({ type: 'skip', seq: 5004, to: 9000 });
    expect(ws.acks()).toEqual([12, 5000, 5004, 9000]);
    expect(writes).toEqual(['0123456789ab', 'tail']);
  });

  it('ignores a skip of output it already has', async () => {
    const t = setup();
    t.stream.start();
    let ws = t.last();
    ws.open();
    ws.text({ type: 'attached', seq: 0, lost: 0 });
    ws.text({ type: 'skip', seq: 0, to: 100 });
    ws.bytes('0123456789');
    expect(t.stream.nextSeq).toBe(110);
    // A stale or repeated skip, entirely before what was received: nothing changes.
    ws.text({ type: 'skip', seq: 0, to: 100 });
    ws.text({ type: 'skip', seq: 50, to: 110 });
    expect(t.stream.nextSeq).toBe(110);
    expect(t.written).toEqual(['', '0123456789']);
    ws.drop();
    await vi.advanceTimersByTimeAsync(100);
    ws = t.last();
    expect(ws.url).toBe('ws://x/terminals/t1?from=110');
    ws.open();
    // A server that resends from 104: a skip inside that overlap only shortens what is dropped ...
    ws.text({ type: 'attached', seq: 104, lost: 0 });
    ws.text({ type: 'skip', seq: 104, to: 108 });
    expect(t.stream.nextSeq).toBe(110);
    ws.bytes('89AB');
    expect(t.written.join('')).toBe('0123456789AB');
    expect(t.stream.nextSeq).toBe(112);
    // ... and one ending before the overlap's end is ignored.
    ws.text({ type: 'skip', seq: 100, to: 111 });
    expect(t.stream.nextSeq).toBe(112);
    expect(t.written.join('')).toBe('0123456789AB');
  });

  it('skips past the resent overlap after a reconnect', async () => {
    const t = setup();
    t.stream.start();
    let ws = t.last();
    ws.open();
    ws.text({ type: 'attached', seq: 0, lost: 0 });
    ws.bytes('0123456789');
    ws.drop();
    await vi.advanceTimersByTimeAsync(100);
    ws = t.last();
    ws.open();
    ws.text({ type: 'attached', seq: 4, lost: 0 });
    // The server skips over all we still meant to drop and beyond it.
    ws.text({ type: 'skip', seq: 4, to: 20 });
    expect(t.stream.nextSeq).toBe(20);
    ws.bytes('KL');
    expect(t.written.join('')).toBe('0123456789KL');
    expect(t.stream.nextSeq).toBe(22);
  });

  it('resumes after a skip from where the skip ended', async () => {
    const t = setup();
    t.stream.start();
    let ws = t.last();
    ws.open();
    ws.text({ type: 'attached', seq: 0, lost: 0 });
    ws.bytes('ab');
    ws.text({ type: 'skip', seq: 2, to: 70000 });
    ws.drop();
    await vi.advanceTimersByTimeAsync(100);
    ws = t.last();
    expect(ws.url).toBe('ws://x/terminals/t1?from=70000');
    ws.open();
    ws.text({ type: 'attached', seq: 70000, lost: 0 });
    expect(t.events).toEqual([]);
    ws.bytes('cd');
    expect(t.stream.nextSeq).toBe(70002);
    await vi.advanceTimersByTimeAsync(25);
    expect(ws.acks()).toEqual([70002]);
  });

  it('stops when the terminal no longer exists', async () => {
    const t = setup({ exists: false });
    t.stream.start();
    t.last().drop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.stream.state).toBe('closed');
    expect(t.sockets).toHaveLength(1);
  });
});
