#!/usr/bin/env node
// Search benchmark (see README.md): Stratus's `search/*` service against ripgrep on the same tree.
//  - initial index time: spawn of `./stratus serve <corpus>` (fresh data dir) -> search/status
//    `ready` with every file indexed (polled every 100 ms);
//  - index size on disk (<data-dir>/index) against the corpus (raw, and what the index searches);
//  - warm query latency: search/text round trips over the RPC socket (p50/p99) against `rg` with
//    the flags that give the same semantics (wall time of the process, output read through a pipe),
//    for 6 query kinds; ratio stratus/rg (target <= 0.25x);
//  - save -> searchable: fs/write of a new unique token into an existing file, then search/text
//    for it polled every 5 ms until found (p50).
// Corpora: the generated 200-file workspace, and with --big Debian's linux-source tree
// (lib/corpus.mjs: installed/unpacked once into /var/tmp/stratus-bench or STRATUS_BENCH_CORPUS).
// Usage: node search.mjs [--big] [--big-only] [--runs N] [--rg-runs N] [--saves N] [--skip-build]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { folderBytes, ensureLinuxSource, rawTreeSize, RG_BASE, searchableTreeSize } from './lib/corpus.mjs';
import {
  buildOnce, fmt, median, percentile, startStratus, table, TARGET_MARKER, tempWorkspace, treeRssKiB, waitForQuiet, writeResult,
} from './lib/common.mjs';
import { connectRpc, workspaceId } from './lib/rpc.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const RUNS = opt('--runs', 30); // measured search/text round trips per query (after 3 warm-ups)
const RG_RUNS = opt('--rg-runs', 10); // measured rg runs per query (after 2 warm-ups)
const SAVES = opt('--saves', 10);
const BIG = args.includes('--big') || args.includes('--big-only');
const SMALL = !args.includes('--big-only');
const SKIP_BUILD = args.includes('--skip-build');
const TARGET_RATIO = 0.25;
const MAX_RESULTS = 20000; // the service's clamp; every query below finds fewer, so both sides do all the work

const log = (...m) => console.log('#', ...m);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * The 6 query kinds. `params` go to search/text; `rg` are ripgrep's equivalent flags (added to
 * RG_BASE, as in SearchParityTest). Each corpus picks queries that find < 20,000 matches, so the
 * service returns every match (truncated: false) and ripgrep prints every matching line.
 */
const QUERIES = {
  small: [
    { kind: 'rare literal', query: TARGET_MARKER, params: {}, rg: ['-F', '-i'] },
    { kind: 'common literal', query: 'buffer', params: {}, rg: ['-F', '-i'] },
    { kind: 'case-sensitive literal', query: 'Cursor', params: { caseSensitive: true }, rg: ['-F', '-s'] },
    { kind: 'whole word', query: 'value', params: { wholeWord: true }, rg: ['-F', '-i', '-w'] },
    { kind: 'regex with literal', query: 'function \\w+\\d+\\(items\\)', params: { isRegex: true, caseSensitive: true }, rg: ['-s'] },
    { kind: 'include glob *.ts', query: 'options', params: { include: ['*.ts'] }, rg: ['-F', '-i', '-g', '*.ts'] },
  ],
  linux: [
    { kind: 'rare literal', query: 'kobject_uevent_env', params: {}, rg: ['-F', '-i'] },
    { kind: 'common literal', query: 'spin_lock_irqsave', params: {}, rg: ['-F', '-i'] },
    { kind: 'case-sensitive literal', query: 'EXPORT_SYMBOL_GPL', params: { caseSensitive: true }, rg: ['-F', '-s'] },
    { kind: 'whole word', query: 'rcu_read_lock', params: { wholeWord: true }, rg: ['-F', '-i', '-w'] },
    { kind: 'regex with literal', query: 'spin_lock\\(&\\w+->lock\\)', params: { isRegex: true, caseSensitive: true }, rg: ['-s'] },
    { kind: 'include glob *.h', query: 'struct device', params: { include: ['*.h'] }, rg: ['-F', '-i', '-g', '*.h'] },
  ],
};

/** One rg run as an IDE would do it: spawn, read all output through a pipe, wait for the exit. */
function rgOnce(dir, flags, query) {
  return new Promise((ok, fail) => {
    const t0 = nowMs();
    const child = spawn('rg', [...RG_BASE, '--null', '-n', '--no-heading', '--with-filename', '--color', 'never', ...flags, '-e', query, './'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.on('error', fail);
    child.on('close', (code) => {
      const ms = nowMs() - t0;
      if (code > 1) return fail(new Error(`rg exited with ${code}`));
      const out = Buffer.concat(chunks);
      let lines = 0;
      for (let i = out.indexOf(10); i >= 0; i = out.indexOf(10, i + 1)) lines++;
      ok({ ms, lines, bytes: out.length });
    });
  });
}

/** Distinct "path:line" of a search/text result (what ripgrep prints one line for). */
function matchedLines(result) {
  return new Set(result.matches.map((m) => `${m.path}:${m.line}`)).size;
}

function summary(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), min: s[0], max: s.at(-1) };
}

async function benchCorpus(name, dir, queries, gates) {
  const quiet = async (label) => gates.push({ label: `${name}: ${label}`, ...(await waitForQuiet({ label: `${name}: ${label}` })) });
  const out = { corpus: name, dir };
  log(`${name}: measuring the corpus (${dir})`);
  out.raw = rawTreeSize(dir);
  out.searchable = searchableTreeSize(dir);
  log(`${name}: ${out.raw.files} files, ${fmt(out.raw.bytes / 2 ** 20, 1)} MiB raw (.git excluded); `
    + `${out.searchable.files} text files <= 1 MiB not ignored, ${fmt(out.searchable.bytes / 2 ** 20, 1)} MiB`);

  // Initial index --------------------------------------------------------------------------
  await quiet('server start and initial index');
  const t0 = nowMs();
  const server = await startStratus(dir, { timeoutMs: 300_000 });
  const progress = [];
  try {
    const wsId = await workspaceId(server, name === 'small' ? 'stratus-bench' : undefined);
    const rpc = await connectRpc(server, wsId);
    try {
      let status;
      for (;;) {
        status = await rpc.result('search/status');
        const at = nowMs() - t0;
        if (progress.length === 0 || progress.at(-1).indexedFiles !== status.indexedFiles) progress.push({ ms: Math.round(at), ...status });
        if (status.state === 'ready' && status.indexedFiles === status.totalFiles) break;
        if (status.state === 'unavailable') throw new Error(`search unavailable: ${JSON.stringify(status)}`);
        if (at > 1_800_000) throw new Error(`index not ready after 30 min: ${JSON.stringify(status)}`);
        await sleep(100);
      }
      const readyMs = nowMs() - t0;
      out.index = {
        spawnToReadyMs: readyMs, loginUrlMs: server.marks.loginUrl, status, progress,
        rssAtReadyKiB: treeRssKiB(server.pid).totalKiB,
      };
      await sleep(2000); // let Lucene's last merges/commit settle before measuring its size
      const indexDir = join(server.dataDir, 'index');
      out.index.bytes = folderBytes(indexDir);
      out.index.ratioToRaw = out.index.bytes / out.raw.bytes;
      out.index.ratioToSearchable = out.index.bytes / out.searchable.bytes;
      log(`${name}: index ready after ${fmt(readyMs / 1000, 2)} s (${status.indexedFiles} files); `
        + `${fmt(out.index.bytes / 2 ** 20, 1)} MiB on disk; server RSS ${fmt(out.index.rssAtReadyKiB / 1024, 0)} MiB`);

      // Warm queries ---------------------------------------------------------------------------
      out.queries = [];
      for (const q of queries) {
        const params = { query: q.query, maxResults: MAX_RESULTS, ...q.params };
        const first = await rpc.call('search/text', params);
        if (first.result.truncated) throw new Error(`${q.kind}: truncated at ${MAX_RESULTS}; pick a rarer query`);
        for (let i = 0; i < 2; i++) await rpc.call('search/text', params);
        await quiet(`stratus ${q.kind}`);
        const st = [];
        const took = [];
        for (let i = 0; i < RUNS; i++) {
          const r = await rpc.call('search/text', params);
          st.push(r.ms);
          took.push(r.result.tookMs);
        }
        const rgFirst = await rgOnce(dir, q.rg, q.query);
        await rgOnce(dir, q.rg, q.query);
        await quiet(`rg ${q.kind}`);
        const rg = [];
        for (let i = 0; i < RG_RUNS; i++) rg.push((await rgOnce(dir, q.rg, q.query)).ms);
        const s = summary(st);
        const g = summary(rg);
        const row = {
          kind: q.kind, query: q.query, params: q.params, rgFlags: q.rg,
          stratus: { ...s, serverTookMsP50: median(took), matches: first.result.matches.length, lines: matchedLines(first.result), replyBytes: first.bytes },
          rg: { ...g, lines: rgFirst.lines, outputBytes: rgFirst.bytes },
          ratioP50: s.p50 / g.p50, ratioP99: s.p99 / g.p99,
        };
        row.sameLines = row.stratus.lines === row.rg.lines;
        out.queries.push(row);
        log(`${name} ${q.kind}: stratus p50 ${fmt(s.p50, 1)} ms p99 ${fmt(s.p99, 1)} ms (${row.stratus.matches} matches, ${row.stratus.lines} lines); `
          + `rg p50 ${fmt(g.p50, 1)} ms p99 ${fmt(g.p99, 1)} ms (${row.rg.lines} lines); ratio ${fmt(row.ratioP50)}x`);
      }

      // Save -> searchable ------------------------------------------------------------------------
      const file = name === 'small' ? 'main.ts' : 'init/version.c';
      const original = await rpc.result('fs/read', { path: file });
      const saves = [];
      try {
        for (let i = 0; i < SAVES; i++) {
          await quiet(`save ${i + 1}`);
          const token = `stratusbench${randomBytes(8).toString('hex')}`;
          const content = `${original.content}\n// ${token}\n`;
          const s0 = nowMs();
          const w = await rpc.call('fs/write', { path: file, content });
          const written = nowMs() - s0;
          let polls = 0;
          for (;;) {
            polls++;
            const r = await rpc.result('search/text', { query: token, caseSensitive: true, maxResults: 10 });
            if (r.matches.length > 0) break;
            if (nowMs() - s0 > 30_000) throw new Error('a saved token was not found within 30 s');
            await sleep(5);
          }
          const found = nowMs() - s0;
          saves.push({ writeMs: w.ms, writtenMs: written, foundMs: found, polls });
          log(`${name} save ${i + 1}: written after ${fmt(written, 1)} ms, found after ${fmt(found, 1)} ms (${polls} searches)`);
          await sleep(300);
        }
      } finally {
        await rpc.call('fs/write', { path: file, content: original.content });
      }
      out.saveToSearchable = { file, samples: saves, p50Ms: median(saves.map((s) => s.foundMs)), maxMs: Math.max(...saves.map((s) => s.foundMs)) };
      out.rssAfterKiB = treeRssKiB(server.pid).totalKiB;
    } finally {
      await rpc.close();
    }
  } finally {
    await server.stop();
  }
  return out;
}

async function main() {
  if (!SKIP_BUILD) {
    log('./stratus build (excluded from the measurements)');
    buildOnce();
  }
  const gates = [];
  const corpora = [];
  const result = { runs: RUNS, rgRuns: RG_RUNS, saves: SAVES, maxResults: MAX_RESULTS, targetRatio: TARGET_RATIO, rgBaseFlags: RG_BASE, quietGates: gates, corpora };
  if (SMALL) {
    const ws = await tempWorkspace();
    try {
      corpora.push(await benchCorpus('small', ws.dir, QUERIES.small, gates));
    } finally {
      await ws.remove();
    }
  }
  if (BIG) {
    const linux = ensureLinuxSource();
    corpora.push({ ...(await benchCorpus('linux', linux.dir, QUERIES.linux, gates)), version: linux.version });
  }

  // Report ---------------------------------------------------------------------------------
  for (const c of corpora) {
    const label = c.corpus === 'small' ? '200-file generated workspace' : `Debian linux-source ${c.version}`;
    console.log(`\nSearch: ${label}`);
    console.log(`corpus: ${c.raw.files} files, ${fmt(c.raw.bytes / 2 ** 20, 1)} MiB raw; searchable (not ignored, text, <= 1 MiB): `
      + `${c.searchable.files} files, ${fmt(c.searchable.bytes / 2 ** 20, 1)} MiB`);
    console.log(`initial index: ${fmt(c.index.spawnToReadyMs / 1000, 2)} s from spawn (${c.index.status.indexedFiles} files); `
      + `index ${fmt(c.index.bytes / 2 ** 20, 1)} MiB = ${fmt(c.index.ratioToSearchable)}x searchable, ${fmt(c.index.ratioToRaw)}x raw; `
      + `server RSS ${fmt(c.index.rssAtReadyKiB / 1024, 0)} MiB at ready`);
    console.log(`save -> found by search/text: p50 ${fmt(c.saveToSearchable.p50Ms, 1)} ms, max ${fmt(c.saveToSearchable.maxMs, 1)} ms (${c.saveToSearchable.samples.length} saves)\n`);
    console.log(table(['query kind', 'query', 'lines', 'stratus p50', 'p99', 'rg p50', 'p99', 'ratio p50', 'p99', `<= ${TARGET_RATIO}x`], c.queries.map((q) => [
      q.kind, q.query.length > 28 ? `${q.query.slice(0, 27)}…` : q.query, `${q.stratus.lines}${q.sameLines ? '' : `/${q.rg.lines}`}`,
      fmt(q.stratus.p50, 1), fmt(q.stratus.p99, 1), fmt(q.rg.p50, 1), fmt(q.rg.p99, 1), `${fmt(q.ratioP50)}x`, `${fmt(q.ratioP99)}x`,
      q.ratioP50 <= TARGET_RATIO ? 'yes' : 'NO',
    ])));
    const diff = c.queries.filter((q) => !q.sameLines);
    if (diff.length) console.log(`NOTE: matched lines differ (stratus/rg) for: ${diff.map((q) => q.kind).join(', ')}`);
  }
  const noisy = gates.filter((g) => !g.quiet);
  if (noisy.length) console.log(`\nWARNING: ${noisy.length} measurement(s) started while other work kept the CPUs busy: ${noisy.map((g) => g.label).join(', ')}`);
  const file = await writeResult(BIG && !SMALL ? 'search-linux' : 'search', result);
  console.log(`\nwrote ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
