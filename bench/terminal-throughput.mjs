#!/usr/bin/env node
// Terminal throughput benchmark (see README.md):
//  (a) bytes/s from the PTY through the server and the terminal byte socket into a headless Node
//      client (`ws`, acking as docs/protocol.md says) while the terminal (/bin/sh) runs
//      `head -c 200000000 /dev/zero | tr '\0' a`, against the same command on a raw PTY read by
//      Python's pty module (and by `script -qfc ... /dev/null`); server RSS sampled every 100 ms;
//  (b) end to end into the browser: the IDE's terminal panel (xterm.js) in headless chromium runs
//      `head -c 50000000 /dev/urandom | base64` (67.5 MB); Enter -> the marker echoed after it is
//      in the terminal's buffer; peak server RSS. Peer: code-server 4.139.1, 23.2 s, 809 MB.
// Usage: node terminal-throughput.mjs [--runs N] [--mb N] [--poll-ms N] [--skip-build] [--no-browser] [--browser-only] [--variant webgl|dom]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { loggedInPage } from './lib/browser.mjs';
import { buildOnce, fmt, median, startStratus, table, tempWorkspace, treeRssKiB, waitForQuiet, writeResult } from './lib/common.mjs';
import { connectRpc, workspaceId } from './lib/rpc.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const RUNS = opt('--runs', 3);
const FLOOD_BYTES = opt('--mb', 200) * 1_000_000;
const SKIP_BUILD = args.includes('--skip-build');
const NODE_PART = !args.includes('--browser-only');
const BROWSER_PART = !args.includes('--no-browser');
const SHELL = '/bin/sh';
const POLL_MS = opt('--poll-ms', 50); // how often the browser part reads the terminal's last rows for the marker (the resolution)
const FLOOD = `head -c ${FLOOD_BYTES} /dev/zero | tr '\\0' a`;
const BROWSER_INPUT_BYTES = 50_000_000;
// base64 of 50,000,000 bytes: 66,666,668 characters in 76-character lines (877,193 line breaks).
const BROWSER_OUTPUT_BYTES = 66_666_668 + 877_193;
const TARGETS = { nodeMBps: 50, browserSpeedup: 10 };
const PEER = { name: 'code-server 4.139.1', seconds: 23.2, peakMB: 809 };
const ACK_EVERY = 32 * 1024; // bytes; the server sends at most 256 KiB beyond the last ack

const log = (...m) => console.log('#', ...m);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const MB = (bytes) => bytes / 1e6;

/** Samples the server's RSS (its process tree, and the JVM alone) every `ms` until stopped. */
function rssSampler(pid, ms = 100) {
  const samples = [];
  const take = () => {
    const t = treeRssKiB(pid);
    const jvm = t.processes.find((p) => p.name === 'java');
    samples.push({ treeKiB: t.totalKiB, jvmKiB: jvm?.rssKiB ?? 0 });
  };
  take();
  const timer = setInterval(take, ms);
  return {
    stop() {
      clearInterval(timer);
      take();
      return {
        samples: samples.length, startTreeKiB: samples[0].treeKiB,
        peakTreeKiB: Math.max(...samples.map((s) => s.treeKiB)), peakJvmKiB: Math.max(...samples.map((s) => s.jvmKiB)),
        endTreeKiB: samples.at(-1).treeKiB,
      };
    },
  };
}

// (a) ------------------------------------------------------------------------------------------

/** The terminal byte socket, acking every ACK_EVERY bytes; `waitFor(marker)` resolves when it has arrived. */
function attachTerminal(server, wsId, terminalId) {
  const url = `ws://127.0.0.1:${server.port}/api/workspaces/${encodeURIComponent(wsId)}/terminals/${encodeURIComponent(terminalId)}?from=0`;
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${server.token}` }, perMessageDeflate: false });
    let seq = 0; // next byte expected
    let acked = 0;
    let received = 0;
    let frames = 0;
    let tail = Buffer.alloc(0);
    let waiter = null;
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        const msg = JSON.parse(data.toString());
        if (msg.type === 'attached') {
          seq = msg.seq;
          acked = seq;
          ok(api);
        }
        return;
      }
      frames++;
      received += data.length;
      seq += data.length;
      if (seq - acked >= ACK_EVERY) {
        ws.send(JSON.stringify({ type: 'ack', seq }));
        acked = seq;
      }
      if (waiter) {
        const chunk = Buffer.concat([tail, data]);
        if (chunk.indexOf(waiter.marker) >= 0) {
          const w = waiter;
          waiter = null;
          w.resolve(nowMs());
        }
        tail = chunk.subarray(Math.max(0, chunk.length - 64));
      }
    });
    ws.once('error', fail);
    const api = {
      get received() { return received; },
      get frames() { return frames; },
      input: (text) => ws.send(Buffer.from(text, 'utf8'), { binary: true }),
      waitFor: (marker) => new Promise((resolve) => { tail = Buffer.alloc(0); waiter = { marker: Buffer.from(marker), resolve }; }),
      close: () => new Promise((r) => { ws.once('close', r); ws.close(); }),
    };
  });
}

/** The same command on a raw PTY: Python's pty.fork(), the parent reading the master until EOF. */
function rawPtyPython(command) {
  const py = [
    'import json, os, pty, sys, time',
    't0 = time.monotonic()',
    'pid, fd = pty.fork()',
    'if pid == 0:',
    "    os.execv('/bin/sh', ['/bin/sh', '-c', sys.argv[1]])",
    'n = 0',
    'reads = 0',
    'while True:',
    '    try:',
    '        b = os.read(fd, 65536)',
    '    except OSError:',
    '        break',
    '    if not b:',
    '        break',
    '    n += len(b)',
    '    reads += 1',
    'os.waitpid(pid, 0)',
    "print(json.dumps({'bytes': n, 'seconds': time.monotonic() - t0, 'reads': reads}))",
  ].join('\n');
  return new Promise((ok, fail) => {
    const child = spawn('/usr/bin/python3', ['-c', py, command], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c) => { out += c; });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok(JSON.parse(out)) : fail(new Error(`python pty exited with ${code}`))));
  });
}

/** `script -qfc COMMAND /dev/null > /dev/null`: util-linux script copying a PTY to its stdout. */
function rawPtyScript(command) {
  return new Promise((ok, fail) => {
    const t0 = nowMs();
    const child = spawn('script', ['-qfc', command, '/dev/null'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok({ seconds: (nowMs() - t0) / 1000 }) : fail(new Error(`script exited with ${code}`))));
  });
}

async function nodeClientPart(gates) {
  const quiet = async (label) => gates.push({ label, ...(await waitForQuiet({ label })) });
  const ws = await tempWorkspace();
  const server = await startStratus(ws.dir);
  const out = { command: FLOOD, shell: SHELL, ackEveryBytes: ACK_EVERY, runs: [], raw: { python: [], script: [] } };
  try {
    const wsId = await workspaceId(server, 'stratus-bench');
    const rpc = await connectRpc(server, wsId);
    const { terminalId } = await rpc.result('terminal/create', { cols: 120, rows: 30, shell: SHELL });
    const term = await attachTerminal(server, wsId, terminalId);
    await sleep(1000); // the shell's prompt
    // Warm-up: a small flood, not measured (JIT, buffers).
    const warm = `w${randomBytes(4).toString('hex')}`;
    const warmDone = term.waitFor(`${warm}-42`);
    term.input(`head -c 20000000 /dev/zero | tr '\\0' a; echo ${warm}-$((6*7))\n`);
    await warmDone;
    for (let i = 0; i < RUNS; i++) {
      await sleep(500);
      await quiet(`terminal flood ${i + 1}`);
      const id = `m${randomBytes(4).toString('hex')}`;
      // The typed line contains $((6*7)), the output 42: the echo of the input cannot match.
      const done = term.waitFor(`${id}-42`);
      const before = term.received;
      const rss = rssSampler(server.pid);
      const t0 = nowMs();
      term.input(`${FLOOD}; echo ${id}-$((6*7))\n`);
      const t1 = await done;
      const mem = rss.stop();
      const bytes = term.received - before;
      const seconds = (t1 - t0) / 1000;
      out.runs.push({ bytes, seconds, MBps: MB(bytes) / seconds, ...mem });
      log(`flood ${i + 1}: ${fmt(MB(bytes), 1)} MB in ${fmt(seconds, 2)} s = ${fmt(MB(bytes) / seconds, 1)} MB/s; `
        + `server RSS ${fmt(mem.startTreeKiB / 1024, 0)} -> peak ${fmt(mem.peakTreeKiB / 1024, 0)} MiB`);
    }
    out.frames = term.frames;
    await term.close();
    await rpc.result('terminal/close', { terminalId });
    await rpc.close();
  } finally {
    await server.stop();
    await ws.remove();
  }
  for (let i = 0; i < RUNS; i++) {
    await quiet(`raw pty python ${i + 1}`);
    const p = await rawPtyPython(FLOOD);
    out.raw.python.push({ ...p, MBps: MB(p.bytes) / p.seconds });
    await quiet(`raw pty script ${i + 1}`);
    const s = await rawPtyScript(FLOOD);
    out.raw.script.push({ ...s, MBps: MB(FLOOD_BYTES) / s.seconds });
    log(`raw PTY ${i + 1}: python ${fmt(MB(p.bytes) / p.seconds, 1)} MB/s (${p.reads} reads), script ${fmt(MB(FLOOD_BYTES) / s.seconds, 1)} MB/s`);
  }
  out.medianMBps = median(out.runs.map((r) => r.MBps));
  out.rawPythonMedianMBps = median(out.raw.python.map((r) => r.MBps));
  out.rawScriptMedianMBps = median(out.raw.script.map((r) => r.MBps));
  out.peakTreeKiB = Math.max(...out.runs.map((r) => r.peakTreeKiB));
  out.peakJvmKiB = Math.max(...out.runs.map((r) => r.peakJvmKiB));
  return out;
}

// (b) ------------------------------------------------------------------------------------------

/**
 * Renderer variants: headless chromium has no GPU, so xterm.js's WebGL renderer (the IDE's
 * default) runs on SwiftShader, Chrome's software GL, in the GPU process; with WebGL disabled
 * the IDE falls back to xterm's DOM renderer.
 */
const BROWSER_VARIANTS = [
  { name: 'webgl', label: 'WebGL renderer (software GL: SwiftShader)', chromiumArgs: [] },
  { name: 'dom', label: 'DOM renderer (chromium --disable-webgl)', chromiumArgs: ['--disable-webgl'] },
];

async function browserPart(gates, variant) {
  const quiet = async (label) => gates.push({ label, ...(await waitForQuiet({ label })) });
  const ws = await tempWorkspace();
  const server = await startStratus(ws.dir);
  let browser;
  const out = { variant: variant.name, label: variant.label, command: `head -c ${BROWSER_INPUT_BYTES} /dev/urandom | base64`, outputBytes: BROWSER_OUTPUT_BYTES, pollMs: POLL_MS, runs: [] };
  try {
    browser = await loggedInPage(server, variant.chromiumArgs);
    const { page } = browser;
    // A plain POSIX shell (the account's login shell may run slow start-up files here).
    await page.evaluate((shell) => localStorage.setItem('stratus.terminal.shell', shell), SHELL);
    await page.keyboard.press('Control+`');
    try {
      await page.locator('[data-testid="terminal"][data-state="open"]').waitFor({ timeout: 15_000 });
    } catch {
      out.skipped = 'no terminal panel in this build of the IDE (Ctrl+` opened no [data-testid="terminal"])';
      log(out.skipped);
      return out;
    }
    const terminal = page.locator('[data-testid="terminal"]:not([hidden])');
    const readText = () => terminal.evaluate((el) => el.readText());
    for (let i = 0; i < 100 && (await readText()).length === 0; i++) await sleep(100);
    out.renderer = await terminal.getAttribute('data-renderer');
    await page.evaluate(() => {
      window.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__benchEnterAt = performance.now(); }, true);
    });
    await page.locator('[data-testid="terminal"] .xterm').click();
    // Warm-up, not measured (as in part (a)): a server that has run for a while has compiled its
    // output path; the first flood after start-up also pays for the JIT.
    const warm = `w${randomBytes(4).toString('hex')}`;
    await page.keyboard.type(`head -c ${BROWSER_INPUT_BYTES} /dev/urandom | base64; echo ${warm}-$((6*7))`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((marker) => {
      const el = document.querySelector('[data-testid="terminal"]:not([hidden])');
      return el && el.readText(50).split('\n').some((l) => l === marker);
    }, `${warm}-42`, { polling: POLL_MS, timeout: 300_000 });
    await page.keyboard.type('clear');
    await page.keyboard.press('Enter');
    await sleep(500);
    for (let i = 0; i < RUNS; i++) {
      const id = `e${randomBytes(4).toString('hex')}`;
      await page.keyboard.type(`head -c ${BROWSER_INPUT_BYTES} /dev/urandom | base64; echo ${id}-$((6*7))`);
      await sleep(300);
      await quiet(`browser terminal ${variant.name} run ${i + 1}`);
      const rss = rssSampler(server.pid);
      const w0 = nowMs();
      await page.keyboard.press('Enter');
      // The end of the buffer is read every POLL_MS (its last 50 rows: the marker is followed only
      // by the prompt; reading the whole 5000-row scrollback took a few ms of the page's main
      // thread per poll, time taken from the terminal being measured); the resolution is POLL_MS.
      const seenAt = await (await page.waitForFunction((marker) => {
        const el = document.querySelector('[data-testid="terminal"]:not([hidden])');
        return el && el.readText(50).split('\n').some((l) => l === marker) ? performance.now() : 0;
      }, `${id}-42`, { polling: POLL_MS, timeout: 300_000 })).jsonValue();
      const wallMs = nowMs() - w0;
      const mem = rss.stop();
      const enterAt = await page.evaluate(() => window.__benchEnterAt);
      const seconds = (seenAt - enterAt) / 1000;
      out.runs.push({ seconds, wallSeconds: wallMs / 1000, MBps: MB(BROWSER_OUTPUT_BYTES) / seconds, ...mem });
      log(`browser ${variant.name} ${i + 1}: Enter -> marker shown ${fmt(seconds, 2)} s (${fmt(MB(BROWSER_OUTPUT_BYTES) / seconds, 1)} MB/s); `
        + `server RSS ${fmt(mem.startTreeKiB / 1024, 0)} -> peak ${fmt(mem.peakTreeKiB / 1024, 0)} MiB`);
      await page.keyboard.type('clear');
      await page.keyboard.press('Enter');
      await sleep(500);
    }
    out.medianSeconds = median(out.runs.map((r) => r.seconds));
    out.peakTreeKiB = Math.max(...out.runs.map((r) => r.peakTreeKiB));
    out.peakJvmKiB = Math.max(...out.runs.map((r) => r.peakJvmKiB));
    out.speedupVsPeer = PEER.seconds / out.medianSeconds;
  } finally {
    await browser?.close();
    await server.stop();
    await ws.remove();
  }
  return out;
}

async function main() {
  if (!SKIP_BUILD) {
    log('./stratus build (excluded from the measurements)');
    buildOnce();
  }
  const gates = [];
  const result = { runs: RUNS, targets: TARGETS, peer: PEER, quietGates: gates };
  if (NODE_PART) result.node = await nodeClientPart(gates);
  if (BROWSER_PART) {
    result.browser = [];
    const only = args.includes('--variant') ? args[args.indexOf('--variant') + 1] : null;
    for (const v of BROWSER_VARIANTS.filter((b) => !only || b.name === only)) result.browser.push(await browserPart(gates, v));
  }

  if (result.node) {
    const n = result.node;
    console.log(`\n(a) PTY -> server -> byte socket -> Node client: ${fmt(MB(FLOOD_BYTES), 0)} MB of 'a' (${RUNS} runs, medians)\n`);
    console.log(table(['path', 'MB/s', 'vs raw PTY (python)', 'target', 'met', 'server RSS peak (MiB)'], [
      ['Stratus byte socket, Node ws client', fmt(n.medianMBps, 1), `${fmt(n.medianMBps / n.rawPythonMedianMBps)}x`, `>= ${TARGETS.nodeMBps}`,
        n.medianMBps >= TARGETS.nodeMBps ? 'yes' : 'NO', `${fmt(n.peakTreeKiB / 1024, 0)} (JVM ${fmt(n.peakJvmKiB / 1024, 0)})`],
      ['raw PTY, python3 pty read loop', fmt(n.rawPythonMedianMBps, 1), '1.00x', '', '', ''],
      ['raw PTY, script -qfc > /dev/null', fmt(n.rawScriptMedianMBps, 1), `${fmt(n.rawScriptMedianMBps / n.rawPythonMedianMBps)}x`, '', '', ''],
    ]));
  }
  if (result.browser) {
    console.log(`\n(b) browser terminal panel (xterm.js): head -c ${BROWSER_INPUT_BYTES} /dev/urandom | base64 (${fmt(MB(BROWSER_OUTPUT_BYTES), 1)} MB; ${RUNS} runs, medians)\n`);
    const rows = [];
    for (const b of result.browser) {
      if (b.skipped) {
        rows.push([`Stratus, ${b.label}`, 'SKIPPED', '', '', '', '', '']);
        console.log(`SKIPPED (${b.variant}): ${b.skipped}`);
        continue;
      }
      rows.push([`Stratus, ${b.label}${b.renderer && b.renderer !== b.variant ? ` (got ${b.renderer})` : ''}`, fmt(b.medianSeconds, 2), fmt(MB(BROWSER_OUTPUT_BYTES) / b.medianSeconds, 1),
        `${fmt(b.peakTreeKiB / 1024, 0)} (JVM ${fmt(b.peakJvmKiB / 1024, 0)})`, `${fmt(b.speedupVsPeer, 1)}x`, `>= ${TARGETS.browserSpeedup}x`,
        b.speedupVsPeer >= TARGETS.browserSpeedup ? 'yes' : 'NO']);
    }
    rows.push([PEER.name, fmt(PEER.seconds, 1), fmt(MB(BROWSER_OUTPUT_BYTES) / PEER.seconds, 1), `${PEER.peakMB} MB`, '1.0x', '', '']);
    console.log(table(['', 'Enter -> last line shown (s)', 'MB/s', 'peak server RSS (MiB)', 'speed-up', 'target', 'met'], rows));
  }
  const noisy = gates.filter((g) => !g.quiet);
  if (noisy.length) console.log(`\nWARNING: ${noisy.length} measurement(s) started while other work kept the CPUs busy: ${noisy.map((g) => g.label).join(', ')}`);
  const file = await writeResult('terminal-throughput', result);
  console.log(`\nwrote ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
