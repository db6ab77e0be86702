import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { caretToEnd, editorText, launchBrowser, login, openFile, startServer, tab, treeItem, waitFor } from './harness.mjs';

let server;
let browser;

/** C git in the test workspace (the server's view of it is what the tests check). */
const git = (...args) => execFileSync('git', args, { cwd: server.workspace, encoding: 'utf8' }).trim();

before(async () => {
  server = await startServer({
    'hello.txt': 'line one\nline two\nline three\n',
    'src/util.js': 'export const answer = 42;\n',
  });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Stratus Tester');
  git('config', 'user.email', 'tester@example.com');
  git('add', '-A');
  git('commit', '-q', '-m', 'Initial commit');
  browser = await launchBrowser();
  await login(browser.page, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const scm = (page) => page.locator('[data-testid="scm-view"]');
const row = (page, group, path) => page.locator(`[data-testid="scm-group-${group}"] [data-testid="scm-row"][data-path="${path}"]`);
/** A diff side's visible text (Monaco renders spaces as U+00A0). */
const sideText = async (diff, side) => (await diff.locator(`.${side}-in-monaco-diff-editor .view-lines`).innerText()).replace(/\u00a0/g, ' ');
const markers = (page) => page.locator('[data-testid="editor"] .monaco-editor').first().getAttribute('data-git-markers');

test('the Source Control panel shows the branch and the first commit', async () => {
  const { page } = browser;
  await page.keyboard.press('Control+Shift+G');
  await scm(page).waitFor();
  await waitFor(async () => (await page.locator('[data-testid="scm-branch-name"]').innerText()) === 'main', 'branch main');
  await page.locator('[data-testid="log-subject"]', { hasText: 'Initial commit' }).waitFor();
  assert.equal(await page.locator('[data-testid="scm-count-changes"]').innerText(), '0');
  assert.ok(await page.locator('[data-testid="badge-scm"]').isHidden(), 'no badge without changes');
});

test('an edit shows change markers, a badge and a diff; staging and committing it lands in git', async () => {
  const { page } = browser;
  await page.keyboard.press('Control+Shift+E');
  await openFile(page, 'hello.txt', 'line one');
  await caretToEnd(page);
  await page.keyboard.type('line four');
  // Markers follow the buffer, before saving.
  await waitFor(async () => (await markers(page)) === 'added:4-4', 'an added-line marker on line 4');
  await page.keyboard.press('Control+s');
  await waitFor(async () => git('status', '--porcelain') === 'M hello.txt', 'the save to reach the disk');
  await page.keyboard.press('Control+Shift+G');

  await row(page, 'changes', 'hello.txt').waitFor();
  assert.equal(await page.locator('[data-testid="badge-scm"]').innerText(), '1');
  await row(page, 'changes', 'hello.txt').click();
  const diff = page.locator('[data-testid="diff-view"][data-path="hello.txt"]');
  await diff.waitFor();
  await waitFor(async () => (await sideText(diff, 'original')).includes('line three'), 'original side');
  assert.ok(!(await sideText(diff, 'original')).includes('line four'), 'the index side has no new line');
  await waitFor(async () => (await sideText(diff, 'modified')).includes('line four'), 'modified side');
  await page.locator('[data-testid="diff-close"]').click();
  await diff.waitFor({ state: 'detached' });

  await row(page, 'changes', 'hello.txt').hover();
  await row(page, 'changes', 'hello.txt').locator('[data-testid="scm-stage"]').click();
  await row(page, 'staged', 'hello.txt').waitFor();
  assert.equal(git('diff', '--cached', '--name-only'), 'hello.txt');
  assert.equal(await row(page, 'changes', 'hello.txt').count(), 0);

  const message = `Commit from the browser ${Date.now()}`;
  await page.locator('[data-testid="commit-message"]').fill(message);
  await page.keyboard.press('Control+Enter');
  await page.locator('[data-testid="log-subject"]', { hasText: message }).waitFor();
  assert.equal(git('log', '-1', '--format=%s'), message);
  assert.equal(git('status', '--porcelain'), '');
  assert.equal(await page.locator('[data-testid="commit-message"]').inputValue(), '', 'the message box is cleared');
  const subjects = await page.locator('[data-testid="log-subject"]').allInnerTexts();
  assert.deepEqual(subjects.slice(0, 2), [message, 'Initial commit'], 'newest first');
  await waitFor(async () => await page.locator('[data-testid="badge-scm"]').isHidden(), 'badge cleared');
  await waitFor(async () => (await markers(page)) === '', 'markers cleared after the commit');
});

test('a file changed outside appears, and discard asks first and then restores it', async () => {
  const { page } = browser;
  await writeFile(server.path('src/util.js'), 'export const answer = 41;\n');
  await row(page, 'changes', 'src/util.js').waitFor();
  await row(page, 'changes', 'src/util.js').hover();
  await row(page, 'changes', 'src/util.js').locator('[data-testid="scm-discard"]').click();
  const dialog = page.locator('[data-testid="dialog"]');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /src\/util\.js/);
  await dialog.locator('[data-testid="dialog-btn-cancel"]').click();
  assert.equal(git('status', '--porcelain'), 'M src/util.js', 'cancel keeps the change');

  await row(page, 'changes', 'src/util.js').hover();
  await row(page, 'changes', 'src/util.js').locator('[data-testid="scm-discard"]').click();
  await dialog.locator('[data-testid="dialog-btn-ok"]').click();
  await row(page, 'changes', 'src/util.js').waitFor({ state: 'detached' });
  assert.equal(git('status', '--porcelain'), '');
});

test('an untracked folder is one row: it reveals the folder, and stages and discards as a whole', async () => {
  const { page } = browser;
  await mkdir(server.path('gen/deep'), { recursive: true });
  await writeFile(server.path('gen/a.txt'), 'a\n');
  await writeFile(server.path('gen/deep/b.txt'), 'b\n');
  const folder = row(page, 'changes', 'gen/');
  await folder.waitFor();
  assert.equal(await folder.locator('.scm-name').innerText(), 'gen/');
  assert.equal(await page.locator('[data-testid="scm-row"][data-path^="gen/"]').count(), 1, 'its files have no rows');

  await folder.click();
  await page.locator('[data-testid="explorer"] [data-testid="tree-item"][data-path="gen"].selected').waitFor();
  assert.equal(await page.locator('[data-testid="diff-view"]').count(), 0, 'a folder has no diff editor');

  await page.keyboard.press('Control+Shift+G');
  await folder.hover();
  await folder.locator('[data-testid="scm-stage"]').click();
  await row(page, 'staged', 'gen/deep/b.txt').waitFor();
  assert.equal(git('diff', '--cached', '--name-only'), 'gen/a.txt\ngen/deep/b.txt');
  await page.locator('[data-testid="scm-group-staged"] .scm-group-header').hover();
  await page.locator('[data-testid="scm-unstage-all"]').click();
  await folder.waitFor();

  await folder.hover();
  await folder.locator('[data-testid="scm-discard"]').click();
  const dialog = page.locator('[data-testid="dialog"]');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /untracked folder gen\//);
  await dialog.locator('[data-testid="dialog-btn-ok"]').click();
  await folder.waitFor({ state: 'detached' });
  assert.equal(git('status', '--porcelain'), '');
  assert.ok(!existsSync(server.path('gen')), 'the folder is gone');
});

test('blame annotates the current file on demand', async () => {
  const { page } = browser;
  await tab(page, 'hello.txt').click();
  await page.locator('[data-testid="scm-blame"]').click();
  const editor = page.locator('[data-testid="editor"] .monaco-editor').first();
  await waitFor(async () => (await editor.getAttribute('data-blame')) === 'hello.txt', 'blame on');
  const id = git('log', '-1', '--format=%h').slice(0, 7);
  await waitFor(async () => (await page.locator('[data-testid="editor"] .line-numbers').allInnerTexts()).some((t) => t.includes(id)),
    'the last commit id in the gutter');
  await page.locator('[data-testid="scm-blame"]').click();
  await waitFor(async () => (await editor.getAttribute('data-blame')) === null, 'blame off');
});

test('the branch picker creates a branch and checks out another', async () => {
  const { page } = browser;
  await page.locator('[data-testid="scm-branch"]').click();
  await page.locator('[data-testid="quick-input"]:focus').waitFor();
  await page.keyboard.type('feature-x');
  const items = page.locator('[data-testid="branch-picker"] [data-testid="quick-item"]');
  await waitFor(async () => (await items.first().innerText()).includes('Create new branch "feature-x"'), 'the create item');
  await page.keyboard.press('Enter');
  const dialog = page.locator('[data-testid="branch-dialog"]');
  await dialog.waitFor();
  assert.equal(await dialog.locator('[data-testid="dialog-input"]').inputValue(), 'feature-x');
  await page.keyboard.press('Enter');
  await waitFor(async () => (await page.locator('[data-testid="scm-branch-name"]').innerText()) === 'feature-x', 'feature-x shown');
  assert.equal(git('rev-parse', '--abbrev-ref', 'HEAD'), 'feature-x');

  await page.locator('[data-testid="scm-branch"]').click();
  await page.locator('[data-testid="quick-input"]:focus').waitFor();
  await page.keyboard.type('main');
  // Wait for the answer to the whole query ("main"), not an earlier keystroke's ("mai"): a late
  // answer resets the selection to the first row, as new results do.
  await waitFor(async () => (await items.count()) === 2 && (await items.first().innerText()).includes('Create new branch "main"')
    && (await items.nth(1).innerText()).startsWith('main'), 'main listed');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await waitFor(async () => (await page.locator('[data-testid="scm-branch-name"]').innerText()) === 'main', 'main shown');
  assert.equal(git('rev-parse', '--abbrev-ref', 'HEAD'), 'main');
});

test('a file opened from the explorer while a diff is shown takes the diff\'s place', async () => {
  const { page } = browser;
  await writeFile(server.path('hello.txt'), 'line one\nline two\nline three\nline five\n');
  await page.keyboard.press('Control+Shift+G');
  await row(page, 'changes', 'hello.txt').click();
  const diff = page.locator('[data-testid="diff-view"][data-path="hello.txt"]');
  await diff.waitFor();

  await page.keyboard.press('Control+Shift+E');
  await treeItem(page, 'src').click();
  await openFile(page, 'src/util.js');
  await diff.waitFor({ state: 'detached' });
  await waitFor(async () => (await editorText(page)).includes('export const answer = 42;'), 'the editor to show src/util.js');
});
