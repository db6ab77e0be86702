#!/usr/bin/env node
// Extension call overhead (see README.md, section 8): the built-in sample extension's RPC method
// ext/todo-tree/list, which runs one regex search through the extension API, side by side with
// the same search/text request sent straight to the server, on the same socket, alternating in
// rounds; and extensions/list (the host alone) next to fs/stat (the cheapest core method). The
// difference is what hosting costs a call: the hop to the extension's thread, binding its params
// and results, and the API's own search mapping. A tag no file has makes the search itself cheap,
// so that cost stands out.
// Usage: node extension-rpc.mjs [--rounds N] [--per-round N] [--warmup N] [--quiet-wait S] [--skip-build]
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildOnce, fmt, percentile, startStratus, table, tempWorkspace, waitForQuiet, writeResult,
} from './lib/common.mjs';
import { connectRpc, workspaceId } from './lib/rpc.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const ROUNDS = opt('--rounds', 10);
const PER_ROUND = opt('--per-round', 200);
const WARMUP = opt('--warmup', 1000);
const QUIET_WAIT_MS = opt('--quiet-wait', 180) * 1000;
const log = (...m) => console.log('#', ...m);

// What the sample asks the search service for with its default tags (TodoTags / TodoFinder).
const SEARCH = {
  query: '\\b(TODO|FIXME)\\b[:\\s]?(.*)', isRegex: true, caseSensitive: true, wholeWord: true,
  include: [], exclude: [], maxResults: 2000,
};

if (!args.includes('--skip-build')) buildOnce();
const ws = await tempWorkspace();
// A few dozen TODO comments spread over the generated files.
for (let i = 0; i < 40; i++) {
  await appendFile(join(ws.dir, i % 2 ? 'main.ts' : `notes-${i % 7}.md`), `\n// TODO: item ${i}\n// FIXME fix ${i}\n`);
}
const server = await startStratus(ws.dir);
try {
  const rpc = await connectRpc(server, await workspaceId(server, ws.id));
  // The index builds in the background, and the extension activates when the workspace opens.
  const expected = (await waitForMatches(rpc)).length;
  const viaExtension = async () => {
    const r = await rpc.call('ext/todo-tree/list', {});
    if (r.result.items.length !== expected) throw new Error(`ext/todo-tree/list found ${r.result.items.length}, not ${expected}`);
    return r.ms;
  };
  const direct = async () => {
    const r = await rpc.call('search/text', SEARCH);
    if (r.result.matches.length !== expected) throw new Error(`search/text found ${r.result.matches.length}, not ${expected}`);
    return r.ms;
  };
  // A tag no file has: the search is a quick index lookup, so the hosting cost stands out.
  const NONE = { ...SEARCH, query: '\\b(NOPE)\\b[:\\s]?(.*)' };
  const directNone = async () => (await rpc.call('search/text', NONE)).ms;
  const viaExtensionNone = async () => {
    const r = await rpc.call('ext/todo-tree/list', { tag: 'NOPE' });
    if (r.result.items.length !== 0) throw new Error('a TODO tagged NOPE?');
    return r.ms;
  };
  const hostOnly = async () => (await rpc.call('extensions/list', {})).ms;
  const core = async () => (await rpc.call('fs/stat', { path: 'main.ts' })).ms;
  const pairs = [['search/text (direct)', direct, 'ext/todo-tree/list (extension)', viaExtension],
    ['search/text, no match (direct)', directNone, 'ext/todo-tree/list, no match', viaExtensionNone],
    ['fs/stat (core)', core, 'extensions/list (host)', hostOnly]];
  for (const [, a, , b] of pairs) {
    for (let i = 0; i < WARMUP; i++) {
      await a();
      await b();
    }
  }
  const samples = new Map(pairs.flatMap(([na, , nb]) => [[na, []], [nb, []]]));
  for (let round = 0; round < ROUNDS; round++) {
    await waitForQuiet({ maxWaitMs: QUIET_WAIT_MS, label: `round ${round + 1}` });
    for (const [na, a, nb, b] of pairs) {
      const [first, second] = round % 2 ? [[nb, b], [na, a]] : [[na, a], [nb, b]];
      for (const [name, fn] of [first, second]) {
        for (let i = 0; i < PER_ROUND; i++) samples.get(name).push(await fn());
      }
    }
  }
  const stats = {};
  for (const [name, xs] of samples) {
    const s = [...xs].sort((x, y) => x - y);
    stats[name] = { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99) };
  }
  const rows = pairs.map(([na, , nb]) => [nb, na, fmt(stats[nb].p50, 3), fmt(stats[na].p50, 3),
    fmt(stats[nb].p50 / stats[na].p50), fmt(stats[nb].p50 - stats[na].p50, 3), fmt(stats[nb].p99 - stats[na].p99, 3)]);
  console.log(`\n${expected} matches; ${ROUNDS} rounds x ${PER_ROUND} sequential calls per method\n`);
  console.log(table(['call', 'baseline', 'p50 ms', 'baseline p50 ms', 'ratio', 'added p50 ms', 'added p99 ms'], rows));
  await writeResult('extension-rpc', { matches: expected, rounds: ROUNDS, perRound: PER_ROUND, stats });
  await rpc.close();
} finally {
  await server.stop();
  await ws.remove();
}

async function waitForMatches(rpc) {
  const deadline = Date.now() + 60_000;
  let last;
  while (Date.now() < deadline) {
    try {
      const direct = (await rpc.result('search/text', SEARCH)).matches;
      const viaExtension = (await rpc.result('ext/todo-tree/list', {})).items;
      if (direct.length >= 80 && viaExtension.length === direct.length) return direct;
      last = `${direct.length} direct, ${viaExtension.length} via the extension`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the index and the extension did not agree within 60 s: ${last}`);
}
