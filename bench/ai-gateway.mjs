#!/usr/bin/env node
// AI gateway overhead (see README.md, section 9): streamed chat completions sent (a) straight to a
// scripted OpenAI-compatible upstream and (b) through Stratus's gateway (/v1/chat/completions,
// model stratus/small, routed, redacted, budgeted, audited), at 1 and 50 concurrent streams:
// p50/p99 of the whole stream and of the time to first token, and what the gateway adds (each
// path's series led in by a few uncounted streams on it). Then each path's first token after a
// 15 s pause, and the time from a 429 to the fallback's first token: the first small deployment answers 429
// (Retry-After 3 s) and the second answers; each round waits out the cooldown. Also the CPU each
// stream costs the server, and the benchmark's own process (client and upstream).
// The upstream runs in a worker thread of its own, with its own event loop, as a model server is
// a process of its own: sharing the client's loop, its chunk timers fired later whenever the
// loop was also woken to read what the gateway forwarded, which the direct path never does
// (~0.04 ms per chunk, ~2 ms over a 50-chunk answer). It sends chunk i at i chunk-intervals from
// its first, as a model produces tokens at its own rate: chained timers add each wake-up's
// lateness to all later chunks, and on a shared 2-vCPU machine the lateness grew when the
// gateway's threads were busy too (2.4-2.8 ms over a one-second answer), time a model server on
// its own hardware does not lose. The upstream's own answer time on each path is reported, and
// so is the path alone: each stream's times less the upstream's own share of them (the prompt
// carries a tag, so the upstream's moments and the client's are matched per stream, on the
// process's one monotonic clock).
// Usage: node ai-gateway.mjs [--requests N] [--concurrent-requests N] [--warmup N] [--chunks N] [--chunk-ms N] [--pause-rounds N]
//        [--fallback-rounds N] [--floor raw|frameworks|blocking] [--steady-cpu W] [--dump PREFIX] [--skip-build]
import { createServer } from 'node:http';
import http from 'node:http';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { benchDir, buildOnce, fmt, freePort, javaHome, javaVersion, percentile, processCpuMs, repoRoot, schedstat, schedstatByThread, startStratus, table, tempWorkspace, writeResult } from './lib/common.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const REQUESTS = opt('--requests', 400); // at 1 stream, per path
// At 50 streams, per path: a p99 needs more than a few waves of 50 to be more than its 3 worst streams
// (and the first wave, 50 requests at once, is not how a server in service is loaded). ~5 s.
const CONCURRENT_REQUESTS = opt('--concurrent-requests', 5000);
// The measured answers' pace (20 chunks 2 ms apart by default: a dense load, ~1,000 streams a
// second at 50 concurrent); warm-up answers always have the default pace, so that a slow
// measured pace (say 50 chunks 20 ms apart, like a model serving 50 requests) does not make the
// warm-up take hours.
const CHUNKS = opt('--chunks', 20);
const CHUNK_MS = opt('--chunk-ms', 2);
const WARMUP_PACE = { chunks: 20, chunkMs: 2 };
// `--floor raw|frameworks|blocking`: the same measurement with a bare relay in Stratus's place
// (bench/floor/): what relaying alone costs on this machine, with bare sockets, with the frameworks
// the server uses (Undertow in, java.net.http out), or with Undertow in and a blocking socket out
// (what a blocking HTTP client could save), and no application work. No fallback rounds then.
const FLOORS = { raw: 'RawRelay.java', frameworks: 'FrameworkRelay.java', blocking: 'BlockingRelay.java' };
const FLOOR = args.includes('--floor') ? args[args.indexOf('--floor') + 1] : null;
if (FLOOR !== null && !Object.hasOwn(FLOORS, FLOOR)) throw new Error(`--floor takes ${Object.keys(FLOORS).join(', ')}`);
const FALLBACK_ROUNDS = FLOOR ? 0 : opt('--fallback-rounds', 8);
// Rounds of a stream on each path after a pause longer than anything the server keeps warm on a
// timer (an API token's check is renewed every 5 s).
const PAUSE_ROUNDS = opt('--pause-rounds', 3);
const PAUSE_MS = 15_000;
// Gateway streams at 50 concurrent before measuring, so that the server is measured as it runs
// after a while in service: ./stratus raises C2's thresholds (20,000 calls, 30,000 with loops,
// for start-up time), so code run once per request is still in its first, profiling tier for
// 20,000-30,000 requests (a JFR recording of a 25,000-stream warm-up showed the per-request code
// of the HTTP client, Undertow and the governance reaching C2 during the 50-stream measurement);
// and the JIT compiles what a concurrent load runs (contended locks, fuller queues) only once it
// has seen it. The direct path (Node) warms up with at most 5,000. About a minute here.
const WARMUP = opt('--warmup', 40000);
const TARGET_ADDED_P99_MS = 5;
// `--steady-cpu W`: after the warm-up, only W windows of 10,000 streams at 50 concurrent on the
// gateway path (or the floor relay), each with the server's CPU per stream; no latency passes.
// Steadier than the CPU column of a latency pass (a few thousand streams, JIT included): a
// change of a few percent shows. Each window also gives, per stream, the time the server's
// threads were runnable but waiting for a CPU, and how many times one was put on a CPU: on this
// kind of machine (two vCPUs, a kernel without preemption), each wake-up costs more than its CPU
// time shows.
const STEADY_CPU = opt('--steady-cpu', 0);
const STEADY_WINDOW = 10_000;
// `--dump PREFIX`: each pass's streams, one record each, to PREFIX-1.json and PREFIX-50.json (the
// counted pass last): the client's { tag, sentAt, ttftAt, endAt } and the upstream's { tag,
// receivedAt, firstAt, endAt } on each path, in ms of CLOCK_MONOTONIC, the clock of the JVM's
// -Xlog `timenanos` decoration (ns). With the server's GC or safepoint log, it shows whether the
// slowest streams share a pause or are spread over the pass.
const DUMP = args.includes('--dump') ? args[args.indexOf('--dump') + 1] : null;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * The scripted upstream, run in a worker thread: streams `pace.chunks` chunks `pace.chunkMs`
 * apart (chunk i due at i intervals after the first); the messages `{ pace }` and
 * `{ rateLimit: true }` (the next request for small-a is answered 429) are acknowledged once in
 * effect, and `{ answers: true }` is answered with each answer since the last such message: its
 * prompt's tag, and when its request was received, its first token sent and its end sent.
 */
async function serveUpstream() {
  let rateLimitNext = false;
  let pace = WARMUP_PACE;
  let answers = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const receivedAt = now();
      const json = JSON.parse(body || '{}');
      if (json.model === 'small-a' && rateLimitNext) {
        rateLimitNext = false;
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '3' });
        res.end(JSON.stringify({ error: { message: 'Rate limit reached', type: 'rate_limit_error' } }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const { chunks, chunkMs } = pace;
      let i = 0;
      const chunk = (delta, finish = null) => `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0,
        model: json.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: 'assistant', content: '' }));
      const t0 = now();
      const tag = /\(request (\d+)\)/.exec(json.messages?.at(-1)?.content ?? '')?.[1];
      let firstAt;
      const next = () => {
        if (i++ < chunks) {
          res.write(chunk({ content: `tok${i} ` }));
          firstAt ??= now();
          setTimeout(next, Math.max(0, t0 + i * chunkMs - now()));
        } else {
          res.write(chunk({}, 'stop'));
          res.write(`data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: json.model, choices: [],
            usage: { prompt_tokens: 10, completion_tokens: chunks, total_tokens: 10 + chunks } })}\n\n`);
          res.end('data: [DONE]\n\n');
          answers.push({ tag, receivedAt, firstAt, endAt: now() });
        }
      };
      next();
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  parentPort.on('message', (m) => {
    if (m.answers) {
      parentPort.postMessage({ answers });
      answers = [];
      return;
    }
    if (m.pace) pace = m.pace;
    if (m.rateLimit) rateLimitNext = true;
    parentPort.postMessage({ ack: true });
  });
  parentPort.postMessage({ port: server.address().port });
}

/** Starts the upstream's worker thread; resolves to { port, pace(p), rateLimit(), answers(), close() }. */
async function upstream() {
  const worker = new Worker(new URL(import.meta.url), { argv: args });
  const port = await new Promise((ok, fail) => {
    worker.once('message', (m) => ok(m.port));
    worker.once('error', fail);
  });
  const send = (m) => new Promise((ok) => { worker.once('message', ok); worker.postMessage(m); });
  return { port, pace: (p) => send({ pace: p }), rateLimit: () => send({ rateLimit: true }),
    answers: async () => (await send({ answers: true })).answers, close: () => worker.terminate() };
}

/** The process's monotonic clock in ms: the same in the upstream's worker thread and in the client. */
const now = () => Number(process.hrtime.bigint()) / 1e6;
let nextTag = 0;

/**
 * One streamed completion: { tag, total, ttft, sentAt, ttftAt, endAt } in ms. The prompt carries a tag,
 * which the upstream reads, so that the upstream's moments of sending can be set against the
 * client's of receiving for the same stream.
 */
function stream(port, path, headers, model) {
  return new Promise((ok, fail) => {
    const tag = String(nextTag++);
    const sentAt = now();
    let ttft;
    let ttftAt;
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      if (res.statusCode !== 200) {
        fail(new Error(`${path}: HTTP ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let text = '';
      res.on('data', (c) => {
        text += c;
        if (ttft === undefined && /"content":"tok/.test(text)) {
          ttftAt = now();
          ttft = ttftAt - sentAt;
        }
      });
      res.on('end', () => {
        if (!text.includes('[DONE]')) fail(new Error('stream without [DONE]'));
        else {
          const endAt = now();
          ok({ tag, total: endAt - sentAt, ttft, sentAt, ttftAt, endAt });
        }
      });
    });
    req.on('error', fail);
    req.end(JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: `Say something short. (request ${tag})` }] }));
  });
}

/**
 * `n` streams from `concurrency` workers, each starting its first stream at a random moment
 * within one answer's nominal length (`staggerMs`), as requests reach a server in service; all 50
 * at the same instant they would form a first wave that queues, and with answers of equal length
 * the workers would then stay in step.
 */
async function series(port, path, headers, model, concurrency, n, staggerMs = 0) {
  const out = [];
  let started = 0;
  const worker = async () => {
    if (concurrency > 1 && staggerMs > 0) await new Promise((r) => setTimeout(r, Math.random() * staggerMs));
    while (started < n) {
      started++;
      out.push(await stream(port, path, headers, model));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/**
 * Each stream's time to first token and whole time less the upstream's own share of them (from
 * receiving the request to sending the first token, and to the end): the time the path took both
 * ways, whatever the upstream's pace. On a shared machine the upstream runs late when the CPUs
 * are busy, and a model server on its own hardware would not.
 */
function lags(streams, answers) {
  const byTag = new Map(answers.map((u) => [u.tag, u]));
  const matched = streams.map((x) => [x, byTag.get(x.tag)]);
  const unseen = matched.filter(([, u]) => !u).length;
  if (unseen > 0) throw new Error(`${unseen} streams not seen by the upstream`);
  return {
    first: stats(matched.map(([x, u]) => (x.ttftAt - x.sentAt) - (u.firstAt - u.receivedAt))),
    whole: stats(matched.map(([x, u]) => (x.endAt - x.sentAt) - (u.endAt - u.receivedAt))),
  };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99) };
};

/** The JIT compilation time of the JVM `pid` so far, in ms (its performance counters, read with jcmd), or NaN. */
function jitMs(pid) {
  const r = spawnSync(join(javaHome(), 'bin', 'jcmd'), [String(pid), 'PerfCounter.print'], { encoding: 'utf8' });
  const counter = (name) => Number((new RegExp(`^${name}=(\\d+)`, 'm').exec(r.stdout ?? '') ?? [])[1]);
  return ((counter('sun.ci.standardTime') + counter('sun.ci.osrTime')) / counter('sun.os.hrt.frequency')) * 1000;
}

if (isMainThread) await main();
else await serveUpstream();

async function main() {
  if (!args.includes('--skip-build')) buildOnce();
  const up = await upstream();
  const ws = await tempWorkspace();
  const base = `http://127.0.0.1:${up.port}/v1`;
  const configYaml = `ai:
  deployments:
    - {name: small-a, tier: small, provider: openai, baseUrl: "${base}", model: small-a, contextTokens: 32000, tools: false}
    - {name: small-b, tier: small, provider: openai, baseUrl: "${base}", model: small-b, contextTokens: 32000, tools: false}
  governance:
    rateLimit: {requestsPerMinute: 0}${process.env.BENCH_NO_FSYNC ? "\n    budgets: {fsync: false}\n    audit: {fsync: false}" : ""}
`;
  const server = FLOOR ? await startFloor(FLOOR, up.port) : await startStratus(ws.dir, { configYaml });
  try {
    const auth = { Authorization: `Bearer ${server.token}` };
    // Warm up both paths (JIT, connections, the extension's first call) at both concurrencies.
    for (const [concurrency, n] of [[1, Math.min(100, REQUESTS)], [50, WARMUP]]) {
      const stagger = WARMUP_PACE.chunks * WARMUP_PACE.chunkMs;
      await series(up.port, '/v1/chat/completions', {}, 'small-a', concurrency, Math.min(n, 5000), stagger);
      await series(server.port, '/v1/chat/completions', auth, 'stratus/small', concurrency, n, stagger);
    }
    await up.pace({ chunks: CHUNKS, chunkMs: CHUNK_MS });
    if (STEADY_CPU > 0) {
      const windows = [];
      const waits = [];
      const slices = [];
      const byThread = new Map();
      for (let i = 0; i < STEADY_CPU; i++) {
        const t0 = schedstatByThread(server.pid);
        const s0 = schedstat(server.pid);
        await series(server.port, '/v1/chat/completions', auth, 'stratus/small', 50, STEADY_WINDOW, CHUNKS * CHUNK_MS);
        const s1 = schedstat(server.pid);
        for (const [name, g] of schedstatByThread(server.pid)) {
          const before = t0.get(name) ?? { cpuMs: 0, slices: 0 };
          const sum = byThread.get(name) ?? { cpuMs: 0, slices: 0 };
          sum.cpuMs += (g.cpuMs - before.cpuMs) / STEADY_WINDOW / STEADY_CPU;
          sum.slices += (g.slices - before.slices) / STEADY_WINDOW / STEADY_CPU;
          byThread.set(name, sum);
        }
        windows.push((s1.cpuMs - s0.cpuMs) / STEADY_WINDOW);
        waits.push((s1.waitMs - s0.waitMs) / STEADY_WINDOW);
        slices.push((s1.slices - s0.slices) / STEADY_WINDOW);
        await up.answers(); // the upstream's per-stream records, not needed here, are let go
      }
      const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const list = (xs, digits) => `${xs.map((w) => fmt(w, digits)).join(' ')}; mean ${fmt(mean(xs), digits)}`;
      console.log(`${FLOOR ? `the ${FLOOR} floor relay` : 'the Stratus server'} at 50 concurrent, ${STEADY_CPU} windows of`
        + ` ${STEADY_WINDOW} streams (${CHUNKS} chunks ${CHUNK_MS} ms apart), per stream:`
        + `\n  CPU (ms): ${list(windows, 3)}`
        + `\n  runnable, waiting for a CPU (ms): ${list(waits, 3)}`
        + `\n  times a thread was put on a CPU: ${list(slices, 1)}`
        + `\n  by thread (mean of the windows; threads named alike summed, CPU ms / times put on a CPU):`
        + [...byThread].filter(([, g]) => g.cpuMs >= 0.005 || g.slices >= 0.05).sort((a, b) => b[1].cpuMs - a[1].cpuMs)
          .map(([name, g]) => `\n    ${name.padEnd(16)} ${fmt(g.cpuMs, 3)} / ${fmt(g.slices, 2)}`).join(''));
      await writeResult(FLOOR ? `ai-gateway-cpu-floor-${FLOOR}` : 'ai-gateway-cpu', { warmup: WARMUP, chunks: CHUNKS, chunkMs: CHUNK_MS,
        windows, mean: mean(windows), waitMs: waits, slices, byThread: Object.fromEntries(byThread) });
      return;
    }
    const selfCpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    /** One pass at `concurrency`: both paths, then their whole-stream and first-token figures and CPU. */
    const measure = async (concurrency) => {
      const n = concurrency === 1 ? REQUESTS : CONCURRENT_REQUESTS;
      const stagger = CHUNKS * CHUNK_MS;
      // Each path's series is led in by a few streams on it, not counted, so that both are
      // measured in use. Without it the gateway's first stream at one stream came after the
      // direct series, a minute at a model's pace in which the server had nothing to do while
      // the upstream served the direct path, and was its slowest by far (12-13 ms to the first
      // token against 3-6 for the next slowest; as one of 60 it was the p99). What a path costs
      // after a pause is measured on its own below, the same for both.
      const leadIn = (port, headers, model) => series(port, '/v1/chat/completions', headers, model, concurrency, 3 * concurrency, stagger);
      await leadIn(up.port, {}, 'small-a');
      await up.answers();
      const b0 = selfCpuMs();
      const direct = await series(up.port, '/v1/chat/completions', {}, 'small-a', concurrency, n, stagger);
      const upDirect = await up.answers();
      const b1 = selfCpuMs();
      await leadIn(server.port, auth, 'stratus/small');
      await up.answers();
      const b1g = selfCpuMs();
      const s1 = processCpuMs(server.pid);
      const gateway = await series(server.port, '/v1/chat/completions', auth, 'stratus/small', concurrency, n, stagger);
      const s2 = processCpuMs(server.pid);
      const b2 = selfCpuMs();
      const upGateway = await up.answers();
      if (DUMP) writeFileSync(`${DUMP}-${concurrency}.json`, JSON.stringify({ pace: { chunks: CHUNKS, chunkMs: CHUNK_MS }, direct, upstreamDirect: upDirect, gateway, upstreamGateway: upGateway }));
      return {
        upstream: { direct: stats(upDirect.map((u) => u.endAt - u.firstAt)), gateway: stats(upGateway.map((u) => u.endAt - u.firstAt)) },
        lag: { direct: lags(direct, upDirect), gateway: lags(gateway, upGateway) },
        direct: { total: stats(direct.map((x) => x.total)), ttft: stats(direct.map((x) => x.ttft)) },
        gateway: { total: stats(gateway.map((x) => x.total)), ttft: stats(gateway.map((x) => x.ttft)) },
        cpu: { serverMsPerStream: (s2 - s1) / n, benchDirectMsPerStream: (b1 - b0) / n, benchGatewayMsPerStream: (b2 - b1g) / n },
      };
    };
    // The measured sequence (one stream, then 50) runs twice and the first pass is not counted.
    // The warm-up above is one long phase at 50 streams, and the switches between one stream and
    // 50 bring code paths its profile had not seen: new upstream connections (the HTTP client's
    // idle ones expire during the single-stream phase) deoptimize the client's selector loop,
    // and Undertow's I/O loop reached C2 only then (JFR: C2 compilations of 0.2-0.5 s each of
    // those loops inside the first 5 s, 50-stream window, each with a burst of slow streams on
    // 2 vCPUs), once in the life of a server. The JIT still compiles a little after that
    // (0.2-0.7 s in each later pass, the most of it in the first); each pass reports how long,
    // from jcmd's count (sun.ci.*Time).
    const passes = [];
    for (let i = 0; i < 2; i++) {
      const jit0 = jitMs(server.pid);
      const pass = { 1: await measure(1), 50: await measure(50) };
      pass.jitMs = jitMs(server.pid) - jit0;
      passes.push(pass);
    }
    const result = passes[passes.length - 1];
    const rows = [];
    const cpuRows = [];
    for (const concurrency of [1, 50]) {
      const { direct: d, gateway: g, cpu } = result[concurrency];
      cpuRows.push([`${concurrency} stream${concurrency > 1 ? 's' : ''}`, fmt(cpu.benchDirectMsPerStream, 3),
        fmt(cpu.benchGatewayMsPerStream, 3), fmt(cpu.serverMsPerStream, 3)]);
      rows.push([`${concurrency} stream${concurrency > 1 ? 's' : ''}`, 'whole stream', fmt(d.total.p50), fmt(g.total.p50), fmt(d.total.p99),
        fmt(g.total.p99), fmt(g.total.p50 - d.total.p50), fmt(g.total.p99 - d.total.p99)]);
      rows.push(['', 'first token', fmt(d.ttft.p50), fmt(g.ttft.p50), fmt(d.ttft.p99), fmt(g.ttft.p99),
        fmt(g.ttft.p50 - d.ttft.p50), fmt(g.ttft.p99 - d.ttft.p99)]);
    }
    console.log(`\n${REQUESTS} streams per path at 1 stream, ${CONCURRENT_REQUESTS} at 50; ${CHUNKS} chunks ${CHUNK_MS} ms apart (ms)\n`);
    console.log(table(['concurrency', 'measure', 'direct p50', 'gateway p50', 'direct p99', 'gateway p99', 'added p50', 'added p99'], rows));
    const serverName = FLOOR ? `the ${FLOOR} floor relay` : 'the Stratus server';
    console.log(`\nCPU per stream (ms): the benchmark process (client + upstream) on each path, and ${serverName}\n`);
    console.log(table(['concurrency', 'client+upstream, direct', 'client+upstream, gateway', FLOOR ? 'relay' : 'Stratus server'], cpuRows));
    console.log('\nThe path alone (ms): each stream less the upstream\'s own time in it (request received -> first token sent, -> end sent)\n');
    console.log(table(['concurrency', 'measure', 'direct p50', 'gateway p50', 'direct p99', 'gateway p99', 'added p50', 'added p99'],
      [1, 50].flatMap((c) => ['whole', 'first'].map((k) => {
        const { direct: d, gateway: g } = result[c].lag;
        return [k === 'whole' ? `${c} stream${c > 1 ? 's' : ''}` : '', k === 'whole' ? 'whole stream' : 'first token', fmt(d[k].p50),
          fmt(g[k].p50), fmt(d[k].p99), fmt(g[k].p99), fmt(g[k].p50 - d[k].p50), fmt(g[k].p99 - d[k].p99)];
      }))));
    console.log('\nThe upstream\'s own answer time, first chunk to end (ms; paced by the upstream, not by the path)\n');
    console.log(table(['concurrency', 'direct p50', 'gateway p50', 'direct p99', 'gateway p99'], [1, 50].map((c) => {
      const u = result[c].upstream;
      return [`${c} stream${c > 1 ? 's' : ''}`, fmt(u.direct.p50), fmt(u.gateway.p50), fmt(u.direct.p99), fmt(u.gateway.p99)];
    })));
    const added = (r, k, q) => fmt(r.gateway[k][q] - r.direct[k][q]);
    const first = passes[0];
    console.log(`\nThe server's JIT compiled for ${fmt(result.jitMs, 0)} ms during the pass above. The first pass (not counted):`
      + ` added p50 / p99 of the whole stream 1 stream ${added(first[1], 'total', 'p50')} / ${added(first[1], 'total', 'p99')} ms,`
      + ` 50 streams ${added(first[50], 'total', 'p50')} / ${added(first[50], 'total', 'p99')} ms; JIT ${fmt(first.jitMs, 0)} ms`);
    // The first stream after a pause, when nothing on the path has run for a while (threads
    // parked, caches cold, a disk flush after a quiet spell): each path after the same pause,
    // the upstream's too.
    const paused = { direct: [], gateway: [] };
    for (let i = 0; i < PAUSE_ROUNDS; i++) {
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      paused.direct.push((await stream(up.port, '/v1/chat/completions', {}, 'small-a')).ttft);
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      paused.gateway.push((await stream(server.port, '/v1/chat/completions', auth, 'stratus/small')).ttft);
    }
    if (PAUSE_ROUNDS > 0) {
      const p = { direct: stats(paused.direct), gateway: stats(paused.gateway) };
      console.log(`\nFirst token after ${PAUSE_MS / 1000} s with nothing to do (${PAUSE_ROUNDS} rounds): direct p50 ${fmt(p.direct.p50)} ms,`
        + ` max ${fmt(Math.max(...paused.direct))} ms; gateway p50 ${fmt(p.gateway.p50)} ms, max ${fmt(Math.max(...paused.gateway))} ms`);
    }
    const fallback = [];
    const idle = [];
    for (let i = 0; i < FALLBACK_ROUNDS; i++) {
      // The same idle time before a request without a 429 (the control) and before one with it.
      await new Promise((r) => setTimeout(r, 3300)); // small-a's cooldown from the previous round is over
      idle.push((await stream(server.port, '/v1/chat/completions', auth, 'stratus/small')).ttft);
      await new Promise((r) => setTimeout(r, 3300));
      await up.rateLimit();
      fallback.push((await stream(server.port, '/v1/chat/completions', auth, 'stratus/small')).ttft);
    }
    const f = stats(fallback);
    const c = stats(idle);
    const normal = result[1].gateway.ttft;
    console.log(`\n429 -> fallback's first token (${FALLBACK_ROUNDS} rounds): p50 ${fmt(f.p50)} ms, max ${fmt(Math.max(...fallback))} ms`
      + `; the same after the same 3.3 s idle without a 429: p50 ${fmt(c.p50)} ms (first token in a busy series: p50 ${fmt(normal.p50)} ms)`);
    const worst = Math.max(result[1].gateway.total.p99 - result[1].direct.total.p99, result[50].gateway.total.p99 - result[50].direct.total.p99);
    console.log(FLOOR
      ? `added p99 (whole stream) through the ${FLOOR} floor relay, not Stratus: ${fmt(worst)} ms (Stratus's target: <= ${TARGET_ADDED_P99_MS} ms)`
      : `added p99 (whole stream): ${fmt(worst)} ms; target <= ${TARGET_ADDED_P99_MS} ms: ${worst <= TARGET_ADDED_P99_MS ? 'met' : 'NOT met'}`);
    await writeResult(FLOOR ? `ai-gateway-floor-${FLOOR}` : 'ai-gateway', { requests: REQUESTS, concurrentRequests: CONCURRENT_REQUESTS, warmup: WARMUP, chunks: CHUNKS, chunkMs: CHUNK_MS, result, passes, paused, fallback, idleControl: idle });
  } finally {
    await server.stop();
    up.close();
    await ws.remove();
  }
}

/**
 * A floor relay (bench/floor/) in the server's place, run from source with the launcher's JVM
 * options, on a free port: { pid, port, token, stop }, like startStratus.
 */
async function startFloor(kind, upstreamPort) {
  const port = await freePort();
  const source = join(benchDir, 'floor', FLOORS[kind]);
  const classpath = kind === 'raw' ? [] : ['-cp', join(repoRoot, 'ide-server', 'server', 'target', 'lib', '*')];
  const options = ['-XX:+UseSerialGC', '-Xss512k', '-XX:Tier4InvocationThreshold=20000', '-XX:Tier4CompileThreshold=30000',
    ...(javaVersion(javaHome()) >= 24 ? ['--sun-misc-unsafe-memory-access=allow'] : [])];
  const child = spawn(join(javaHome(), 'bin', 'java'), [...options, ...classpath, source, String(port), String(upstreamPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  await new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (c) => {
      output += c;
      if (/listening on/.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the ${kind} floor relay exited (${code}) before listening:\n${output}`)));
  });
  return { pid: child.pid, port, token: 'floor', stop: async () => { child.kill('SIGKILL'); } };
}
