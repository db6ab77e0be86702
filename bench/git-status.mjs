#!/usr/bin/env node
// git status benchmark (see README.md): Stratus's `git/status` (JGit, in the server) over the RPC
// socket against C git's `git status --porcelain=v1` (process wall time, output read through a
// pipe) on the same repository, warm, in three states: clean, one modified file, 10,000 untracked
// files. C git is timed twice: as given (`--porcelain=v1`, which reports a new folder as one
// `?? folder/` line, as git/status does) and with `-uall` (every untracked file listed).
// Repositories: the generated 200-file workspace (committed once per run) and with --big Debian's
// linux-source tree (git init + add + commit once, cached in the corpus folder for later runs).
// Usage: node git-status.mjs [--big] [--big-only] [--runs N] [--git-runs N] [--skip-build] | --report RESULT.json
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGitRepo, ensureLinuxSource, git, gitPorcelain, rawTreeSize } from './lib/corpus.mjs';
import { buildOnce, fmt, percentile, startStratus, table, tempWorkspace, treeRssKiB, waitForQuiet, writeResult } from './lib/common.mjs';
import { connectRpc, workspaceId } from './lib/rpc.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const RUNS = opt('--runs', 20); // measured git/status round trips per state (after 3 warm-ups)
const GIT_RUNS = opt('--git-runs', 20); // measured `git status` runs per variant and state (after 2 warm-ups)
const BIG = args.includes('--big') || args.includes('--big-only');
const SMALL = !args.includes('--big-only');
const SKIP_BUILD = args.includes('--skip-build');
const TARGET_RATIO = 3;
const UNTRACKED_DIR = 'stratus-bench-untracked'; // 100 folders x 100 files, created and removed by this script
const UNTRACKED_COUNT = 10_000;

const log = (...m) => console.log('#', ...m);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function gitOnce(dir, extra) {
  return new Promise((ok, fail) => {
    const t0 = nowMs();
    const child = spawn('git', ['status', '--porcelain=v1', ...extra], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    let err = '';
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => { err += c; });
    child.on('error', fail);
    child.on('close', (code) => {
      const ms = nowMs() - t0;
      if (code !== 0) return fail(new Error(`git status exited with ${code}: ${err}`));
      const out = Buffer.concat(chunks).toString('utf8');
      ok({ ms, lines: out.split('\n').filter(Boolean).length });
    });
  });
}

function summary(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), min: s[0], max: s.at(-1) };
}

/** Waits until the search index has caught up with file changes (it competes for the CPUs). */
async function searchSettled(rpc, timeoutMs = 1_800_000) {
  const t0 = nowMs();
  for (;;) {
    const s = await rpc.result('search/status');
    if (s.state === 'ready' && s.indexedFiles === s.totalFiles) return { ...s, waitedMs: nowMs() - t0 };
    if (s.state === 'unavailable' || nowMs() - t0 > timeoutMs) return { ...s, waitedMs: nowMs() - t0, gaveUp: true };
    await sleep(250);
  }
}

/** Removes what an interrupted earlier run may have left, then insists on a clean tree. */
function ensureClean(dir, modifyFile) {
  rmSync(join(dir, UNTRACKED_DIR), { recursive: true, force: true });
  let dirty = gitPorcelain(dir);
  if (dirty.split('\n').some((l) => l.slice(3) === modifyFile)) {
    git(dir, ['checkout', '--', modifyFile]);
    dirty = gitPorcelain(dir);
  }
  if (dirty.trim()) throw new Error(`${dir} is not clean:\n${dirty.split('\n').slice(0, 20).join('\n')}`);
}

async function benchRepo(name, dir, modifyFile, gates) {
  const quiet = async (label) => gates.push({ label: `${name}: ${label}`, ...(await waitForQuiet({ label: `${name}: ${label}` })) });
  const out = { corpus: name, dir, modifyFile, tree: rawTreeSize(dir) };
  out.trackedFiles = git(dir, ['ls-files', '-z']).split('\0').filter(Boolean).length;
  ensureClean(dir, modifyFile);
  log(`${name}: ${out.trackedFiles} tracked files, ${fmt(out.tree.bytes / 2 ** 20, 1)} MiB`);

  const server = await startStratus(dir, { timeoutMs: 300_000 });
  try {
    const wsId = await workspaceId(server, name === 'small' ? 'stratus-bench' : undefined);
    const rpc = await connectRpc(server, wsId);
    try {
      // The server indexes the workspace for search at start: wait until that is done.
      const settled = await searchSettled(rpc);
      log(`${name}: search index ready after ${fmt(settled.waitedMs / 1000, 1)} s (waited, not measured)`);
      out.states = [];
      const measureState = async (state, expectedFiles) => {
        const st = await rpc.result('git/status');
        if (st.files.length !== expectedFiles) throw new Error(`${state}: git/status lists ${st.files.length} files, expected ${expectedFiles}`);
        for (let i = 0; i < 2; i++) await rpc.call('git/status');
        await quiet(`git/status ${state}`);
        const samples = [];
        let replyBytes = 0;
        for (let i = 0; i < RUNS; i++) {
          const r = await rpc.call('git/status');
          samples.push(r.ms);
          replyBytes = r.bytes;
        }
        const cgit = {};
        for (const [variant, extra] of [['porcelain', []], ['uall', ['-uall']]]) {
          const first = await gitOnce(dir, extra);
          await gitOnce(dir, extra);
          await quiet(`git status ${variant} ${state}`);
          const g = [];
          for (let i = 0; i < GIT_RUNS; i++) g.push((await gitOnce(dir, extra)).ms);
          cgit[variant] = { ...summary(g), lines: first.lines };
        }
        const s = summary(samples);
        const row = {
          state, stratus: { ...s, files: st.files.length, replyBytes }, git: cgit,
          ratioP50: s.p50 / cgit.porcelain.p50, ratioP99: s.p99 / cgit.porcelain.p99,
          ratioP50Uall: s.p50 / cgit.uall.p50, ratioP99Uall: s.p99 / cgit.uall.p99,
          rssKiB: treeRssKiB(server.pid).totalKiB,
        };
        out.states.push(row);
        log(`${name} ${state}: git/status p50 ${fmt(s.p50, 1)} ms p99 ${fmt(s.p99, 1)} ms (${st.files.length} files); `
          + `git --porcelain=v1 p50 ${fmt(cgit.porcelain.p50, 1)} ms (${cgit.porcelain.lines} lines), -uall p50 ${fmt(cgit.uall.p50, 1)} ms; `
          + `ratio ${fmt(row.ratioP50)}x / ${fmt(row.ratioP50Uall)}x`);
      };

      await measureState('clean', 0);

      const path = join(dir, modifyFile);
      const original = readFileSync(path);
      try {
        appendFileSync(path, '\n// modified by the Stratus git-status benchmark\n');
        await searchSettled(rpc);
        await measureState('one modified file', 1);
      } finally {
        writeFileSync(path, original);
      }

      try {
        const t0 = nowMs();
        for (let d = 0; d < 100; d++) {
          const folder = join(dir, UNTRACKED_DIR, `d${String(d).padStart(2, '0')}`);
          mkdirSync(folder, { recursive: true });
          for (let f = 0; f < UNTRACKED_COUNT / 100; f++) writeFileSync(join(folder, `f${String(f).padStart(3, '0')}.txt`), `untracked ${d} ${f}\n`);
        }
        log(`${name}: created ${UNTRACKED_COUNT} untracked files in ${fmt((nowMs() - t0) / 1000, 1)} s`);
        await sleep(500);
        const s = await searchSettled(rpc);
        log(`${name}: search index caught up after ${fmt(s.waitedMs / 1000, 1)} s (not measured)`);
        // git/status reports the new folder as one `stratus-bench-untracked/` entry, as C git does.
        await measureState(`${UNTRACKED_COUNT / 1000}k untracked files`, 1);
      } finally {
        rmSync(join(dir, UNTRACKED_DIR), { recursive: true, force: true });
      }
      await searchSettled(rpc);
      out.rssEndKiB = treeRssKiB(server.pid).totalKiB;
    } finally {
      await rpc.close();
    }
  } finally {
    await server.stop();
  }
  // Leave the cached repository as we found it (C git refreshes the index's stat data).
  ensureClean(dir, modifyFile);
  return out;
}

/**
 * Where the p50 ratio would cross `target`, from the two sizes: each side's time taken as a fixed
 * cost plus a cost per tracked file (a straight line through its two p50s), so the ratio moves
 * from about fixed/fixed at small sizes towards perFile/perFile at large ones. Returns the model,
 * its large-repository limit, and the size (tracked files) where it equals `target`, if any.
 */
function crossing(small, big, target) {
  const line = (y1, y2) => {
    const perFile = (y2 - y1) / (big.files - small.files);
    return { fixedMs: y1 - perFile * small.files, perFileUs: perFile * 1000 };
  };
  const s = line(small.stratusMs, big.stratusMs);
  const g = line(small.gitMs, big.gitMs);
  const limit = s.perFileUs / g.perFileUs;
  // fixed_s + per_s * N = target * (fixed_g + per_g * N)
  const n = (target * g.fixedMs - s.fixedMs) / ((s.perFileUs - target * g.perFileUs) / 1000);
  const at = Number.isFinite(n) && n > 0 ? Math.round(n) : null;
  // Above `at` the ratio tends to `limit`: it is above target there when limit > target.
  return { stratus: s, git: g, largeRepoRatio: limit, crossesAtTrackedFiles: at, aboveTargetWhen: at === null ? (limit > target ? 'always' : 'never') : (limit > target ? `above ${at} files` : `below ${at} files`) };
}

function report(result) {
  const { repos } = result;
  for (const r of repos) {
    const label = r.corpus === 'small' ? '200-file generated workspace' : `Debian linux-source ${r.version}`;
    console.log(`\ngit status: ${label} (${r.trackedFiles} tracked files, ${fmt(r.tree.bytes / 2 ** 20, 1)} MiB)\n`);
    console.log(table(['state', 'git/status p50', 'p99', 'git p50', 'p99', 'ratio p50', 'p99', `<= ${TARGET_RATIO}x`, 'git -uall p50', 'ratio p50'],
      r.states.map((s) => [s.state, fmt(s.stratus.p50, 1), fmt(s.stratus.p99, 1), fmt(s.git.porcelain.p50, 1), fmt(s.git.porcelain.p99, 1),
        `${fmt(s.ratioP50)}x`, `${fmt(s.ratioP99)}x`, s.ratioP50 <= TARGET_RATIO ? 'yes' : 'NO', fmt(s.git.uall.p50, 1), `${fmt(s.ratioP50Uall)}x`])));
  }
  const small = repos.find((r) => r.corpus === 'small');
  const big = repos.find((r) => r.corpus === 'linux');
  if (small && big) {
    result.crossing = [];
    for (const variant of ['porcelain', 'uall']) {
      for (const [i, s] of small.states.entries()) {
        const b = big.states[i];
        const c = crossing({ files: small.trackedFiles, stratusMs: s.stratus.p50, gitMs: s.git[variant].p50 },
          { files: big.trackedFiles, stratusMs: b.stratus.p50, gitMs: b.git[variant].p50 }, TARGET_RATIO);
        result.crossing.push({ state: s.state, gitVariant: variant, ...c });
      }
    }
    console.log(`\nFixed + per-tracked-file cost model through the two sizes (p50s); where the ratio is above ${TARGET_RATIO}x:\n`);
    console.log(table(['state', 'C git', 'git/status fixed ms', 'µs/file', 'git fixed ms', 'µs/file', 'large-repo ratio', `ratio > ${TARGET_RATIO}x`],
      result.crossing.map((c) => [c.state, c.gitVariant === 'uall' ? '-uall' : '--porcelain=v1', fmt(c.stratus.fixedMs, 1), fmt(c.stratus.perFileUs, 2),
        fmt(c.git.fixedMs, 1), fmt(c.git.perFileUs, 2), `${fmt(c.largeRepoRatio)}x`, c.aboveTargetWhen])));
  }
}

async function main() {
  if (args.includes('--report')) {
    // Re-prints the tables and the model from a result file: node git-status.mjs --report results/git-status-latest.json
    report(JSON.parse(readFileSync(args[args.indexOf('--report') + 1], 'utf8')));
    return;
  }
  if (!SKIP_BUILD) {
    log('./stratus build (excluded from the measurements)');
    buildOnce();
  }
  const gates = [];
  const repos = [];
  const result = { runs: RUNS, gitRuns: GIT_RUNS, targetRatio: TARGET_RATIO, gitVersion: git('.', ['--version']).trim(), quietGates: gates, repos };
  if (SMALL) {
    const ws = await tempWorkspace();
    try {
      ensureGitRepo(ws.dir);
      repos.push(await benchRepo('small', ws.dir, 'main.ts', gates));
    } finally {
      await ws.remove();
    }
  }
  if (BIG) {
    const linux = ensureLinuxSource();
    const made = ensureGitRepo(linux.dir);
    if (made.created) log(`git init + add + commit took ${fmt(made.seconds, 0)} s`);
    repos.push({ ...(await benchRepo('linux', linux.dir, 'README', gates)), version: linux.version, repoCreatedSeconds: made.created ? made.seconds : undefined });
  }

  report(result);
  const noisy = gates.filter((g) => !g.quiet);
  if (noisy.length) console.log(`\nWARNING: ${noisy.length} measurement(s) started while other work kept the CPUs busy: ${noisy.map((g) => g.label).join(', ')}`);
  const file = await writeResult(BIG && !SMALL ? 'git-status-linux' : 'git-status', result);
  console.log(`\nwrote ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
