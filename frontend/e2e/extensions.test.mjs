import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, login, startServer, tab, waitFor } from './harness.mjs';

// The product's built-in sample extension (extensions/examples/todo-tree, packaged beside the
// server jar), driven from the browser: its view (over its RPC service), its command from the
// palette, its setting from the Settings view; and the Extensions view with a failed extension.

let server;
let browser;

before(async () => {
  server = await startServer({
    'src/app.js': '// TODO: wire the router\nconst port = 8080; // FIXME read it from the config\n',
    'README.md': '# Demo\n',
  });
  browser = await launchBrowser();
  await login(browser.page, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A jar whose manifest needs an extension API this server does not have. */
async function futureJar() {
  const dir = await mkdtemp(join(tmpdir(), 'stratus-e2e-ext-'));
  await writeFile(join(dir, 'stratus-extension.json'), JSON.stringify({
    id: 'from-the-future', name: 'From the Future', version: '3.0.0', api: '^9.0.0', main: 'future.Main',
  }));
  const jarTool = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'jar') : 'jar';
  const jar = join(dir, 'future.jar');
  execFileSync(jarTool, ['cf', jar, '-C', dir, 'stratus-extension.json']);
  return { jar, dir };
}

async function openTodos(page) {
  await page.locator('[data-testid="activity-todo-tree.todos"]').click();
  await page.locator('[data-testid="view-todo-tree.todos"]').waitFor();
}

test('the TODO view lists the workspace TODOs through the extension RPC service; a click opens the editor at the line', async () => {
  const { page } = browser;
  await openTodos(page);
  const items = page.locator('[data-testid="todo-item"]');
  // The index builds in the background: refresh until both comments are found.
  await waitFor(async () => {
    if ((await items.count()) === 2) return true;
    await page.locator('[data-testid="todo-refresh"]').click();
    return false;
  }, 'two TODO items', 20_000);
  const texts = await items.allInnerTexts();
  assert.match(texts[0], /TODO.*wire the router/s);
  assert.match(texts[1], /FIXME.*read it from the config/s);

  await items.nth(1).click();
  await tab(page, 'src/app.js').waitFor();
  await waitFor(async () => (await page.locator('[data-testid="status-position"]').innerText()).startsWith('Ln 2,'),
    'the cursor on line 2');
});

test('the command palette runs the extension command on the server and shows its answer', async () => {
  const { page } = browser;
  await page.keyboard.press('Control+Shift+P');
  const palette = page.locator('[data-testid="command-palette"]');
  await palette.waitFor();
  await palette.locator('[data-testid="quick-input"]').fill('TODO: Refresh');
  const first = palette.locator('[data-testid="quick-item"]').first();
  assert.match(await first.innerText(), /TODO: Refresh/);
  assert.match(await first.innerText(), /Ctrl\+Alt\+T/);
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="toast"]', { hasText: '2 TODOs' }).waitFor();

  // Its key binding runs it too.
  await page.locator('[data-testid="toast"]', { hasText: '2 TODOs' }).first().evaluate((el) => el.remove());
  await page.keyboard.press('Control+Alt+T');
  await page.locator('[data-testid="toast"]', { hasText: '2 TODOs' }).waitFor();
});

test('the Settings view changes the extension setting and the view follows', async () => {
  const { page } = browser;
  await page.keyboard.press('Control+,');
  await page.locator('[data-testid="settings-view"]').waitFor();
  const tags = page.locator('[data-testid="setting-todo-tree.tags"]');
  await tags.waitFor();
  assert.equal(await tags.inputValue(), 'TODO\nFIXME');
  await page.locator('[data-testid="settings-scope"]').selectOption('workspace');
  await tags.fill('FIXME');
  await tags.blur();
  await openTodos(page);
  await waitFor(async () => (await page.locator('[data-testid="todo-item"]').count()) === 1, 'only the FIXME listed');
  assert.match(await page.locator('[data-testid="todo-item"]').innerText(), /FIXME/);
});

test('the Extensions view shows each extension state, and why one failed, as extensions come and go', async () => {
  const { page } = browser;
  await page.locator('[data-testid="activity-extensions"]').click();
  await page.locator('[data-testid="extensions-view"]').waitFor();
  assert.equal(await page.locator('[data-testid="extension-state-todo-tree"]').textContent(), 'active');
  assert.equal(await page.locator('[data-testid="extension-version-todo-tree"]').innerText(), 'v1.0.0');

  // Installing into the data folder (what `stratus extensions install` does) needs no restart.
  const { jar, dir } = await futureJar();
  await mkdir(join(server.dataDir, 'extensions'), { recursive: true });
  await copyFile(jar, join(server.dataDir, 'extensions', 'future.jar'));
  await page.locator('[data-testid="extension-row-from-the-future"]').waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('[data-testid="extension-state-from-the-future"]').textContent(), 'failed');
  assert.match(await page.locator('[data-testid="extension-failure-from-the-future"]').innerText(),
    /Needs extension API \^9\.0\.0; this server has \d+\.\d+\.\d+$/);
  // The failed one broke nothing else.
  assert.equal(await page.locator('[data-testid="extension-state-todo-tree"]').textContent(), 'active');
  await rm(dir, { recursive: true, force: true });
});
