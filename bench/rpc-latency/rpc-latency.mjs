#!/usr/bin/env node
// RPC latency benchmark (see ../README.md): `fs/stat` round trips over Stratus's JSON-RPC
// WebSocket against the same frames sent to a raw Undertow WebSocket echo server (this folder's
// EchoServer, in its own JVM with the exact JVM flags the launcher gave the Stratus server, read
// from /proc/<pid>/cmdline). One Node `ws` client for both; 1 and 100 concurrent connections,
// each doing sequential round trips. Reports p50/p99 in microseconds and stratus/echo ratios.
// Usage: node rpc-latency.mjs [--total N] [--warmup N] [--rounds N] [--skip-build]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import {
  benchEnv, buildOnce, fmt, getJson, median, percentile, startStratus, table, TARGET_FILE, tempWorkspace, waitForQuiet, writeResult,
} from '../lib/common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const TOTAL = opt('--total', 20_000); // measured round trips per setting and server (split over rounds and connections)
// Round trips before each measured round (on its fresh connections). Steady state is what a
// long-running server shows: the launcher lets C2 compile a method after 20k calls.
const WARMUP = opt('--warmup', 30_000);
const ROUNDS = opt('--rounds', 10); // echo/stratus alternate this many times per setting; samples pooled
const CONCURRENCY = [1, 100];
const SKIP_BUILD = args.includes('--skip-build');
// --label X writes results/rpc-latency-X-*.json (e.g. for a run under `taskset -c 0`).
const LABEL = args.includes('--label') ? args[args.indexOf('--label') + 1] : '';
const CPUS_ALLOWED = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
const TARGET_P50_RATIO = 1.5;
const log = (...m) => console.log('#', ...m);

/** Builds the echo server's jar when it is missing or older than its sources. */
function buildEchoServer() {
  const jar = join(here, 'target', 'echo-server.jar');
  const src = join(here, 'src', 'main', 'java', 'dev', 'stratus', 'bench', 'EchoServer.java');
  if (existsSync(jar) && statSync(jar).mtimeMs > Math.max(statSync(src).mtimeMs, statSync(join(here, 'pom.xml')).mtimeMs)) return jar;
  log('building the echo server (mvn package)');
  const r = spawnSync('mvn', ['-B', '-ntp', '-q', '-f', join(here, 'pom.xml'), 'package'], { env: benchEnv(), stdio: 'inherit' });
  if (r.status !== 0) throw new Error('mvn package of the echo server failed');
  return jar;
}

/** The java binary and JVM options of a running `java ... -jar X ...` process, minus its class cache. */
function jvmOf(pid) {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const jarAt = argv.indexOf('-jar');
  if (jarAt < 0) throw new Error(`pid ${pid} is not a java -jar process: ${argv.join(' ')}`);
  const all = argv.slice(1, jarAt);
  // The class cache belongs to the Stratus jar; the flags that shape the running JVM stay.
  const flags = all.filter((a) => !/^-XX:(AOTCache|SharedArchiveFile)=/.test(a) && !/^-Xlog:(aot|cds)=off$/.test(a));
  return { java: readlinkSync(`/proc/${pid}/exe`), flags, dropped: all.filter((a) => !flags.includes(a)) };
}

function startEcho(java, flags, jar) {
  return new Promise((ok, fail) => {
    const child = spawn(java, [...flags, '-jar', jar, '0', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => fail(new Error(`echo server did not start:\n${out}`)), 30_000);
    child.stdout.setEncoding('utf8').on('data', (c) => {
      out += c;
      const m = /echo listening on (ws:\/\/127\.0\.0\.1:\d+\/echo)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ url: m[1], pid: child.pid, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) });
      }
    });
    child.stderr.setEncoding('utf8').on('data', (c) => { out += c; });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`echo server exited with ${code}:\n${out}`)); });
  });
}

/** A connection that sends one request at a time and resolves each with the reply's text. */
function connect(url, headers) {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    let pending = null;
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      // Stratus may push notifications (no id); only a reply to our id ends the round trip.
      if (pending && (text.includes(pending.idField + ',') || text.includes(pending.idField + '}'))) {
        const p = pending;
        pending = null;
        p.ok(text);
      }
    });
    ws.once('open', () => ok({
      roundTrip(id) {
        const msg = `{"jsonrpc":"2.0","id":${id},"method":"fs/stat","params":{"path":"${TARGET_FILE}"}}`;
        return new Promise((res, rej) => {
          pending = { idField: `"id":${id}`, ok: res, rej };
          ws.send(msg);
        });
      },
      close: () => new Promise((r) => { ws.once('close', r); ws.close(); }),
      ws,
    }));
    ws.once('error', fail);
    ws.on('close', () => pending?.rej(new Error('connection closed')));
  });
}

/** `perConn` sequential round trips on each connection, all connections at once; latencies in µs. */
async function drive(conns, perConn, collect) {
  const samples = collect ? new Float64Array(perConn * conns.length) : null;
  let n = 0;
  let nextId = 1;
  const started = process.hrtime.bigint();
  await Promise.all(conns.map(async (c) => {
    for (let i = 0; i < perConn; i++) {
      const id = nextId++;
      const t0 = process.hrtime.bigint();
      const reply = await c.roundTrip(id);
      const us = Number(process.hrtime.bigint() - t0) / 1000;
      if (id === 1 && reply.includes('"error"')) throw new Error(`fs/stat failed: ${reply}`);
      if (samples) samples[n++] = us;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { samples, seconds };
}

async function measure(name, url, headers, concurrency) {
  const conns = await Promise.all(Array.from({ length: concurrency }, () => connect(url, headers)));
  try {
    // Check the first reply is a real answer (not an error) before timing anything.
    const first = await conns[0].roundTrip(0);
    if (name === 'stratus' && !/"result"\s*:/.test(first)) throw new Error(`fs/stat did not succeed: ${first}`);
    await drive(conns, Math.max(1, Math.ceil(WARMUP / concurrency)), false);
    const perConn = Math.ceil(TOTAL / ROUNDS / concurrency);
    const { samples, seconds } = await drive(conns, perConn, true);
    return { samples, seconds, count: samples.length, sampleReply: first.slice(0, 300) };
  } finally {
    await Promise.all(conns.map((c) => c.close()));
  }
}

function stats(samples, seconds) {
  const s = Float64Array.from(samples).sort();
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return {
    count: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1],
    mean, roundTripsPerSecond: seconds > 0 ? s.length / seconds : undefined,
  };
}

async function main() {
  if (!SKIP_BUILD) buildOnce();
  const jar = buildEchoServer();
  const ws = await tempWorkspace();
  const server = await startStratus(ws.dir);
  let echo;
  const results = [];
  const gates = [];
  try {
    const jvm = jvmOf(server.pid);
    log(`stratus server pid ${server.pid}: ${jvm.java} ${jvm.flags.join(' ')} (not copied: ${jvm.dropped.join(' ') || 'nothing'})`);
    echo = await startEcho(jvm.java, jvm.flags, jar);
    const { workspaces } = await getJson(server.port, '/api/workspaces', { Authorization: `Bearer ${server.token}` });
    const wsId = workspaces.find((w) => w.name === 'stratus-bench')?.id ?? workspaces[0].id;
    const targets = {
      echo: { url: echo.url, headers: {} },
      stratus: { url: `ws://127.0.0.1:${server.port}/api/workspaces/${encodeURIComponent(wsId)}/rpc`,
        headers: { Authorization: `Bearer ${server.token}` } },
    };
    for (const c of CONCURRENCY) {
      const pooled = { echo: [], stratus: [] };
      const perRound = { echo: [], stratus: [] };
      const secs = { echo: 0, stratus: 0 };
      let sample;
      for (let round = 0; round < ROUNDS; round++) {
        for (const name of round % 2 === 0 ? ['echo', 'stratus'] : ['stratus', 'echo']) {
          gates.push({ label: `c=${c} round ${round + 1} ${name}`, ...(await waitForQuiet({ label: `c=${c} ${name}` })) });
          const m = await measure(name, targets[name].url, targets[name].headers, c);
          pooled[name].push(m.samples);
          secs[name] += m.seconds;
          if (name === 'stratus') sample = m.sampleReply;
          const st = stats(m.samples, m.seconds);
          perRound[name].push({ p50: st.p50, p99: st.p99, roundTripsPerSecond: st.roundTripsPerSecond });
          log(`c=${c} round ${round + 1} ${name}: p50 ${st.p50.toFixed(0)} µs, p99 ${st.p99.toFixed(0)} µs, ${st.roundTripsPerSecond.toFixed(0)} round trips/s`);
        }
      }
      const merged = (name) => { const all = pooled[name].flatMap((a) => Array.from(a)); return stats(all, secs[name]); };
      results.push({ concurrency: c, echo: merged('echo'), stratus: merged('stratus'), perRound, stratusReply: sample });
    }
  } finally {
    await echo?.stop();
    await server.stop();
    await ws.remove();
  }

  const rows = [];
  for (const r of results) {
    r.ratioP50 = r.stratus.p50 / r.echo.p50;
    r.ratioP99 = r.stratus.p99 / r.echo.p99;
    for (const name of ['echo', 'stratus']) {
      const s = r[name];
      rows.push([`${r.concurrency} conn`, name === 'echo' ? 'Undertow echo' : 'Stratus fs/stat', s.count, fmt(s.p50, 0), fmt(s.p99, 0),
        fmt(s.mean, 0), fmt(s.roundTripsPerSecond, 0), name === 'stratus' ? fmt(r.ratioP50) : '', name === 'stratus' ? fmt(r.ratioP99) : '']);
    }
  }
  console.log(`\nRPC round-trip latency${LABEL ? ` [${LABEL}]` : ''} (CPUs ${CPUS_ALLOWED}; µs; ${TOTAL} measured round trips per setting and server, `
    + `in ${ROUNDS} alternating rounds, each after ${WARMUP} warm-up round trips)\n`);
  console.log(table(['setting', 'server', 'n', 'p50', 'p99', 'mean', 'rt/s', 'p50 ratio', 'p99 ratio'], rows));
  for (const r of results) {
    const range = (name) => `${fmt(Math.min(...r.perRound[name].map((x) => x.p50)), 0)}-${fmt(Math.max(...r.perRound[name].map((x) => x.p50)), 0)}`;
    r.medianOfRoundRatiosP50 = median(r.perRound.stratus.map((x, i) => x.p50 / r.perRound.echo[i].p50));
    console.log(`c=${r.concurrency}: p50 per round: echo ${range('echo')} µs, stratus ${range('stratus')} µs; `
      + `median of the per-round p50 ratios ${fmt(r.medianOfRoundRatiosP50)}x`);
  }
  for (const r of results) {
    console.log(`c=${r.concurrency}: stratus/echo p50 ${fmt(r.ratioP50)}x (target <= ${TARGET_P50_RATIO}x: ${r.ratioP50 <= TARGET_P50_RATIO ? 'met' : 'NOT met'})`);
  }
  const file = await writeResult(LABEL ? `rpc-latency-${LABEL}` : 'rpc-latency', {
    label: LABEL || undefined, cpusAllowed: CPUS_ALLOWED, totalPerSetting: TOTAL, warmup: WARMUP, rounds: ROUNDS, method: 'fs/stat', path: TARGET_FILE,
    targetP50Ratio: TARGET_P50_RATIO, results, quietGates: gates,
  });
  const noisy = gates.filter((g) => !g.quiet);
  if (noisy.length) console.log(`WARNING: ${noisy.length} round(s) started while other work kept the CPUs busy: ${noisy.map((g) => g.label).join(', ')}`);
  console.log(`\nwrote ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
