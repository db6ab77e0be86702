#!/usr/bin/env node
// AI code completion overhead (see README.md, section 10): one developer's fill-in-the-middle
// completions, one at a time, sent (a) straight to a scripted OpenAI-compatible upstream's
// /v1/completions in the shape Continue's tab autocomplete sends when pointed at the model server, (b)
// through Stratus's gateway (POST /v1/completions, model stratus/small: routed, redacted,
// budgeted, audited) and (c) as the browser IDE's inline completion asks for one (ai/complete on
// the workspace's RPC socket, answered by ai/delta and ai/done). Reported: p50/p99 of the whole
// completion on each path and what (b) and (c) add to (a). The upstream streams its answer in
// --chunks chunks --chunk-ms apart (at a fixed rate from its first) in a worker thread of its own.
// Usage: node ai-completions.mjs [--requests N] [--warmup N] [--chunks N] [--chunk-ms N] [--skip-build]
import { createServer } from 'node:http';
import http from 'node:http';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { buildOnce, fmt, percentile, startStratus, table, tempWorkspace, writeResult } from './lib/common.mjs';
import { connectRpc, workspaceId } from './lib/rpc.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const REQUESTS = opt('--requests', 600); // per path, measured
const WARMUP = opt('--warmup', 4000); // per path, before measuring: the JIT compiles what runs often
const CHUNKS = opt('--chunks', 8);
const CHUNK_MS = opt('--chunk-ms', 3);
/** Code around the cursor, about the size an editor sends: 3,000 characters before, 600 after. */
const PREFIX = 'import { parse } from "./parse";\n\n'
  + Array.from({ length: 60 }, (_, i) => `export function f${i}(a: number, b: number): number {\n  return a * ${i} + b;\n}\n`).join('\n')
  + '\nexport function add(a: number, b: number): number {\n  return ';
const SUFFIX = '\n}\n\n' + Array.from({ length: 12 }, (_, i) => `export const c${i} = f${i}(1, 2);\n`).join('');

/** The client's connections, kept as an editor plugin's HTTP client keeps them. */
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 4 });

if (isMainThread) await main();
else await serveUpstream();

async function main() {
  if (!args.includes('--skip-build')) buildOnce();
  const up = await upstream();
  const ws = await tempWorkspace();
  const configYaml = `ai:
  deployments:
    - {name: small-a, tier: small, provider: openai, baseUrl: "http://127.0.0.1:${up.port}/v1", model: coder, contextTokens: 32000, tools: false}
  governance:
    rateLimit: {requestsPerMinute: 0, completionsPerMinute: 0}
`;
  const server = await startStratus(ws.dir, { configYaml });
  const rpc = await connectRpc(server, await workspaceId(server, ws.id));
  try {
    const auth = { Authorization: `Bearer ${server.token}` };
    // ai/done by requestId: a waiter, or the end itself when it came before ai/complete's reply.
    const done = new Map();
    rpc.onNotification((m) => {
      if (m.method !== 'ai/done') return;
      const waiter = done.get(m.params.requestId);
      if (typeof waiter === 'function') waiter(m.params);
      else done.set(m.params.requestId, m.params);
    });
    const paths = {
      direct: () => complete(up.port, {}, 'coder'),
      gateway: () => complete(server.port, auth, 'stratus/small'),
      'ai/complete': async () => {
        const t0 = performance.now();
        const { requestId } = await rpc.result('ai/complete', { prefix: PREFIX, suffix: SUFFIX });
        const end = done.get(requestId) ?? await new Promise((r) => done.set(requestId, r));
        done.delete(requestId);
        if (end.error) throw new Error(`ai/complete: ${end.error.code} ${end.error.message}`);
        return performance.now() - t0;
      },
    };
    for (const [name, call] of Object.entries(paths)) {
      for (let i = 0; i < WARMUP; i++) await call();
      process.stdout.write(`warmed up ${name}\n`);
    }
    // Measured in rounds of 50 per path, in turn, so that the machine's drift touches each path alike.
    const times = Object.fromEntries(Object.keys(paths).map((k) => [k, []]));
    for (let round = 0; round < REQUESTS / 50; round++) {
      for (const [name, call] of Object.entries(paths)) {
        for (let i = 0; i < 50; i++) times[name].push(await call());
      }
    }
    const stats = Object.fromEntries(Object.entries(times).map(([k, xs]) => {
      const s = [...xs].sort((a, b) => a - b);
      return [k, { p50: percentile(s, 50), p99: percentile(s, 99) }];
    }));
    const d = stats.direct;
    console.log(`\nOne developer's completions, one at a time (${CHUNKS} chunks ${CHUNK_MS} ms apart; ${REQUESTS} per path), ms:`);
    console.log(table(['path', 'p50', 'p99', 'added p50', 'added p99', 'ratio of p99'],
      Object.entries(stats).map(([k, s]) => [k, fmt(s.p50), fmt(s.p99), k === 'direct' ? '' : fmt(s.p50 - d.p50),
        k === 'direct' ? '' : fmt(s.p99 - d.p99), k === 'direct' ? '' : fmt(s.p99 / d.p99, 3)])));
    await writeResult('ai-completions', { requests: REQUESTS, warmup: WARMUP, chunks: CHUNKS, chunkMs: CHUNK_MS, stats });
  } finally {
    await rpc.close();
    await server.stop();
    await up.close();
  }
}

/**
 * One streamed completion as Continue's tab autocomplete sends it to an `openai` provider: the
 * code around the cursor in its default (StarCoder) template, no suffix field, the template's and
 * its own stop sequences; resolves with its whole time in ms.
 */
function complete(port, headers, model) {
  const body = JSON.stringify({ model, prompt: `<fim_prefix>${PREFIX}<fim_suffix>${SUFFIX}<fim_middle>`, max_tokens: 4096,
    temperature: 0.01, stream: true, stop: ['<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<file_sep>', '<|endoftext|>',
      '</fim_middle>', '</code>', '\n\n', '\r\n\r\n', '/src/', '#- coding: utf-8', '```', '\nfunction', '\nclass'] });
  const t0 = performance.now();
  return new Promise((ok, fail) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/v1/completions', method: 'POST', agent: keepAlive,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        if (res.statusCode !== 200 || !text.includes('[DONE]')) fail(new Error(`${port}: ${res.statusCode} ${text.slice(0, 300)}`));
        else ok(performance.now() - t0);
      });
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** Starts the scripted upstream in a worker thread; resolves with its port. */
function upstream() {
  const worker = new Worker(new URL(import.meta.url), { argv: args });
  return new Promise((ok, fail) => {
    worker.once('error', fail);
    worker.once('message', (port) => ok({ port, close: () => worker.terminate() }));
  });
}

/** The scripted model: GET /v1/models, and POST /v1/completions streamed at a fixed pace. */
async function serveUpstream() {
  const pieces = ['a', ' +', ' b', ';', '\n', ' ', ' //', ' sum'];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      if (req.method === 'GET' && req.url.endsWith('/models')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'coder', object: 'model', max_model_len: 32000 }] }));
        return;
      }
      const body = JSON.parse(raw || '{}');
      const id = `cmpl-${Math.random().toString(36).slice(2)}`;
      const chunk = (text, finish) => `data: ${JSON.stringify({ id, object: 'text_completion', created: 1, model: 'coder',
        choices: [{ index: 0, text, logprobs: null, finish_reason: finish }] })}\n\n`;
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      const start = performance.now();
      let i = 0;
      const next = () => {
        if (i < CHUNKS) {
          res.write(chunk(pieces[i % pieces.length], null));
          i++;
          setTimeout(next, Math.max(0, start + i * CHUNK_MS - performance.now()));
          return;
        }
        let tail = chunk('', 'stop');
        if (body.stream_options?.include_usage) {
          tail += `data: ${JSON.stringify({ id, object: 'text_completion', created: 1, model: 'coder', choices: [],
            usage: { prompt_tokens: 900, completion_tokens: CHUNKS, total_tokens: 900 + CHUNKS } })}\n\n`;
        }
        res.end(`${tail}data: [DONE]\n\n`);
      };
      next();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  parentPort.postMessage(server.address().port);
}
