import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { caretToEnd, editorText, launchBrowser, login, openFile, startServer, tab, treeItem, waitFor } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({
    'hello.txt': 'Hello from disk\n',
    'notes.md': '# Notes\n',
    'doomed.txt': 'delete me\n',
    'live.txt': 'version one\n',
    'old-name.txt': 'rename me\n',
    'conflict.txt': 'original line\n',
    'src/App.java': 'class App {}\n',
  });
  browser = await launchBrowser();
  await login(browser.page, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the tree lists directories first and expands folders lazily', async () => {
  const { page } = browser;
  const paths = await page.locator('[data-testid="tree-item"]').evaluateAll((els) => els.map((e) => e.dataset.path));
  assert.equal(paths[0], 'src');
  assert.ok(!paths.includes('src/App.java'), 'children are not listed before expanding');
  await treeItem(page, 'src').click();
  await treeItem(page, 'src/App.java').waitFor();
  await openFile(page, 'src/App.java', 'class App');
  assert.equal(await page.locator('[data-testid="status-language"]').innerText(), 'Java');
});

test('opens a file, edits it, saves with Ctrl+S and the file on disk changes', async () => {
  const { page } = browser;
  const started = Date.now();
  await openFile(page, 'hello.txt', 'Hello from disk');
  console.log(`# click to text visible: ${Date.now() - started} ms`);
  await caretToEnd(page);
  await page.keyboard.type('edited in browser');
  await waitFor(async () => (await tab(page, 'hello.txt').getAttribute('class')).includes('dirty'), 'dirty tab');
  assert.equal(await tab(page, 'hello.txt').locator('[data-testid="tab-dirty"]').innerText(), '●');
  assert.equal(await readFile(server.path('hello.txt'), 'utf8'), 'Hello from disk\n', 'nothing written before saving');

  await page.keyboard.press('Control+s');
  await waitFor(async () => (await readFile(server.path('hello.txt'), 'utf8')) === 'Hello from disk\nedited in browser',
    'the edit to reach the disk');
  await waitFor(async () => !(await tab(page, 'hello.txt').getAttribute('class')).includes('dirty'), 'clean tab after save');
});

test('creates a file and deletes a file from the explorer', async () => {
  const { page } = browser;
  await treeItem(page, 'notes.md').click();
  await page.locator('[data-testid="explorer-new-file"]').click();
  await page.locator('[data-testid="name-dialog"] [data-testid="dialog-input"]').fill('created.txt');
  await page.keyboard.press('Enter');
  await treeItem(page, 'created.txt').waitFor();
  await tab(page, 'created.txt').waitFor();
  await waitFor(() => existsSync(server.path('created.txt')), 'created.txt on disk');
  assert.equal(await readFile(server.path('created.txt'), 'utf8'), '');

  await treeItem(page, 'doomed.txt').click({ button: 'right' });
  await page.locator('[data-testid="menu-delete"]').click();
  const dialog = page.locator('[data-testid="dialog"]');
  assert.match(await dialog.innerText(), /doomed\.txt/);
  await dialog.locator('[data-testid="dialog-btn-ok"]').click();
  await waitFor(() => !existsSync(server.path('doomed.txt')), 'doomed.txt removed from disk');
  await treeItem(page, 'doomed.txt').waitFor({ state: 'detached' });
});

test('renames a file from the context menu and its open tab follows', async () => {
  const { page } = browser;
  await openFile(page, 'old-name.txt', 'rename me');
  await treeItem(page, 'old-name.txt').click({ button: 'right' });
  await page.locator('[data-testid="menu-rename"]').click();
  const input = page.locator('[data-testid="name-dialog"] [data-testid="dialog-input"]');
  assert.equal(await input.inputValue(), 'old-name.txt');
  await input.fill('new-name.txt');
  await page.keyboard.press('Enter');
  await waitFor(() => existsSync(server.path('new-name.txt')) && !existsSync(server.path('old-name.txt')), 'rename on disk');
  await treeItem(page, 'new-name.txt').waitFor();
  await tab(page, 'new-name.txt').waitFor();
  assert.equal(await tab(page, 'old-name.txt').count(), 0);
});

test('a change on disk updates the open editor and the tree', async () => {
  const { page } = browser;
  await openFile(page, 'live.txt', 'version one');
  await writeFile(server.path('live.txt'), 'version two from outside\n');
  await waitFor(async () => (await editorText(page)).includes('version two from outside'), 'editor to reload live.txt');
  assert.ok(!(await tab(page, 'live.txt').getAttribute('class')).includes('dirty'), 'reloaded tab stays clean');

  await writeFile(server.path('appeared.txt'), 'new\n');
  await treeItem(page, 'appeared.txt').waitFor();
});

test('saving over a newer version on disk shows the conflict prompt', async () => {
  const { page } = browser;
  await openFile(page, 'conflict.txt', 'original line');
  await caretToEnd(page);
  await page.keyboard.type('mine');
  await waitFor(async () => (await tab(page, 'conflict.txt').getAttribute('class')).includes('dirty'), 'dirty tab');

  await writeFile(server.path('conflict.txt'), 'theirs\n');
  // A dirty buffer is never replaced silently: the user is asked first.
  const changed = page.locator('[data-testid="changed-dialog"]');
  await changed.waitFor();
  await changed.locator('[data-testid="dialog-btn-keep"]').click();
  assert.match(await editorText(page), /original line\s*mine/);

  await page.keyboard.press('Control+s');
  const conflict = page.locator('[data-testid="conflict-dialog"]');
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /conflict\.txt changed on disk since you opened it/);
  assert.equal(await readFile(server.path('conflict.txt'), 'utf8'), 'theirs\n', 'the conflicting save wrote nothing');

  await conflict.locator('[data-testid="dialog-btn-overwrite"]').click();
  await waitFor(async () => (await readFile(server.path('conflict.txt'), 'utf8')) === 'original line\nmine', 'overwrite to reach the disk');
  await waitFor(async () => !(await tab(page, 'conflict.txt').getAttribute('class')).includes('dirty'), 'clean tab');
});

test('a file deleted on disk keeps its tab and buffer, marked deleted', async () => {
  const { page } = browser;
  await openFile(page, 'notes.md', '# Notes');
  const { rm } = await import('node:fs/promises');
  await rm(server.path('notes.md'));
  await waitFor(async () => (await tab(page, 'notes.md').getAttribute('class')).includes('deleted'), 'tab marked deleted');
  assert.match(await editorText(page), /# Notes/);
  await treeItem(page, 'notes.md').waitFor({ state: 'detached' });
});
