/** An in-memory WebSocket pair for tests: what one side sends, the other receives as a text frame. */
export class FakeSocket extends EventTarget {
  peer: FakeSocket | undefined;
  readonly sent: string[] = [];
  closed = false;

  send(data: string): void {
    if (this.closed) throw new Error('socket closed');
    this.sent.push(data);
    const peer = this.peer;
    queueMicrotask(() => peer?.deliver(data));
  }

  deliver(data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }

  open(): void {
    this.dispatchEvent(new Event('open'));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dispatchEvent(new Event('close'));
    this.peer?.close();
  }

  static pair(): [FakeSocket, FakeSocket] {
    const a = new FakeSocket();
    const b = new FakeSocket();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }
}
