#!/usr/bin/env node
// LSP relay benchmark (see README.md): completion and hover round trips on the benchmark
// workspace's main.ts, sent (a) straight to typescript-language-server over its stdio and (b)
// through Stratus's LSP socket (/api/workspaces/{id}/lsp/typescript), to measure what the relay
// adds; and the server's memory per LSP socket (RSS with N sockets open vs 1, all sharing one
// typescript-language-server).
// Usage: node lsp-relay.mjs [--rounds N] [--per-round N] [--warmup N] [--sockets N] [--quiet-wait S] [--skip-build]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import {
  buildOnce, fmt, percentile, repoRoot, startStratus, table, TARGET_FILE, tempWorkspace, treeRssKiB, waitForQuiet, writeResult,
} from './lib/common.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const ROUNDS = opt('--rounds', 10); // direct/relay alternate this many times per request kind; samples pooled
const PER_ROUND = opt('--per-round', 200); // measured sequential round trips per round, path and kind
const WARMUP = opt('--warmup', 2000); // round trips per path and kind before the first round
const SOCKETS = opt('--sockets', 20); // LSP sockets open for the memory figure
// How long each quiet-machine gate may wait (seconds); on a shared machine run under `nice -n -5`
// with a short wait rather than waiting 3 minutes before each of the 60 series.
const QUIET_WAIT_MS = opt('--quiet-wait', 180) * 1000;
const SKIP_BUILD = args.includes('--skip-build');
const TARGET_ADDED_P99_MS = 5;
const log = (...m) => console.log('#', ...m);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Where the language servers are installed: STRATUS_LANGUAGE_SERVERS_DIR, else the checkout's build folder. */
const LS_DIR = process.env.STRATUS_LANGUAGE_SERVERS_DIR || join(repoRoot, '.stratus-build', 'language-servers');
const TSLS = join(LS_DIR, 'node_modules', '.bin', 'typescript-language-server');
const REGISTRY = JSON.parse(readFileSync(join(repoRoot, 'language-servers', 'servers.json'), 'utf8'));
const CAPABILITIES = JSON.parse(readFileSync(join(repoRoot,
  'ide-server/server/src/main/resources/dev/stratus/server/lsp/client-capabilities.json'), 'utf8'));

/** The initialize the relay sends, for the direct connection (same root, options and capabilities). */
function initializeParams(root) {
  const ts = REGISTRY.servers.find((s) => s.id === 'typescript');
  const uri = pathToFileURL(root).href;
  return {
    processId: process.pid, clientInfo: { name: 'Stratus bench' }, locale: 'en', rootPath: root, rootUri: uri,
    workspaceFolders: [{ uri, name: 'stratus-bench' }], initializationOptions: ts.initializationOptions,
    capabilities: CAPABILITIES, trace: 'off',
  };
}

/** Answers a server's request as a minimal client does (what the test client and the relay's fallback do). */
function answer(msg) {
  return { jsonrpc: '2.0', id: msg.id, result: msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => null) : null };
}

/** An LSP peer: `request(method, params)` resolves with { msg, ms }; notifications go to listeners. */
function peer(send) {
  const pending = new Map();
  const listeners = new Set();
  let next = 1;
  return {
    receive(msg) {
      if (msg.method !== undefined && msg.id !== undefined) return send(answer(msg));
      if (msg.method !== undefined) return listeners.forEach((l) => l(msg));
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      p.ok({ msg, ms: Number(process.hrtime.bigint() - p.t0) / 1e6 });
    },
    request(method, params) {
      const id = next++;
      return new Promise((ok) => {
        pending.set(id, { ok, t0: process.hrtime.bigint() });
        send({ jsonrpc: '2.0', id, method, params });
      });
    },
    notify(method, params) {
      send({ jsonrpc: '2.0', method, params });
    },
    onNotification(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

/** typescript-language-server on stdio, Content-Length framing, in the workspace folder. */
function startDirect(root) {
  const child = spawn(TSLS, ['--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] });
  const p = peer((m) => {
    const body = Buffer.from(JSON.stringify(m), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  });
  let buf = Buffer.alloc(0);
  child.stdout.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/Content-Length:\s*(\d+)/i.exec(buf.subarray(0, end).toString('ascii'))[1]);
      if (buf.length < end + 4 + len) return;
      const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString('utf8'));
      buf = buf.subarray(end + 4 + len);
      p.receive(msg);
    }
  });
  return { ...p, child, close: () => new Promise((r) => { child.once('exit', r); child.kill('SIGKILL'); }) };
}

/** An LSP socket of the relay. */
function connectRelay(server, wsId) {
  const url = `ws://127.0.0.1:${server.port}/api/workspaces/${encodeURIComponent(wsId)}/lsp/typescript`;
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${server.token}` }, perMessageDeflate: false, maxPayload: 64 << 20 });
    const p = peer((m) => ws.send(JSON.stringify(m)));
    ws.on('message', (data) => p.receive(JSON.parse(data.toString())));
    ws.once('error', fail);
    ws.once('open', () => ok({ ...p, ws, close: () => new Promise((r) => { ws.once('close', r); ws.close(); }) }));
  });
}

/** Opens the file and waits for its (semantic) diagnostics, so tsserver has built the project. */
async function openAndSettle(c, uri, text) {
  const published = new Promise((r) => {
    c.onNotification((m) => {
      if (m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri) r();
    });
  });
  c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  await Promise.race([published, sleep(15_000)]);
  await sleep(500);
}

/** Positions in main.ts: a member completion (`out.|push`), a global one, a hover on `scale`. */
function positions(text) {
  const lines = text.split('\n');
  const find = (needle) => {
    const line = lines.findIndex((l) => l.includes(needle));
    if (line < 0) throw new Error(`main.ts has no "${needle}"`);
    return { line, character: lines[line].indexOf(needle) };
  };
  const push = find('out.push(');
  const scale = find('options.scale');
  const ret = find('  return out;');
  return {
    'completion (member, out.|)': { method: 'textDocument/completion', position: { line: push.line, character: push.character + 4 } },
    'completion (global, 1st char)': { method: 'textDocument/completion', position: { line: ret.line, character: 2 } },
    'hover (options.scale)': { method: 'textDocument/hover', position: { line: scale.line, character: scale.character + 9 } },
  };
}

async function measure(c, uri, kind, n) {
  const samples = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const { msg, ms } = await c.request(kind.method, { textDocument: { uri }, position: kind.position });
    if (msg.error) throw new Error(`${kind.method}: ${JSON.stringify(msg.error)}`);
    samples.push(ms);
    bytes = JSON.stringify(msg).length;
  }
  return { samples, bytes };
}

function summary(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

function jvmRssKiB(pid) {
  const t = treeRssKiB(pid);
  return { jvmKiB: t.processes.find((p) => p.name === 'java')?.rssKiB ?? 0, treeKiB: t.totalKiB };
}

async function main() {
  if (!existsSync(TSLS)) {
    throw new Error(`typescript-language-server is not installed in ${LS_DIR}: run ./stratus language-servers install (or set STRATUS_LANGUAGE_SERVERS_DIR)`);
  }
  process.env.STRATUS_LANGUAGE_SERVERS_DIR = LS_DIR;
  if (!SKIP_BUILD) buildOnce();
  const ws = await tempWorkspace();
  const text = readFileSync(join(ws.dir, TARGET_FILE), 'utf8');
  const kinds = positions(text);
  const gates = [];
  const server = await startStratus(ws.dir);
  const results = { kinds: {}, memory: null };
  try {
    log(`workspace ${ws.dir}; language servers from ${LS_DIR}`);
    const direct = startDirect(ws.dir);
    await direct.request('initialize', initializeParams(ws.dir));
    direct.notify('initialized', {});
    const directUri = pathToFileURL(join(ws.dir, TARGET_FILE)).href;
    await openAndSettle(direct, directUri, text);

    const relay = await connectRelay(server, ws.id);
    await relay.request('initialize', { processId: null, rootUri: null, capabilities: {} });
    relay.notify('initialized', {});
    const relayUri = `file:///workspace/${TARGET_FILE}`;
    await openAndSettle(relay, relayUri, text);

    const paths = { direct: { c: direct, uri: directUri }, relay: { c: relay, uri: relayUri } };
    for (const [name, kind] of Object.entries(kinds)) {
      log(`${name}: warm-up ${WARMUP} round trips per path`);
      for (const p of Object.values(paths)) await measure(p.c, p.uri, kind, WARMUP);
      const pooled = { direct: [], relay: [] };
      const bytes = {};
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? ['direct', 'relay'] : ['relay', 'direct'];
        for (const path of order) {
          gates.push({ label: `${name} round ${round + 1} ${path}`, ...(await waitForQuiet({ label: `${name} ${path}`, maxWaitMs: QUIET_WAIT_MS })) });
          const m = await measure(paths[path].c, paths[path].uri, kind, PER_ROUND);
          pooled[path].push(...m.samples);
          bytes[path] = m.bytes;
        }
      }
      results.kinds[name] = { direct: summary(pooled.direct), relay: summary(pooled.relay), bytes };
    }
    await direct.close();

    // Memory: the server's RSS with 1 LSP socket open, then with SOCKETS, each initialized with main.ts open.
    await sleep(2000);
    gates.push({ label: 'memory, 1 socket', ...(await waitForQuiet({ label: 'memory', maxWaitMs: QUIET_WAIT_MS })) });
    const one = jvmRssKiB(server.pid);
    const more = [];
    for (let i = 1; i < SOCKETS; i++) {
      const c = await connectRelay(server, ws.id);
      await c.request('initialize', { processId: null, rootUri: null, capabilities: {} });
      c.notify('initialized', {});
      c.notify('textDocument/didOpen', { textDocument: { uri: relayUri, languageId: 'typescript', version: 1, text } });
      await c.request(kinds['hover (options.scale)'].method, { textDocument: { uri: relayUri }, position: kinds['hover (options.scale)'].position });
      more.push(c);
    }
    await sleep(3000);
    gates.push({ label: `memory, ${SOCKETS} sockets`, ...(await waitForQuiet({ label: 'memory', maxWaitMs: QUIET_WAIT_MS })) });
    const many = jvmRssKiB(server.pid);
    results.memory = {
      sockets: SOCKETS, one, many,
      perSocketJvmKiB: (many.jvmKiB - one.jvmKiB) / (SOCKETS - 1),
      perSocketTreeKiB: (many.treeKiB - one.treeKiB) / (SOCKETS - 1),
    };
    for (const c of more) await c.close();
    await relay.close();
  } finally {
    await server.stop();
    await ws.remove();
  }

  const rows = [];
  for (const [name, r] of Object.entries(results.kinds)) {
    rows.push([name, 'direct (stdio)', r.direct.n, fmt(r.direct.p50), fmt(r.direct.p99), fmt(r.direct.mean), r.bytes.direct, '', '']);
    rows.push([name, 'relay (socket)', r.relay.n, fmt(r.relay.p50), fmt(r.relay.p99), fmt(r.relay.mean), r.bytes.relay,
      fmt(r.relay.p50 - r.direct.p50), fmt(r.relay.p99 - r.direct.p99)]);
  }
  console.log();
  console.log(table(['request', 'path', 'n', 'p50 ms', 'p99 ms', 'mean ms', 'reply bytes', 'added p50', 'added p99'], rows));
  const m = results.memory;
  console.log();
  console.log(table(['server RSS', `1 socket`, `${m.sockets} sockets`, 'per extra socket'], [
    ['JVM (MiB)', fmt(m.one.jvmKiB / 1024, 1), fmt(m.many.jvmKiB / 1024, 1), `${fmt(m.perSocketJvmKiB, 0)} KiB`],
    ['JVM + language server (MiB)', fmt(m.one.treeKiB / 1024, 1), fmt(m.many.treeKiB / 1024, 1), `${fmt(m.perSocketTreeKiB, 0)} KiB`],
  ]));
  const worst = Math.max(...Object.values(results.kinds).map((r) => r.relay.p99 - r.direct.p99));
  console.log(`\nTarget: added p99 < ${TARGET_ADDED_P99_MS} ms: ${worst < TARGET_ADDED_P99_MS ? 'met' : 'NOT met'} (worst ${fmt(worst)} ms)`);
  const notQuiet = gates.filter((g) => !g.quiet).length;
  if (notQuiet) console.log(`# warning: ${notQuiet} of ${gates.length} measurements started on a busy machine`);
  const file = await writeResult('lsp-relay', {
    settings: { rounds: ROUNDS, perRound: PER_ROUND, warmup: WARMUP, sockets: SOCKETS, quietWaitMs: QUIET_WAIT_MS, languageServers: LS_DIR },
    results, gates, targetAddedP99Ms: TARGET_ADDED_P99_MS, worstAddedP99Ms: worst,
  });
  console.log(`# results: ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
