// A small JSON-RPC 2.0 client over Stratus's WebSocket (`/api/workspaces/{id}/rpc`, bearer token),
// for the benchmarks: pipelined requests matched by id, notifications handed to listeners.
import WebSocket from 'ws';
import { getJson } from './common.mjs';

export class RpcError extends Error {
  constructor(method, error) {
    super(`${method}: ${error.code} ${error.message}`);
    this.code = error.code;
  }
}

/** The id of the workspace named `name` (or the only/first one) on a running server. */
export async function workspaceId(server, name) {
  const { workspaces } = await getJson(server.port, '/api/workspaces', { Authorization: `Bearer ${server.token}` });
  const id = workspaces.find((w) => w.name === name)?.id ?? workspaces[0]?.id;
  if (!id) throw new Error(`no workspace listed: ${JSON.stringify(workspaces)}`);
  return id;
}

/**
 * Opens the RPC socket of workspace `wsId`. `call(method, params)` resolves with
 * `{ result, ms, bytes }`: ms is the round trip from send to the reply parsed, bytes the reply's size.
 */
export function connectRpc(server, wsId) {
  const url = `ws://127.0.0.1:${server.port}/api/workspaces/${encodeURIComponent(wsId)}/rpc`;
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${server.token}` }, perMessageDeflate: false, maxPayload: 64 << 20 });
    const pending = new Map();
    const listeners = new Set();
    let nextId = 1;
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const msg = JSON.parse(data.toString());
      if (msg.id === undefined || msg.id === null) {
        for (const l of listeners) l(msg);
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      const ms = Number(process.hrtime.bigint() - p.t0) / 1e6;
      if (msg.error) p.fail(new RpcError(p.method, msg.error));
      else p.ok({ result: msg.result, ms, bytes: data.length });
    });
    ws.on('close', () => {
      for (const p of pending.values()) p.fail(new Error(`${p.method}: connection closed`));
      pending.clear();
    });
    ws.once('error', fail);
    ws.once('open', () => ok({
      call(method, params = {}) {
        const id = nextId++;
        return new Promise((res, rej) => {
          pending.set(id, { ok: res, fail: rej, method, t0: process.hrtime.bigint() });
          ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
        });
      },
      async result(method, params = {}) {
        return (await this.call(method, params)).result;
      },
      onNotification(fn) {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
      close: () => new Promise((r) => {
        if (ws.readyState === WebSocket.CLOSED) return r();
        ws.once('close', r);
        ws.close();
      }),
      ws,
    }));
  });
}
