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
});
