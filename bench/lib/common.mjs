// Shared helpers for the Stratus benchmarks: paths (all derived from this file's location), the
// generated 200-file workspace, starting `./stratus serve`, process-tree RSS from /proc,
// statistics, result files. Every socket here targets 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(benchDir, '..');
export const launcher = join(repoRoot, 'stratus');
export const resultsDir = join(benchDir, 'results');

// ---------------------------------------------------------------------------------------------
// Java

/** JAVA_HOME if set, else the newest JDK >= 21 under /usr/lib/jvm (what run-all.sh also picks). */
export function javaHome() {
  if (process.env.JAVA_HOME) return process.env.JAVA_HOME;
  const root = '/usr/lib/jvm';
  let best = null;
  let bestV = 0;
  for (const d of existsSync(root) ? readdirSync(root) : []) {
    const java = join(root, d, 'bin', 'java');
    if (!existsSync(java) || !existsSync(join(root, d, 'bin', 'javac'))) continue;
    const v = javaVersion(join(root, d));
    if (v >= 21 && v > bestV) { best = join(root, d); bestV = v; }
  }
  if (!best) throw new Error('No JDK >= 21 found: set JAVA_HOME');
  return best;
}

/** The feature version (21, 25, ...) of the JDK at `home`; 0 if it cannot tell. */
export function javaVersion(home) {
  const r = spawnSync(join(home, 'bin', 'java'), ['-XshowSettings:properties', '-version'], { encoding: 'utf8' });
  const m = /java\.specification\.version = (\d+)/.exec(r.stderr ?? '');
  return m ? Number(m[1]) : 0;
}

export function benchEnv(extra = {}) {
  return { ...process.env, JAVA_HOME: javaHome(), ...extra };
}

/** Runs `./stratus build` (a no-op when nothing changed) and fails loudly if it fails. */
export function buildOnce() {
  const r = spawnSync(launcher, ['build'], { cwd: repoRoot, env: benchEnv(), stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`./stratus build failed with ${r.status}`);
}

// ---------------------------------------------------------------------------------------------
// Workspace

/** Deterministic pseudo-random numbers (mulberry32), so every run benchmarks the same files. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['alpha', 'buffer', 'cursor', 'delta', 'editor', 'folder', 'gutter', 'handle', 'index', 'journal',
  'kernel', 'layout', 'model', 'node', 'offset', 'panel', 'query', 'range', 'session', 'token', 'update',
  'value', 'widget', 'xterm', 'yield', 'zone'];

function ident(r) {
  const a = WORDS[Math.floor(r() * WORDS.length)];
  const b = WORDS[Math.floor(r() * WORDS.length)];
  return a + b[0].toUpperCase() + b.slice(1);
}

function fill(r, target, unit) {
  let s = '';
  let i = 0;
  while (s.length < target) s += unit(i++);
  return s;
}

const GENERATORS = {
  ts: (r, size, name) => `// ${name}: generated for the Stratus benchmarks\n` + fill(r, size, (i) => {
    const f = ident(r);
    return `export interface ${f[0].toUpperCase()}${f.slice(1)}Options${i} {\n  readonly id: number;\n  label?: string;\n}\n\n`
      + `export function ${f}${i}(input: readonly number[], options: { scale: number }): number[] {\n`
      + `  const out: number[] = [];\n  for (const value of input) {\n    out.push(value * options.scale + ${i});\n  }\n  return out;\n}\n\n`;
  }),
  js: (r, size, name) => `// ${name}: generated for the Stratus benchmarks\n'use strict';\n\n` + fill(r, size, (i) => {
    const f = ident(r);
    return `function ${f}${i}(items) {\n  return items.filter((x) => x % ${i + 2} === 0).map((x) => ({ x, label: '${f}' }));\n}\n`
      + `module.exports.${f}${i} = ${f}${i};\n\n`;
  }),
  json: (r, size) => {
    const entries = [];
    let len = 2;
    for (let i = 0; len < size; i++) {
      const e = `  "${ident(r)}${i}": { "enabled": ${r() < 0.5}, "weight": ${Math.floor(r() * 1000)}, "tags": ["${ident(r)}", "${ident(r)}"] }`;
      entries.push(e);
      len += e.length + 2;
    }
    return `{\n${entries.join(',\n')}\n}\n`;
  },
  md: (r, size, name) => `# ${name}\n\n` + fill(r, size, (i) => {
    const words = Array.from({ length: 40 }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
    return `## Section ${i}\n\nThe ${ident(r)} keeps ${words}.\n\n- ${ident(r)}: \`${ident(r)}()\`\n- ${ident(r)}\n\n`;
  }),
};

/** The file the page benchmarks open: at the workspace root, so the tree shows it without expanding. */
export const TARGET_FILE = 'main.ts';
export const TARGET_MARKER = 'STRATUS_BENCH_MARKER_main_ts';

/**
 * Writes the benchmark workspace: `count` files (TypeScript, JavaScript, JSON, Markdown; 1-20 KB
 * each, same content every time) in nested folders, plus `main.ts` (~8 KB) at the root whose
 * first line carries TARGET_MARKER.
 */
export async function createWorkspace(dir, count = 200) {
  const r = rng(0x5747a7);
  const dirs = [''];
  for (const top of ['src', 'lib', 'docs', 'config', 'test', 'scripts']) {
    dirs.push(top);
    for (let i = 0; i < 3; i++) {
      const sub = `${top}/${ident(r).toLowerCase()}`;
      dirs.push(sub);
      if (r() < 0.5) dirs.push(`${sub}/${ident(r).toLowerCase()}`);
    }
  }
  const kinds = ['ts', 'ts', 'ts', 'js', 'js', 'json', 'md'];
  const files = { [TARGET_FILE]: `// ${TARGET_MARKER}\n` + GENERATORS.ts(rng(7), 8 * 1024, TARGET_FILE) };
  let bytes = files[TARGET_FILE].length;
  for (let i = 1; i < count; i++) {
    const kind = kinds[Math.floor(r() * kinds.length)];
    const folder = dirs[Math.floor(r() * dirs.length)];
    const name = `${ident(r).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-${i}.${kind}`;
    const path = folder ? `${folder}/${name}` : name;
    const size = 1024 + Math.floor(r() * 19 * 1024);
    files[path] = GENERATORS[kind](r, size, path);
    bytes += files[path].length;
  }
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), content);
  }
  return { files: Object.keys(files).length, bytes, folders: dirs.length - 1 };
}

/** A temp folder named `stratus-bench` inside a fresh temp dir (the workspace id is `stratus-bench`). */
export async function tempWorkspace() {
  const parent = await mkdtemp(join(tmpdir(), 'stratus-bench-'));
  const dir = join(parent, 'stratus-bench');
  const info = await createWorkspace(dir);
  return { parent, dir, id: 'stratus-bench', ...info, remove: () => rm(parent, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------------
// Server

export function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** One GET on 127.0.0.1; resolves with the status code, or null if the connection failed. */
export function httpStatus(port, path, headers = {}, timeoutMs = 1000) {
  return new Promise((ok) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => ok(null));
  });
}

export function getJson(port, path, headers = {}) {
  return new Promise((ok, fail) => {
    http.get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c) => { body += c; }).on('end', () => {
        if (res.statusCode !== 200) fail(new Error(`GET ${path}: HTTP ${res.statusCode} ${body}`));
        else ok(JSON.parse(body));
      });
    }).on('error', fail);
  });
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Spawns `./stratus serve DIR --port P --host 127.0.0.1 --data-dir D` (in its own process group)
 * with a fresh data dir and a random STRATUS_BOOTSTRAP_TOKEN. With `pollHealthMs`, polls
 * GET /healthz at that interval from the moment of the spawn and records when it first answers 200.
 * Resolves once the login URL was printed.
 */
export async function startStratus(workspaceDir, { pollHealthMs = 0, timeoutMs = 120_000, args = [], configYaml } = {}) {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'stratus-bench-data-'));
  const token = randomBytes(24).toString('hex');
  const t0 = nowMs();
  const extra = [...args];
  if (configYaml !== undefined) {
    await writeFile(join(dataDir, 'stratus.yaml'), configYaml);
    extra.push('--config', join(dataDir, 'stratus.yaml'));
  }
  const child = spawn(launcher, ['serve', workspaceDir, '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, ...extra],
    { cwd: repoRoot, env: benchEnv({ STRATUS_BOOTSTRAP_TOKEN: token }), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const marks = {};
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  child.stdout.setEncoding('utf8').on('data', (c) => {
    output += c;
    if (marks.listening === undefined && /Stratus listening on/.test(output)) marks.listening = nowMs() - t0;
    if (marks.loginUrl === undefined && /\/login#token=/.test(output)) marks.loginUrl = nowMs() - t0;
  });
  child.stderr.setEncoding('utf8').on('data', (c) => { output += c; });

  let healthDone = Promise.resolve();
  if (pollHealthMs > 0) {
    healthDone = (async () => {
      let polls = 0;
      while (exited === null && nowMs() - t0 < timeoutMs) {
        polls++;
        const status = await httpStatus(port, '/healthz', {}, 500);
        if (status === 200) {
          marks.health200 = nowMs() - t0;
          marks.healthPolls = polls;
          return;
        }
        await new Promise((r) => setTimeout(r, pollHealthMs));
      }
    })();
  }

  const deadline = t0 + timeoutMs;
  while (marks.loginUrl === undefined) {
    if (exited !== null) throw new Error(`stratus serve exited (${JSON.stringify(exited)}):\n${output}`);
    if (nowMs() > deadline) {
      killGroup(child.pid, 'SIGKILL');
      throw new Error(`stratus serve printed no login URL within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await healthDone;
  const baseUrl = /Stratus listening on (http:\/\/127\.0\.0\.1:\d+)\/?/.exec(output)[1];
  const loginUrl = /(http:\/\/127\.0\.0\.1:\d+\/login#token=\S+)/.exec(output)[1];
  return {
    pid: child.pid, port, baseUrl, loginUrl, token, dataDir, marks,
    rebuilt: /Building Stratus/.test(output),
    output: () => output,
    async stop() {
      if (exited === null) {
        const gone = new Promise((r) => child.once('exit', r));
        killGroup(child.pid, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 10_000);
        await gone;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

// ---------------------------------------------------------------------------------------------
// Memory

/** Sum of VmRSS (KiB) of `rootPid` and all its descendants, read from /proc. */
export function treeRssKiB(rootPid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  const pids = [];
  const todo = [rootPid];
  while (todo.length) {
    const p = todo.pop();
    pids.push(p);
    todo.push(...(children.get(p) ?? []));
  }
  let total = 0;
  const perProcess = [];
  for (const p of pids) {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const name = /Name:\s+(\S+)/.exec(status)?.[1];
      total += kib;
      perProcess.push({ pid: p, name, rssKiB: kib });
    } catch {
      // exited meanwhile
    }
  }
  return { totalKiB: total, processes: perProcess };
}

/**
 * CPU time (ms) that process `pid` has run so far: the scheduler's own count per thread
 * (/proc/PID/task/TID/schedstat, in ns), not user + system time, which is counted in 10 ms
 * clock ticks and overcharges a process woken by short timers (as a streamed answer does).
 * Threads that have exited are not counted.
 */
export function processCpuMs(pid) {
  return schedstat(pid).cpuMs;
}

/**
 * The scheduler's counts for process `pid` so far, summed over its threads (those that have
 * exited are not counted): CPU time (ms), time spent runnable while waiting for a CPU (ms), and
 * how many times a thread was put on a CPU (each a wake-up or a return after preemption).
 */
export function schedstat(pid) {
  let run = 0;
  let wait = 0;
  let slices = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const [r, w, n] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      run += r;
      wait += w;
      slices += n;
    } catch {
      // exited meanwhile
    }
  }
  return { cpuMs: run / 1e6, waitMs: wait / 1e6, slices };
}

/**
 * The scheduler's counts of `pid`'s threads grouped by name (digits dropped, so the carriers of
 * virtual threads or the I/O threads count as one group): name -> { cpuMs, slices }. The kernel
 * keeps 15 characters of a name.
 */
export function schedstatByThread(pid) {
  const groups = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim().replace(/[0-9]+/g, '#');
      const [r, , n] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      const g = groups.get(name) ?? { cpuMs: 0, slices: 0 };
      g.cpuMs += r / 1e6;
      g.slices += n;
      groups.set(name, g);
    } catch {
      // exited meanwhile
    }
  }
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Statistics and output

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile of a sorted array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function machine() {
  return {
    cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, javaHome: undefined,
    memTotalMiB: Math.round(Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))[1]) / 1024),
  };
}

export function gitRevision() {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'ide-server', 'frontend', 'pom.xml', 'stratus'],
    { cwd: repoRoot, encoding: 'utf8' });
  return (r.stdout ?? '').trim() + ((dirty.stdout ?? '').trim() ? '+uncommitted' : '');
}

/** Writes `results/<name>-<timestamp>.json` and `results/<name>-latest.json`. */
export async function writeResult(name, data) {
  await mkdir(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const body = JSON.stringify({
    benchmark: name, date: new Date().toISOString(), revision: gitRevision(),
    machine: { ...machine(), javaHome: javaHome() }, ...data,
  }, null, 2) + '\n';
  const file = join(resultsDir, `${name}-${stamp}.json`);
  await writeFile(file, body);
  await writeFile(join(resultsDir, `${name}-latest.json`), body);
  return file;
}

export const fmt = (x, digits = 2) => (x === undefined || x === null || Number.isNaN(x) ? '-' : Number(x).toFixed(digits));

// ---------------------------------------------------------------------------------------------
// Quiet machine gate: this is a 2-core machine that other work (builds, tests) may share.

function cpuTimes() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number); // user..steal (guest time is inside user)
  const idle = f[3] + (f[4] || 0);
  return { idle, total: f.reduce((a, b) => a + b, 0) };
}

/** Fraction of all CPUs busy over `ms` milliseconds (whole machine, from /proc/stat). */
export async function cpuBusy(ms = 500) {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTimes();
  const total = b.total - a.total;
  return total > 0 ? 1 - (b.idle - a.idle) / total : 0;
}

/**
 * Waits (up to `maxWaitMs`) until the machine is quiet: two consecutive 500 ms windows with less
 * than `threshold` of the CPUs busy. Call it while the benchmark's own processes are idle.
 * Returns { busy, waitedMs, quiet }.
 */
export async function waitForQuiet({ threshold = 0.15, maxWaitMs = 180_000, label = '' } = {}) {
  const t0 = Date.now();
  let calm = 0;
  let busy = 1;
  let told = false;
  while (Date.now() - t0 < maxWaitMs) {
    busy = await cpuBusy(500);
    calm = busy < threshold ? calm + 1 : 0;
    if (calm >= 2) return { busy, waitedMs: Date.now() - t0, quiet: true };
    if (!told && Date.now() - t0 > 2000) {
      console.log(`# waiting for other work on this machine to finish (${Math.round(busy * 100)}% CPU busy)${label ? ` before ${label}` : ''}...`);
      told = true;
    }
  }
  console.log(`# machine still ${Math.round(busy * 100)}% busy after ${maxWaitMs / 1000} s; measuring anyway${label ? ` (${label})` : ''}`);
  return { busy, waitedMs: Date.now() - t0, quiet: false };
}
