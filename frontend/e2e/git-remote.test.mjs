import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { startGitRemote } from './git-http-remote.mjs';
import { launchBrowser, startServer, treeItem, waitFor } from './harness.mjs';

let server;
let browser;
let remote;
let url;

before(async () => {
  remote = await startGitRemote({ user: 'alice', password: 's3cret-token' });
  url = remote.createRepo('project', { 'README.md': '# Remote project\n', 'src/main.txt': 'from the remote\n' });
  server = await startServer({});
  browser = await launchBrowser();
  // The harness's login waits for a tree item; this workspace starts empty.
  const { page } = browser;
  await page.goto(server.loginUrl);
  await page.waitForURL(`${server.baseUrl}/`);
  await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor();
  await page.locator('[data-testid="tree-empty"]').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await remote?.stop();
});

const git = (...args) => execFileSync('git', args, { cwd: server.workspace, encoding: 'utf8' }).trim();
const credentials = (page) => page.locator('[data-testid="credentials-dialog"]');

test('an empty workspace offers a clone; refused credentials ask again, then the clone lands', async () => {
  const { page } = browser;
  await page.keyboard.press('Control+Shift+G');
  const note = page.locator('[data-testid="scm-note"]');
  await waitFor(async () => /not a git repository/.test(await note.innerText()), 'the not-a-repository note');
  await page.locator('[data-testid="scm-clone"]').click();
  await page.locator('[data-testid="field-url"]').fill(url);
  await page.keyboard.press('Enter');

  await credentials(page).waitFor();
  assert.match(await credentials(page).innerText(), /needs a user name/);
  await page.locator('[data-testid="field-username"]').fill('alice');
  await page.locator('[data-testid="field-password"]').fill('wrong');
  await page.keyboard.press('Enter');
  await credentials(page).locator('[data-testid="dialog-message"]', { hasText: 'refused' }).waitFor();
  assert.equal(await page.locator('[data-testid="field-username"]').inputValue(), 'alice', 'the user name is kept');
  await page.locator('[data-testid="field-password"]').fill('s3cret-token');
  await page.locator('[data-testid="field-remember"]').check();
  await page.keyboard.press('Enter');

  await page.locator('[data-testid="log-subject"]', { hasText: 'Seed commit' }).waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('[data-testid="scm-branch-name"]').innerText(), 'main');
  await page.keyboard.press('Control+Shift+E');
  await treeItem(page, 'README.md').waitFor();
  assert.ok(!git('remote', 'get-url', 'origin').includes('s3cret'), 'no password in the remote URL');
});

test('a commit pushed from the panel reaches the remote (remembered credentials)', async () => {
  const { page } = browser;
  await writeFile(server.path('pushed.txt'), 'pushed from the browser\n');
  await page.keyboard.press('Control+Shift+G');
  const row = page.locator('[data-testid="scm-group-changes"] [data-testid="scm-row"][data-path="pushed.txt"]');
  await row.waitFor();
  await row.hover();
  await row.locator('[data-testid="scm-stage"]').click();
  await page.locator('[data-testid="scm-group-staged"] [data-testid="scm-row"][data-path="pushed.txt"]').waitFor();
  await page.locator('[data-testid="commit-message"]').fill('Add pushed.txt');
  await page.keyboard.press('Control+Enter');
  await page.locator('[data-testid="log-subject"]', { hasText: 'Add pushed.txt' }).waitFor();

  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="scm-progress"]');
    window.__progress = [];
    new MutationObserver(() => window.__progress.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
  });
  await page.locator('[data-testid="scm-push"]').click();
  await page.locator('[data-testid="toast"]', { hasText: 'Pushed.' }).waitFor({ timeout: 20_000 });
  assert.equal(await credentials(page).count(), 0, 'remembered credentials were used');
  assert.equal(remote.git('project', 'log', '-1', '--format=%s', 'main'), 'Add pushed.txt');
  const progress = await page.evaluate(() => window.__progress);
  assert.ok(progress.some((t) => /\d+% \(\d+\/\d+\)$/.test(t)), `git/progress shown while pushing: ${JSON.stringify(progress)}`);
  assert.equal(progress.at(-1), '', 'the progress line is cleared at the end');
});
