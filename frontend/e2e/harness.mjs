// Shared setup for the end-to-end tests: a real Stratus server on a random port, Debian's
// chromium driven by playwright-core, and small helpers to read the page and the disk.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const frontendDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const serverJar = process.env.STRATUS_SERVER_JAR
  ? resolve(process.env.STRATUS_SERVER_JAR)
  : resolve(frontendDir, '../ide-server/server/target/stratus-server.jar');
export const webRoot = join(frontendDir, 'dist');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Real language servers: those `./stratus language-servers install` put in the checkout's build folder.
const languageServersDir = process.env.STRATUS_LANGUAGE_SERVERS_DIR || resolve(frontendDir, '../.stratus-build/language-servers');

/**
 * Whether the real typescript-language-server is installed for the LSP tests: `missing` says why
 * not; `skip` is what `test(..., { skip })` takes: missing servers skip those tests, except in CI
 * (where `requireLanguageServer()` in `before` fails the run instead).
 */
export const typescriptServer = (() => {
  const missing = existsSync(join(languageServersDir, 'node_modules', '.bin', 'typescript-language-server'))
    ? undefined
    : `typescript-language-server is not installed in ${languageServersDir}: run ./stratus language-servers install, `
      + 'or point STRATUS_LANGUAGE_SERVERS_DIR at a folder where it is';
  return { dir: languageServersDir, missing, skip: missing && !process.env.CI ? missing : false };
})();

/** For a `before`: false when the LSP tests must be skipped; throws in CI when the server is missing. */
export function requireLanguageServer() {
  if (!typescriptServer.missing) return true;
  if (process.env.CI) throw new Error(typescriptServer.missing);
  return false;
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Starts `stratus serve` on a fresh workspace containing `files` ({ relativePath: content });
 * `options.config` is the text of a stratus.yaml to start with, `options.token` an API token
 * (STRATUS_BOOTSTRAP_TOKEN) for clients other than the browser, `options.env` more environment
 * variables. The AI assistant looks for model servers on no port unless `options.env` names
 * some (STRATUS_AI_LOCAL_SERVERS): what this machine happens to run is not the tests' business.
 */
export async function startServer(files = {}, options = {}) {
  if (!existsSync(serverJar)) throw new Error(`Server jar not found: ${serverJar} (build ide-server or set STRATUS_SERVER_JAR)`);
  if (!existsSync(join(webRoot, 'index.html'))) throw new Error(`${webRoot} has no index.html: run npm run build first`);
  const workspace = await mkdtemp(join(tmpdir(), 'stratus-e2e-ws-'));
  const dataDir = await mkdtemp(join(tmpdir(), 'stratus-e2e-data-'));
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(workspace, rel)), { recursive: true });
    await writeFile(join(workspace, rel), content);
  }
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const extra = [];
  if (options.config !== undefined) {
    await writeFile(join(dataDir, 'stratus.yaml'), options.config);
    extra.push('--config', join(dataDir, 'stratus.yaml'));
  }
  const env = { ...process.env, STRATUS_LANGUAGE_SERVERS_DIR: languageServersDir, STRATUS_AI_LOCAL_SERVERS: '',
    ...options.env };
  if (options.token) env.STRATUS_BOOTSTRAP_TOKEN = options.token;
  // A restart listens on the port the page already knows.
  const launch = async (port) => {
    const child = spawn(java, ['--enable-native-access=ALL-UNNAMED', '-jar', serverJar, 'serve', workspace,
      '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, '--web-root', webRoot, ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    const urls = await new Promise((ok, fail) => {
      const found = {};
      const timer = setTimeout(() => fail(new Error(`Server did not print its URLs within 60 s:\n${output}`)), 60_000);
      const onData = (chunk) => {
        output += chunk;
        const listening = output.match(/Stratus listening on (http:\/\/127\.0\.0\.1:\d+)\/?/);
        const login = output.match(/(http:\/\/127\.0\.0\.1:\d+\/login#token=[^\s]+)/);
        if (listening) found.baseUrl = listening[1];
        if (login) found.loginUrl = login[1];
        if (found.baseUrl && found.loginUrl) {
          clearTimeout(timer);
          ok(found);
        }
      };
      child.stdout.setEncoding('utf8').on('data', onData);
      child.stderr.setEncoding('utf8').on('data', (c) => { output += c; });
      child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`Server exited with ${code}:\n${output}`)); });
    });
    return { child, urls, output: () => output };
  };
  const kill = async (child) => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  let running = await launch(0);
  const urls = running.urls;
  return {
    ...urls, workspace, dataDir,
    output: () => running.output(),
    path: (rel) => join(workspace, rel),
    /**
     * Stops the server and starts it again on the same port, workspace and data folder;
     * `whileDown` runs in between.
     */
    async restart(whileDown = async () => {}) {
      await kill(running.child);
      await whileDown();
      running = await launch(Number(new URL(urls.baseUrl).port));
    },
    async stop() {
      await kill(running.child);
      await rm(workspace, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A headless chromium with a throw-away profile. */
export async function launchBrowser() {
  const profile = await mkdtemp(join(tmpdir(), 'stratus-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(10_000);
  return {
    context, page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Logs in through the printed one-time URL and waits for the workbench's file tree. */
export async function login(page, server) {
  await page.goto(server.loginUrl);
  await page.waitForURL(`${server.baseUrl}/`);
  await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor();
  await page.locator('[data-testid="tree-item"]').first().waitFor();
}

export const treeItem = (page, path) => page.locator(`[data-testid="tree-item"][data-path="${path}"]`);
export const tab = (page, path) => page.locator(`[data-testid="tab"][data-path="${path}"]`);

/** Opens `path` with quick open (Ctrl+P), as a user does while the side bar shows another view. */
export async function quickOpen(page, path) {
  await page.keyboard.press('Control+P');
  await page.locator('[data-testid="quick-input"]').fill(path.split('/').pop());
  await page.locator('[data-testid="quick-item"]').first().waitFor();
  await page.keyboard.press('Enter');
  await tab(page, path).waitFor();
}

/** The visible text of the active editor (Monaco renders spaces as U+00A0). */
export async function editorText(page) {
  const text = await page.locator('.monaco-editor .view-lines').innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Opens a file from the tree and waits until its text is visible. */
export async function openFile(page, path, expectedText) {
  await treeItem(page, path).click();
  await tab(page, path).waitFor();
  if (expectedText !== undefined) await waitFor(async () => (await editorText(page)).includes(expectedText), `editor to show ${path}`);
}

/** Puts the caret at the end of the active editor's text. */
export async function caretToEnd(page) {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
}

/** Polls `check` until it returns truthy; fails with `what` after `timeoutMs`. */
export async function waitFor(check, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}
