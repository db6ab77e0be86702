#!/usr/bin/env node
// Stratus start-up, memory and page benchmark (see README.md):
//  (a) spawn of `./stratus serve` -> first HTTP 200 from GET /healthz (polled every 5 ms),
//      median of 5 starts, each with a fresh data dir; the build is done before and excluded;
//  (b) RSS of the server's whole process tree (/proc VmRSS of it and its descendants) once a
//      headless Chromium has logged in and opened a file;
//  (c) page navigation -> file tree visible -> click on the file -> its text visible in Monaco,
//      median of 5, with a warm browser cache (returning user) and a cold one (fresh profile).
// Usage: node startup-memory-page.mjs [--runs N] [--skip-build]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  buildOnce, fmt, getJson, median, startStratus, table, TARGET_FILE, TARGET_MARKER, tempWorkspace, treeRssKiB, waitForQuiet,
  writeResult,
} from './lib/common.mjs';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 5;
const SKIP_BUILD = args.includes('--skip-build');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions',
  '--disable-default-apps', '--no-default-browser-check', '--disable-features=Translate,OptimizationHints,MediaRouter'];

const PEERS = {
  'code-server 4.139.1': { startS: 0.44, rssMB: 620, navToTextS: 3.75 },
  'Theia 1.74.1 (minimal app)': { startS: 0.62, rssMB: 204, navToTextS: 4.09 },
};
const TARGETS = { startS: 0.6, rssMB: 150, navToTextS: 1.5 };

const log = (...m) => console.log('#', ...m);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function launch() {
  const profile = await mkdtemp(join(tmpdir(), 'stratus-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 },
  });
  // The moment the click reaches the page (capture phase, before the tree's own handler).
  await context.addInitScript(() => {
    window.addEventListener('mousedown', () => {
      if (window.__benchClickAt === undefined) window.__benchClickAt = performance.now();
    }, true);
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One measured navigation in `page` (already authenticated): all times are the page's own
 * performance.now(), i.e. milliseconds since the navigation started, sampled every frame.
 */
async function measureNavigation(page, server, wsId) {
  const wallStart = performance.now();
  await page.goto(`${server.baseUrl}/?ws=${encodeURIComponent(wsId)}`, { waitUntil: 'commit' });
  const treeAt = await (await page.waitForFunction((path) => {
    const el = document.querySelector(`[data-testid="tree-item"][data-path="${path}"]`);
    return el && el.getBoundingClientRect().height > 0 ? performance.now() : 0;
  }, TARGET_FILE, { polling: 'raf', timeout: 30_000 })).jsonValue();
  await page.locator(`[data-testid="tree-item"][data-path="${TARGET_FILE}"]`).click();
  const textAt = await (await page.waitForFunction((marker) => {
    const lines = document.querySelector('.monaco-editor .view-lines');
    return lines && lines.innerText.replace(/\u00a0/g, ' ').includes(marker) ? performance.now() : 0;
  }, TARGET_MARKER, { polling: 'raf', timeout: 30_000 })).jsonValue();
  const wallMs = performance.now() - wallStart;
  const clickAt = await page.evaluate(() => window.__benchClickAt);
  const nav = await page.evaluate(() => {
    const e = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    return {
      responseEnd: e?.responseEnd, domContentLoaded: e?.domContentLoadedEventEnd, load: e?.loadEventEnd,
      transferKiB: Math.round((res.reduce((s, r) => s + (r.transferSize || 0), 0) + (e?.transferSize || 0)) / 1024),
    };
  });
  if (clickAt === undefined) throw new Error('the click was not seen by the page');
  return {
    treeVisibleMs: treeAt, clickAtMs: clickAt, textVisibleMs: textAt, clickToTextMs: textAt - clickAt,
    harnessClickGapMs: clickAt - treeAt, wallMs, ...nav,
  };
}

async function main() {
  if (!SKIP_BUILD) {
    log('./stratus build (excluded from the measurements)');
    buildOnce();
  }
  const ws = await tempWorkspace();
  log(`workspace: ${ws.files} files, ${(ws.bytes / 1024).toFixed(0)} KiB, ${ws.folders} folders`);
  const gates = [];
  const quiet = async (label) => gates.push({ label, ...(await waitForQuiet({ label })) });
  const result = { runs: RUNS, quietGates: gates, workspace: { files: ws.files, bytes: ws.bytes, folders: ws.folders }, peers: PEERS, targets: TARGETS };
  try {
    // (a) ------------------------------------------------------------------------------------
    log('warm-up start (not measured: trains the class cache after a build, warms the page cache)');
    const warm = await startStratus(ws.dir, { pollHealthMs: 5 });
    if (warm.rebuilt) log('note: the launcher rebuilt during the warm-up start');
    await warm.stop();
    const starts = [];
    for (let i = 0; starts.length < RUNS && i < RUNS * 3; i++) {
      await quiet(`start ${i + 1}`);
      const s = await startStratus(ws.dir, { pollHealthMs: 5 });
      await s.stop();
      if (s.rebuilt || s.marks.health200 === undefined) {
        log(`start ${i + 1} discarded (${s.rebuilt ? 'the launcher rebuilt: sources changed meanwhile' : 'no 200'})`);
        continue;
      }
      starts.push({ health200Ms: s.marks.health200, listeningLineMs: s.marks.listening, loginUrlLineMs: s.marks.loginUrl, polls: s.marks.healthPolls });
      log(`start ${starts.length}: /healthz 200 after ${s.marks.health200.toFixed(1)} ms (listening line ${s.marks.listening?.toFixed(1)} ms, login URL ${s.marks.loginUrl?.toFixed(1)} ms)`);
    }
    result.start = {
      samples: starts,
      medianHealth200Ms: median(starts.map((s) => s.health200Ms)),
      medianLoginUrlMs: median(starts.map((s) => s.loginUrlLineMs)),
    };

    // (b) and (c) ----------------------------------------------------------------------------
    const server = await startStratus(ws.dir);
    const browsers = [];
    try {
      const { workspaces } = await getJson(server.port, '/api/workspaces', { Authorization: `Bearer ${server.token}` });
      const wsId = workspaces.find((w) => w.name === 'stratus-bench')?.id ?? workspaces[0]?.id;
      if (!wsId) throw new Error(`no workspace listed: ${JSON.stringify(workspaces)}`);
      const rssIdle = treeRssKiB(server.pid);
      log(`workspace id ${wsId}; server tree RSS before any browser: ${(rssIdle.totalKiB / 1024).toFixed(1)} MiB`);

      // Warm: one profile, logged in through the one-time URL (which loads the IDE once), then
      // each run is a new tab navigating to the IDE: HTTP cache warm, session cookie set.
      const warmBrowser = await launch();
      browsers.push(warmBrowser);
      const first = warmBrowser.context.pages()[0] ?? await warmBrowser.context.newPage();
      await quiet('login and first file open');
      await first.goto(server.loginUrl);
      await first.waitForURL(`${server.baseUrl}/`);
      await first.locator('[data-testid="status-connection"][data-state="open"]').waitFor({ timeout: 30_000 });
      await first.locator(`[data-testid="tree-item"][data-path="${TARGET_FILE}"]`).click();
      await first.waitForFunction((m) => document.querySelector('.monaco-editor .view-lines')?.innerText.replace(/\u00a0/g, ' ').includes(m),
        TARGET_MARKER, { timeout: 30_000 });
      const rssOpened = treeRssKiB(server.pid);
      await sleep(3000);
      const rssSettled = treeRssKiB(server.pid);
      log(`server tree RSS with the file open: ${(rssOpened.totalKiB / 1024).toFixed(1)} MiB at once, ${(rssSettled.totalKiB / 1024).toFixed(1)} MiB 3 s later`);
      await first.close();

      const warmRuns = [];
      for (let i = 0; i < RUNS; i++) {
        const page = await warmBrowser.context.newPage();
        await quiet(`warm page run ${i + 1}`);
        const m = await measureNavigation(page, server, wsId);
        warmRuns.push(m);
        log(`warm ${i + 1}: tree ${m.treeVisibleMs.toFixed(0)} ms, text ${m.textVisibleMs.toFixed(0)} ms, click->text ${m.clickToTextMs.toFixed(0)} ms`);
        await page.close();
      }

      // Cold: a fresh profile per run (empty HTTP and code caches), signed in with an API token
      // through POST /api/login from the login page (which loads none of the IDE's assets).
      const coldRuns = [];
      for (let i = 0; i < RUNS; i++) {
        const b = await launch();
        const page = b.context.pages()[0] ?? await b.context.newPage();
        await page.goto(`${server.baseUrl}/login`);
        const status = await page.evaluate(async (token) => (await fetch('/api/login', {
          method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'stratus' }, body: JSON.stringify({ token }),
        })).status, server.token);
        if (status !== 204 && status !== 200) throw new Error(`API token login failed: HTTP ${status}`);
        await quiet(`cold page run ${i + 1}`);
        const m = await measureNavigation(page, server, wsId);
        coldRuns.push(m);
        log(`cold ${i + 1}: tree ${m.treeVisibleMs.toFixed(0)} ms, text ${m.textVisibleMs.toFixed(0)} ms, click->text ${m.clickToTextMs.toFixed(0)} ms, ${m.transferKiB} KiB transferred`);
        await b.close();
      }
      const rssEnd = treeRssKiB(server.pid);
      const summary = (runs) => ({
        samples: runs,
        medianTreeVisibleMs: median(runs.map((r) => r.treeVisibleMs)),
        medianTextVisibleMs: median(runs.map((r) => r.textVisibleMs)),
        medianClickToTextMs: median(runs.map((r) => r.clickToTextMs)),
        medianHarnessClickGapMs: median(runs.map((r) => r.harnessClickGapMs)),
      });
      result.rss = {
        idleKiB: rssIdle.totalKiB, fileOpenedKiB: rssOpened.totalKiB, settledKiB: rssSettled.totalKiB,
        afterAllPageRunsKiB: rssEnd.totalKiB, processes: rssSettled.processes,
      };
      result.page = { file: TARGET_FILE, warm: summary(warmRuns), cold: summary(coldRuns) };
    } finally {
      for (const b of browsers) await b.close().catch(() => {});
      await server.stop();
    }
  } finally {
    await ws.remove();
  }

  // Report ---------------------------------------------------------------------------------
  const startS = result.start.medianHealth200Ms / 1000;
  const rssMB = result.rss.settledKiB / 1024;
  const warmS = result.page.warm.medianTextVisibleMs / 1000;
  const coldS = result.page.cold.medianTextVisibleMs / 1000;
  result.summary = { startS, rssMiB: rssMB, navToTextWarmS: warmS, navToTextColdS: coldS,
    clickToTextWarmMs: result.page.warm.medianClickToTextMs, clickToTextColdMs: result.page.cold.medianClickToTextMs };
  result.ratios = Object.fromEntries(Object.entries(PEERS).map(([name, p]) => [name, {
    start: startS / p.startS, rss: rssMB / p.rssMB, navToTextWarm: warmS / p.navToTextS, navToTextCold: coldS / p.navToTextS,
  }]));
  const meets = (v, t) => (v <= t ? 'yes' : 'NO');
  const [cs, th] = Object.values(PEERS);
  console.log(`\nStratus start-up, memory and page load (${RUNS} runs each, medians; 200-file workspace)\n`);
  console.log(table(['metric', 'Stratus', 'target', 'met', 'code-server', 'ratio', 'Theia', 'ratio'], [
    ['start -> first /healthz 200 (s)', fmt(startS, 3), `<= ${TARGETS.startS}`, meets(startS, TARGETS.startS), cs.startS, fmt(startS / cs.startS), th.startS, fmt(startS / th.startS)],
    ['server tree RSS, file open (MB)', fmt(rssMB, 1), `<= ${TARGETS.rssMB}`, meets(rssMB, TARGETS.rssMB), cs.rssMB, fmt(rssMB / cs.rssMB), th.rssMB, fmt(rssMB / th.rssMB)],
    ['navigation -> text, warm cache (s)', fmt(warmS, 3), `<= ${TARGETS.navToTextS}`, meets(warmS, TARGETS.navToTextS), cs.navToTextS, fmt(warmS / cs.navToTextS), th.navToTextS, fmt(warmS / th.navToTextS)],
    ['navigation -> text, cold cache (s)', fmt(coldS, 3), `<= ${TARGETS.navToTextS}`, meets(coldS, TARGETS.navToTextS), cs.navToTextS, fmt(coldS / cs.navToTextS), th.navToTextS, fmt(coldS / th.navToTextS)],
  ]));
  console.log('\nDetails (medians, ms)\n');
  console.log(table(['', 'warm', 'cold'], [
    ['navigation -> tree item visible', fmt(result.page.warm.medianTreeVisibleMs, 0), fmt(result.page.cold.medianTreeVisibleMs, 0)],
    ['tree visible -> click (harness)', fmt(result.page.warm.medianHarnessClickGapMs, 0), fmt(result.page.cold.medianHarnessClickGapMs, 0)],
    ['click -> text visible', fmt(result.page.warm.medianClickToTextMs, 0), fmt(result.page.cold.medianClickToTextMs, 0)],
    ['navigation -> text visible', fmt(result.page.warm.medianTextVisibleMs, 0), fmt(result.page.cold.medianTextVisibleMs, 0)],
  ]));
  console.log(`\nstart: login URL printed after ${fmt(result.start.medianLoginUrlMs, 0)} ms (median); `
    + `RSS: ${fmt(result.rss.idleKiB / 1024, 1)} MiB idle, ${fmt(result.rss.fileOpenedKiB / 1024, 1)} MiB at file open, `
    + `${fmt(rssMB, 1)} MiB 3 s later, ${fmt(result.rss.afterAllPageRunsKiB / 1024, 1)} MiB after all ${RUNS * 2} page runs`);
  const noisy = gates.filter((g) => !g.quiet);
  if (noisy.length) console.log(`\nWARNING: ${noisy.length} measurement(s) started while other work kept the CPUs busy: ${noisy.map((g) => g.label).join(', ')}`);
  const file = await writeResult('startup-memory-page', result);
  console.log(`\nwrote ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
