import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REQUEST_FAILED, RelayTransport, UNAVAILABLE, type JsonRpcMessage, type SyncedDocument, type TransportHooks } from '../src/lsp/relay-transport';
import { FakeSocket } from './fake-socket';

const NO_JITTER = { baseMs: 100, maxMs: 1000, jitter: 0 };

class Doc implements SyncedDocument {
  version = 1;
  constructor(public uri: string, public languageId: string, public text: string) {}
  getValue() { return this.text; }
  getVersionId() { return this.version; }
}

function setup(docs: Doc[] = [], hooks?: TransportHooks) {
  const sockets: FakeSocket[] = [];
  const received: JsonRpcMessage[] = [];
  const transport = new RelayTransport({
    url: 'ws://x/api/workspaces/w/lsp/typescript',
    languageIds: ['typescript'],
    document: (lower) => docs.find((d) => d.uri.toLowerCase() === lower),
    hooks,
    backoff: NO_JITTER,
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
  });
  transport.setListener((m) => received.push(m));
  const sent = (i = sockets.length - 1) => sockets[i].sent.map((s) => JSON.parse(s) as JsonRpcMessage);
  const reply = (m: object, i = sockets.length - 1) => sockets[i].deliver(JSON.stringify({ jsonrpc: '2.0', ...m }));
  /** Opens the socket and lets the client's initialize be answered. */
  const initialized = async () => {
    sockets[0].open();
    await transport.send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { capabilities: {} } });
    reply({ id: 0, result: { capabilities: {} } });
    await vi.runAllTicks();
  };
  return { transport, sockets, received, sent, reply, initialized };
}

const didOpen = (uri: string, text = 'x', languageId = 'typescript') =>
  ({ jsonrpc: '2.0' as const, method: 'textDocument/didOpen', params: { textDocument: { uri, languageId, version: 1, text } } });

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe('relay transport', () => {
  it('holds the client\'s initialize until the socket opens and announces snippets and workspace edits', async () => {
    const { transport, sockets, sent } = setup();
    await transport.send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    expect(sockets[0].sent).toEqual([]);
    sockets[0].open();
    const [init] = sent();
    expect(init).toMatchObject({ id: 0, method: 'initialize' });
    const caps = (init.params as { capabilities: Record<string, any> }).capabilities;
    expect(caps.textDocument.completion.completionItem.snippetSupport).toBe(true);
    expect(caps.workspace.applyEdit).toBe(true);
  });

  it('opens only workspace documents of its languages, in their real case, with the LSP language id', async () => {
    const tsx = new Doc('file:///workspace/src/App View.tsx', 'typescript', 'let a');
    const py = new Doc('file:///workspace/main.py', 'python', 'x = 1');
    const { transport, sockets, sent } = setup([tsx, py]);
    sockets[0].open();
    // The client lower-cases URIs in didOpen and sends every model to every server.
    await transport.send(didOpen('file:///workspace/src/app view.tsx', 'let a'));
    await transport.send(didOpen('file:///workspace/main.py', 'x = 1', 'python'));
    await transport.send(didOpen('git-diff:/1/original/src/a.ts'));
    await transport.send({ jsonrpc: '2.0', method: 'textDocument/didChange',
      params: { textDocument: { uri: 'file:///workspace/src/app view.tsx', version: 2 }, contentChanges: [{ text: 'let ab' }] } });
    await transport.send({ jsonrpc: '2.0', method: 'textDocument/didChange',
      params: { textDocument: { uri: 'file:///workspace/main.py', version: 2 }, contentChanges: [{ text: 'y' }] } });
    expect(sent().map((m) => [m.method, (m.params as any).textDocument.uri, (m.params as any).textDocument.languageId])).toEqual([
      ['textDocument/didOpen', 'file:///workspace/src/App%20View.tsx', 'typescriptreact'],
      ['textDocument/didChange', 'file:///workspace/src/App%20View.tsx', undefined],
    ]);
    expect(transport.isOpen('file:///workspace/src/App View.tsx')).toBe(true);
    expect(transport.isOpen('file:///workspace/main.py')).toBe(false);
  });

  it('encodes the document URI of requests for the server', async () => {
    const { transport, sockets, sent } = setup();
    sockets[0].open();
    await transport.send({ jsonrpc: '2.0', id: 3, method: 'textDocument/hover',
      params: { textDocument: { uri: 'file:///workspace/a b.ts' }, position: { line: 0, character: 1 } } });
    expect((sent()[0].params as any).textDocument.uri).toBe('file:///workspace/a%20b.ts');
  });

  it('answers requests in flight when the socket drops, and requests made while it is down', async () => {
    const { transport, sockets, received, initialized } = setup();
    await initialized();
    await transport.send({ jsonrpc: '2.0', id: 1, method: 'textDocument/definition', params: {} });
    await transport.send({ jsonrpc: '2.0', id: 2, method: 'textDocument/rename', params: {} });
    sockets[0].close();
    // Nothing found, quietly; a rename the user asked for fails visibly.
    expect(received.slice(1)).toEqual([
      { jsonrpc: '2.0', id: 1, result: null },
      { jsonrpc: '2.0', id: 2, error: { code: REQUEST_FAILED, message: expect.stringMatching(/lost/) } },
    ]);
    const item = { label: 'x', data: 1 };
    await transport.send({ jsonrpc: '2.0', id: 3, method: 'completionItem/resolve', params: item });
    expect(received.at(-1)).toEqual({ jsonrpc: '2.0', id: 3, result: item });
    expect(transport.linkInfo.state).toBe('waiting');
  });

  it('sends a request again while the relay says its server is starting, until it answers or gives up', async () => {
    const { transport, received, sent, reply, initialized } = setup();
    await initialized();
    await transport.send({ jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: { position: { line: 0, character: 0 } } });
    reply({ id: 1, error: { code: UNAVAILABLE, message: 'The typescript language server is restarting' } });
    expect(received).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent().filter((m) => m.id === 1)).toHaveLength(2);
    reply({ id: 1, result: { contents: 'hi' } });
    await vi.waitFor(() => expect(received.at(-1)).toEqual({ jsonrpc: '2.0', id: 1, result: { contents: 'hi' } }));

    await transport.send({ jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: {} });
    for (let i = 0; i <= 8; i++) {
      reply({ id: 2, error: { code: UNAVAILABLE, message: 'starting' } });
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(sent().filter((m) => m.id === 2)).toHaveLength(9);
    expect(received.at(-1)).toEqual({ jsonrpc: '2.0', id: 2, result: null });

    // A request the client cancels while it waits is answered at once and not sent again.
    await transport.send({ jsonrpc: '2.0', id: 3, method: 'textDocument/completion', params: {} });
    reply({ id: 3, error: { code: UNAVAILABLE, message: 'starting' } });
    await transport.send({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 3 } });
    expect(received.at(-1)).toEqual({ jsonrpc: '2.0', id: 3, result: null });
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent().filter((m) => m.id === 3)).toHaveLength(1);
  });

  it('passes on real errors, and takes moot ones (content modified) for no answer', async () => {
    const { transport, received, reply, initialized } = setup();
    await initialized();
    await transport.send({ jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: {} });
    reply({ id: 1, error: { code: -32801, message: 'content modified' } });
    await transport.send({ jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: {} });
    reply({ id: 2, error: { code: -32602, message: 'bad position' } });
    expect(received.slice(1)).toEqual([
      { jsonrpc: '2.0', id: 1, result: null },
      { jsonrpc: '2.0', id: 2, error: { code: -32602, message: 'bad position' } },
    ]);
  });

  it('keeps the client\'s initialize when it fails and sends it again on a new socket', async () => {
    const { transport, sockets, sent, received, reply } = setup();
    sockets[0].open();
    await transport.send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: {} });
    reply({ id: 0, error: { code: UNAVAILABLE, message: 'The server gave up after 5 crashes' } });
    expect(received).toEqual([]);
    expect(sockets[0].closed).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    sockets[1].open();
    expect(sent(1).map((m) => [m.id, m.method])).toEqual([[0, 'initialize']]);
  });

  it('re-sends the first initialize when the socket drops before the answer', async () => {
    const { transport, sockets, sent } = setup();
    await transport.send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: {} });
    sockets[0].open();
    sockets[0].close();
    await vi.advanceTimersByTimeAsync(100);
    sockets[1].open();
    expect(sent(1).map((m) => [m.id, m.method])).toEqual([[0, 'initialize']]);
  });

  it('after a reconnect initializes the relay itself and re-opens documents with their current text', async () => {
    const doc = new Doc('file:///workspace/a.ts', 'typescript', 'const a = 1;');
    const { transport, sockets, sent, received, reply } = setup([doc]);
    sockets[0].open();
    await transport.send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { capabilities: {} } });
    reply({ id: 0, result: { capabilities: { hoverProvider: true } } });
    await vi.runAllTicks();
    expect(received).toHaveLength(1);
    await transport.send(didOpen('file:///workspace/a.ts', doc.text));
    sockets[0].close();
    // Edits while offline are not sent; the re-open carries them.
    doc.text = 'const a = 2;';
    doc.version = 5;
    await transport.send({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///workspace/a.ts', version: 5 }, contentChanges: [] } });
    await vi.advanceTimersByTimeAsync(100);
    sockets[1].open();
    // A request made during the handshake waits for it.
    await transport.send({ jsonrpc: '2.0', id: 7, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///workspace/a.ts' } } });
    const init = sent(1)[0];
    expect(init).toMatchObject({ method: 'initialize' });
    expect(String(init.id)).toMatch(/^stratus:/);
    expect(sent(1)).toHaveLength(1);
    reply({ id: init.id, result: { capabilities: {} } });
    await vi.runAllTicks();
    expect(sent(1).slice(1).map((m) => [m.method, m.params])).toEqual([
      ['textDocument/didOpen', { textDocument: { uri: 'file:///workspace/a.ts', languageId: 'typescript', version: 5, text: 'const a = 2;' } }],
      ['textDocument/hover', { textDocument: { uri: 'file:///workspace/a.ts' } }],
    ]);
    // The relay's answer to our own initialize is not the client's business.
    expect(received).toHaveLength(1);
  });

  it('replaces a socket whose network went away: requests in flight are answered, and the next socket re-opens the documents', async () => {
    const doc = new Doc('file:///workspace/a.ts', 'typescript', 'const a = 1;');
    const { transport, sockets, sent, received, reply, initialized } = setup([doc]);
    await initialized();
    await transport.send(didOpen('file:///workspace/a.ts', doc.text));
    await transport.send({ jsonrpc: '2.0', id: 1, method: 'textDocument/definition', params: {} });
    // The workspace connection stopped answering: this socket still looks open, and its close would never complete.
    const closes: (number | undefined)[] = [];
    sockets[0].close = (code?: number) => { closes.push(code); };
    transport.dropped();
    expect(closes).toEqual([4001]);
    expect(received.at(-1)).toEqual({ jsonrpc: '2.0', id: 1, result: null });
    expect(transport.linkInfo.state).toBe('waiting');
    // A late answer on the dead socket is not this transport's any more.
    reply({ id: 1, result: [{ uri: 'file:///workspace/b.ts' }] }, 0);
    expect(received.filter((m) => m.id === 1)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets).toHaveLength(2);
    sockets[1].open();
    const init = sent(1)[0];
    expect(init).toMatchObject({ method: 'initialize' });
    reply({ id: init.id, result: { capabilities: {} } });
    await vi.runAllTicks();
    expect(sent(1).slice(1).map((m) => m.method)).toEqual(['textDocument/didOpen']);
    expect(transport.ready).toBe(true);
  });

  it('lets the IDE rewrite results and answer server requests', async () => {
    const { transport, sockets, sent, received, reply } = setup([], {
      response: async (method, result) => (method === 'textDocument/rename' ? { changes: { rewritten: [] } } : result),
      serverRequest: (method) => (method === 'workspace/configuration' ? Promise.resolve([null]) : undefined),
      notification: (method, params) => (method === 'x/y' ? { seen: true } : params),
    });
    sockets[0].open();
    await transport.send({ jsonrpc: '2.0', id: 4, method: 'textDocument/rename', params: {} });
    reply({ id: 4, result: { changes: {} } });
    reply({ id: 9, method: 'workspace/configuration', params: { items: [{}] } });
    reply({ id: 10, method: 'client/registerCapability', params: { registrations: [] } });
    reply({ method: 'x/y', params: {} });
    await vi.waitFor(() => expect(received).toContainEqual({ jsonrpc: '2.0', id: 4, result: { changes: { rewritten: [] } } }));
    expect(received).toContainEqual({ jsonrpc: '2.0', id: 10, method: 'client/registerCapability', params: { registrations: [] } });
    expect(received).toContainEqual({ jsonrpc: '2.0', method: 'x/y', params: { seen: true } });
    expect(sent()).toContainEqual({ jsonrpc: '2.0', id: 9, result: [null] });
  });

  it('own requests resolve from their own answers, and fail when not connected', async () => {
    const { transport, sent, reply, received, initialized } = setup();
    await expect(transport.request('textDocument/documentSymbol', {})).rejects.toThrow(/not connected/);
    await initialized();
    const symbols = transport.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///workspace/a.ts' } });
    const own = sent().at(-1)!;
    reply({ id: own.id, result: [{ name: 'a' }] });
    await expect(symbols).resolves.toEqual([{ name: 'a' }]);
    expect(received).toHaveLength(1);
  });
});
