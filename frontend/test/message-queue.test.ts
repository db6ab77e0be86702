import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkspaceConnection } from '../src/rpc/connection';
import { FakeSocket } from './fake-socket';

/** One turn of the event loop that no timer drives. */
const turn = () => new Promise<void>((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
  channel.port2.postMessage(0);
});

describe('the workspace connection reading a burst of messages', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('hands every notification to its handler without a timer tick for each', async () => {
    // A browser holds nested timeouts back 4 ms each: a timer per message reads a streamed
    // answer's thousands of deltas at 250 a second, long after they arrived.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const [client] = FakeSocket.pair();
    const conn = new WorkspaceConnection({ url: 'ws://x/rpc', createSocket: () => client as unknown as WebSocket,
      checkAuth: async () => 'ok', onUnauthorized: () => undefined });
    const seen: number[] = [];
    conn.onNotification('ai/delta', (p) => seen.push((p as { n: number }).n));
    conn.start();
    client.open();
    const burst = 2000;
    for (let n = 0; n < burst; n++) client.deliver(JSON.stringify({ jsonrpc: '2.0', method: 'ai/delta', params: { n } }));
    for (let i = 0; i < burst * 3 && seen.length < burst; i++) await turn();
    expect(seen.length).toBe(burst);
    expect(seen.every((n, i) => n === i)).toBe(true);
    conn.dispose();
  });
});
