import { createMessageConnection } from 'vscode-jsonrpc/browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkspaceConnection, type StateInfo } from '../src/rpc/connection';
import { ErrorCode } from '../src/rpc/errors';
import { WebSocketMessageReader, WebSocketMessageWriter } from '../src/rpc/ws-transport';
import { FakeSocket } from './fake-socket';

/** A scripted server: each connect attempt either opens (answering fs/stat) or fails. */
function harness(plan: ('open' | 'fail')[]) {
  const servers: FakeSocket[] = [];
  const createSocket = () => {
    const [client, server] = FakeSocket.pair();
    const outcome = plan.shift() ?? 'fail';
    servers.push(server);
    setTimeout(() => {
      if (outcome === 'open') {
        const conn = createMessageConnection(new WebSocketMessageReader(server), new WebSocketMessageWriter(server));
        conn.onRequest('fs/stat', (p: { path: string }) => ({ path: p.path, type: 'file', size: 1, mtime: 0, version: 'v' }));
        conn.onRequest('rpc/ping', () => ({}));
        conn.listen();
        client.open();
      } else {
        client.close();
      }
    }, 0);
    return client as unknown as WebSocket;
  };
  return { servers, createSocket };
}

/** Lets vscode-jsonrpc's own timer-driven message queue run under fake timers. */
async function settle<T>(p: Promise<T>): Promise<T> {
  let done = false;
  p.then(() => { done = true; }, () => { done = true; });
  for (let i = 0; i < 100 && !done; i++) await vi.advanceTimersByTimeAsync(1);
  return p;
}

describe('WorkspaceConnection', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('reconnects with growing delays after a drop and calls onOpen again', async () => {
    const h = harness(['open', 'fail', 'fail', 'open']);
    const states: StateInfo[] = [];
    const conn = new WorkspaceConnection({
      url: 'ws://x/rpc', createSocket: h.createSocket, checkAuth: async () => 'unreachable',
      onUnauthorized: () => { throw new Error('unexpected'); },
      backoff: { baseMs: 100, maxMs: 1000, jitter: 0 },
    });
    let opens = 0;
    conn.onOpen(() => opens++);
    conn.onState((s) => states.push(s));
    conn.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(conn.isOpen).toBe(true);
    expect(opens).toBe(1);
    await expect(settle(conn.request('fs/stat', { path: 'a' }))).resolves.toMatchObject({ path: 'a' });

    h.servers[0].close();
    await vi.advanceTimersByTimeAsync(0);
    expect(conn.state.state).toBe('waiting');
    await expect(conn.request('fs/stat', { path: 'a' })).rejects.toMatchObject({ code: ErrorCode.Offline });

    await vi.advanceTimersByTimeAsync(100 + 1);   // attempt 1 fails
    await vi.advanceTimersByTimeAsync(200 + 1);   // attempt 2 fails
    const waits = states.filter((s) => s.state === 'waiting').map((s) => s.retryAt! - Date.now());
    expect(waits.length).toBeGreaterThanOrEqual(2);
    await vi.advanceTimersByTimeAsync(400 + 1);   // attempt 3 opens
    expect(conn.isOpen).toBe(true);
    expect(opens).toBe(2);
    expect(states.filter((s) => s.state === 'connecting')).toHaveLength(4);
    await expect(settle(conn.request('fs/stat', { path: 'b' }))).resolves.toMatchObject({ path: 'b' });
    conn.dispose();
  });

  it('retryNow skips the remaining delay', async () => {
    const h = harness(['fail', 'open']);
    const conn = new WorkspaceConnection({
      url: 'ws://x/rpc', createSocket: h.createSocket, checkAuth: async () => 'ok', onUnauthorized: () => {},
      backoff: { baseMs: 60_000, maxMs: 60_000, jitter: 0 },
    });
    conn.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(conn.state.state).toBe('waiting');
    conn.retryNow();
    await vi.advanceTimersByTimeAsync(1);
    expect(conn.isOpen).toBe(true);
    conn.dispose();
  });

  it('goes to login instead of retrying when the session expired', async () => {
    const h = harness(['fail', 'open']);
    const onUnauthorized = vi.fn();
    const conn = new WorkspaceConnection({
      url: 'ws://x/rpc', createSocket: h.createSocket, checkAuth: async () => 'unauthorized', onUnauthorized,
      backoff: { baseMs: 10, maxMs: 10, jitter: 0 },
    });
    conn.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(onUnauthorized).toHaveBeenCalledOnce();
    expect(conn.state.state).toBe('closed');
    expect(h.servers).toHaveLength(1);
  });

  it('rejects requests in flight when the socket drops', async () => {
    const h = harness(['open']);
    const conn = new WorkspaceConnection({
      url: 'ws://x/rpc', createSocket: h.createSocket, checkAuth: async () => 'ok', onUnauthorized: () => {},
      backoff: { baseMs: 10_000, maxMs: 10_000, jitter: 0 },
    });
    conn.start();
    await vi.advanceTimersByTimeAsync(1);
    const pending = conn.request('fs/never', {});
    const assertion = expect(settle(pending)).rejects.toMatchObject({ code: ErrorCode.Offline });
    h.servers[0].close();
    await vi.advanceTimersByTimeAsync(0);
    await assertion;
    conn.dispose();
  });

  describe('telling a quiet connection from a dead one', () => {
    const liveness = { quietMs: 1_000, answerMs: 500 };
    const pings = (socket: FakeSocket) => socket.sent.filter((m) => JSON.parse(m).method === 'rpc/ping').length;

    /** The network between the two goes away without either side closing: nothing arrives any more. */
    function blackHole(server: FakeSocket): FakeSocket {
      const client = server.peer!;
      server.peer = undefined;
      client.peer = undefined;
      return client;
    }

    async function opened(plan: ('open' | 'fail')[], network = new EventTarget()) {
      const h = harness(plan);
      let sockets = 0;
      const conn = new WorkspaceConnection({
        url: 'ws://x/rpc', createSocket: () => { sockets++; return h.createSocket(); }, checkAuth: async () => 'ok',
        onUnauthorized: () => {}, backoff: { baseMs: 60_000, maxMs: 60_000, jitter: 0 }, liveness, network,
      });
      conn.start();
      await vi.advanceTimersByTimeAsync(1);
      expect(conn.isOpen).toBe(true);
      return { h, conn, network, sockets: () => sockets };
    }

    it('a quiet connection that answers its pings stays open', async () => {
      const { h, conn, sockets } = await opened(['open']);
      let gone = 0;
      conn.onGone(() => gone++);
      for (let t = 0; t < 10_000; t += 50) await vi.advanceTimersByTimeAsync(50);
      expect(pings(h.servers[0].peer!)).toBeGreaterThanOrEqual(5);
      expect(conn.isOpen).toBe(true);
      expect(sockets()).toBe(1);
      expect(gone).toBe(0);
      conn.dispose();
    });

    it('a connection that stops answering is lost once a ping goes unanswered, says so, and reconnects', async () => {
      const { h, conn } = await opened(['open', 'open']);
      let gone = 0;
      conn.onGone(() => gone++);
      const client = blackHole(h.servers[0]);
      const request = conn.request('fs/stat', { path: 'a' });
      request.catch(() => undefined);
      await vi.advanceTimersByTimeAsync(liveness.quietMs + 200);
      expect(pings(client)).toBe(1);
      expect(conn.isOpen).toBe(true);
      expect(gone).toBe(0);
      await vi.advanceTimersByTimeAsync(liveness.answerMs);
      expect(conn.state.state).toBe('waiting');
      // The page's other sockets (terminals, language servers) are told: the same network carried them.
      expect(gone).toBe(1);
      await expect(request).rejects.toMatchObject({ code: ErrorCode.Offline });
      expect(client.closed).toBe(true);
      conn.retryNow();
      await vi.advanceTimersByTimeAsync(1);
      expect(conn.isOpen).toBe(true);
      await expect(settle(conn.request('fs/stat', { path: 'b' }))).resolves.toMatchObject({ path: 'b' });
      conn.dispose();
    });

    it('anything received answers for the server, so a busy connection is never pinged', async () => {
      const { h, conn } = await opened(['open']);
      const server = h.servers[0];
      for (let t = 0; t < 5_000; t += 200) {
        server.send(JSON.stringify({ jsonrpc: '2.0', method: 'fs/didChange', params: { changes: [] } }));
        await vi.advanceTimersByTimeAsync(200);
      }
      expect(pings(server.peer!)).toBe(0);
      expect(conn.isOpen).toBe(true);
      conn.dispose();
    });

    it('after a sleep the connection is asked before it is given up', async () => {
      const { h, conn } = await opened(['open']);
      // The machine slept for an hour: no timer ran, and the clock jumped.
      vi.setSystemTime(Date.now() + 3_600_000);
      await vi.advanceTimersByTimeAsync(liveness.quietMs);
      expect(pings(h.servers[0].peer!)).toBe(1);
      await vi.advanceTimersByTimeAsync(liveness.answerMs * 2);
      expect(conn.isOpen).toBe(true);
      conn.dispose();
    });

    it('the browser going offline asks at once, and coming back online reconnects at once', async () => {
      const { h, conn, network } = await opened(['open', 'open']);
      const client = blackHole(h.servers[0]);
      network.dispatchEvent(new Event('offline'));
      expect(pings(client)).toBe(1);
      await vi.advanceTimersByTimeAsync(liveness.answerMs + liveness.answerMs / 2);
      expect(conn.state.state).toBe('waiting');
      network.dispatchEvent(new Event('online'));
      await vi.advanceTimersByTimeAsync(1);
      expect(conn.isOpen).toBe(true);
      conn.dispose();
    });

    it('a server still reachable (on this machine, say) answers when the network goes, and stays', async () => {
      const { h, conn, network, sockets } = await opened(['open']);
      network.dispatchEvent(new Event('offline'));
      await vi.advanceTimersByTimeAsync(liveness.answerMs * 3);
      expect(pings(h.servers[0].peer!)).toBeGreaterThanOrEqual(1);
      expect(conn.isOpen).toBe(true);
      expect(sockets()).toBe(1);
      conn.dispose();
    });
  });
});
