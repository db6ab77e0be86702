import { createMessageConnection, ResponseError } from 'vscode-jsonrpc/browser';
import { describe, expect, it } from 'vitest';
import { WebSocketMessageReader, WebSocketMessageWriter } from '../src/rpc/ws-transport';
import { FakeSocket } from './fake-socket';

function connect(socket: FakeSocket) {
  const conn = createMessageConnection(new WebSocketMessageReader(socket), new WebSocketMessageWriter(socket));
  return conn;
}

describe('WebSocket JSON-RPC framing', () => {
  it('sends one bare JSON-RPC message per frame, without Content-Length headers', async () => {
    const [client, server] = FakeSocket.pair();
    const serverConn = connect(server);
    serverConn.onRequest('fs/read', (params: { path: string }) => ({ content: `hi ${params.path}`, encoding: 'utf8', version: 'v1' }));
    serverConn.listen();
    const clientConn = connect(client);
    clientConn.listen();

    const result = await clientConn.sendRequest('fs/read', { path: 'a.txt' });
    expect(result).toEqual({ content: 'hi a.txt', encoding: 'utf8', version: 'v1' });
    expect(client.sent).toHaveLength(1);
    expect(client.sent[0]).not.toMatch(/Content-Length/i);
    expect(JSON.parse(client.sent[0])).toEqual({ jsonrpc: '2.0', id: 0, method: 'fs/read', params: { path: 'a.txt' } });
    expect(JSON.parse(server.sent[0])).toMatchObject({ jsonrpc: '2.0', id: 0, result: { version: 'v1' } });
  });

  it('delivers notifications and error responses with their codes', async () => {
    const [client, server] = FakeSocket.pair();
    const serverConn = connect(server);
    serverConn.onRequest('fs/write', () => new ResponseError(1003, 'stale version'));
    serverConn.listen();
    const clientConn = connect(client);
    const seen: unknown[] = [];
    clientConn.onNotification('fs/didChange', (p) => seen.push(p));
    clientConn.listen();

    await expect(clientConn.sendRequest('fs/write', { path: 'a' })).rejects.toMatchObject({ code: 1003, message: 'stale version' });
    await serverConn.sendNotification('fs/didChange', { watchId: 'w', changes: [{ type: 'created', path: 'b' }] });
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([{ watchId: 'w', changes: [{ type: 'created', path: 'b' }] }]);
  });

  it('buffers frames that arrive before listen()', () => {
    const socket = new FakeSocket();
    const reader = new WebSocketMessageReader(socket);
    socket.deliver(JSON.stringify({ jsonrpc: '2.0', method: 'early' }));
    const got: unknown[] = [];
    reader.listen((m) => got.push(m));
    socket.deliver(JSON.stringify({ jsonrpc: '2.0', method: 'late' }));
    expect(got).toEqual([{ jsonrpc: '2.0', method: 'early' }, { jsonrpc: '2.0', method: 'late' }]);
  });

  it('reports malformed and binary frames as errors instead of crashing', () => {
    const socket = new FakeSocket();
    const reader = new WebSocketMessageReader(socket);
    const errors: Error[] = [];
    reader.onError((e) => errors.push(e));
    reader.listen(() => { throw new Error('must not be called'); });
    socket.deliver('{oops');
    socket.deliver(new ArrayBuffer(4));
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/Malformed/), expect.stringMatching(/Binary/)]);
  });

  it('fires close when the socket closes, and a failed send is a write error', async () => {
    const socket = new FakeSocket();
    const reader = new WebSocketMessageReader(socket);
    const writer = new WebSocketMessageWriter(socket);
    let closed = 0;
    reader.onClose(() => closed++);
    const writeErrors: unknown[] = [];
    writer.onError((e) => writeErrors.push(e));
    socket.close();
    expect(closed).toBe(1);
    await expect(writer.write({ jsonrpc: '2.0' })).rejects.toThrow('socket closed');
    expect(writeErrors).toHaveLength(1);
  });
});
