import {
  AbstractMessageReader, AbstractMessageWriter, Disposable,
  type DataCallback, type Message, type MessageReader, type MessageWriter,
} from 'vscode-jsonrpc/browser';

/** The part of the DOM WebSocket the transport uses; lets tests pass a fake. */
export interface SocketLike {
  send(data: string): void;
  addEventListener(type: string, listener: (ev: Event) => void): void;
  removeEventListener(type: string, listener: (ev: Event) => void): void;
}

/**
 * Reads JSON-RPC messages from a WebSocket: one message per text frame, no Content-Length
 * headers. Frames that arrive before `listen` are buffered so none are lost.
 */
export class WebSocketMessageReader extends AbstractMessageReader implements MessageReader {
  private callback: DataCallback | undefined;
  private readonly pending: Message[] = [];
  private readonly handleMessage = (ev: Event) => this.receive((ev as MessageEvent).data);
  private readonly handleClose = () => this.fireClose();
  private readonly handleError = () => this.fireError(new Error('WebSocket error'));

  constructor(private readonly socket: SocketLike) {
    super();
    socket.addEventListener('message', this.handleMessage);
    socket.addEventListener('close', this.handleClose);
    socket.addEventListener('error', this.handleError);
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    while (this.pending.length > 0) callback(this.pending.shift()!);
    return Disposable.create(() => { this.callback = undefined; });
  }

  override dispose(): void {
    super.dispose();
    this.socket.removeEventListener('message', this.handleMessage);
    this.socket.removeEventListener('close', this.handleClose);
    this.socket.removeEventListener('error', this.handleError);
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') {
      this.fireError(new Error('Binary frame received on the JSON-RPC socket'));
      return;
    }
    let message: Message;
    try {
      message = JSON.parse(data) as Message;
    } catch (e) {
      this.fireError(new Error(`Malformed JSON-RPC frame: ${(e as Error).message}`));
      return;
    }
    if (this.callback) this.callback(message);
    else this.pending.push(message);
  }
}

/** Writes each JSON-RPC message as one WebSocket text frame. */
export class WebSocketMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly socket: SocketLike) {
    super();
  }

  async write(msg: Message): Promise<void> {
    try {
      this.socket.send(JSON.stringify(msg));
    } catch (e) {
      this.errorCount++;
      this.fireError(e, msg, this.errorCount);
      throw e;
    }
  }

  end(): void {
    // Closing is owned by whoever created the socket.
  }
}
