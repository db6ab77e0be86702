import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { caretToEnd, editorText, launchBrowser, login, openFile, startServer, tab, waitFor } from './harness.mjs';
import { dropConnection, networkGoneAndBack, offlineMode, reconnectNow, trackSockets } from './sockets.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ 'draft.txt': 'first line\n', 'other.txt': 'other\n' });
  browser = await launchBrowser();
  // Keep a handle on the page's real sockets so the test can drop them.
  await trackSockets(browser.context);
  browser.page.on('dialog', (d) => d.accept());
  await login(browser.page, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const dirty = async (page, path) => (await tab(page, path).getAttribute('class')).includes('dirty');

test('a dropped connection shows the banner, reconnects and keeps unsaved edits', async () => {
  const { page } = browser;
  await openFile(page, 'draft.txt', 'first line');
  await caretToEnd(page);
  await page.keyboard.type('typed before the drop');
  await waitFor(() => dirty(page, 'draft.txt'), 'dirty tab');

  assert.equal(await dropConnection(page), 1, 'one workspace socket was open');

  const banner = page.locator('[data-testid="connection-banner"]');
  await banner.waitFor({ state: 'visible' });
  assert.match(await banner.innerText(), /Connection lost/);
  await page.locator('[data-testid="status-connection"]:not([data-state="open"])').waitFor();
  // It keeps trying on its own (backoff), and those attempts fail while the network is down.
  await waitFor(async () => (await page.evaluate(() => window.__stratusSockets.length)) >= 3, 'automatic reconnect attempts');
  assert.ok(await banner.isVisible(), 'banner stays while offline');
  assert.match(await banner.innerText(), /reconnect/);

  // Editing goes on offline, and saving says when it will happen.
  await caretToEnd(page);
  await page.keyboard.type(' and after');
  await page.keyboard.press('Control+s');
  await page.locator('[data-testid="toast"]', { hasText: 'will be saved once the connection is back' }).waitFor();
  assert.equal(await readFile(server.path('draft.txt'), 'utf8'), 'first line\n', 'nothing reached the disk while offline');
  assert.match(await editorText(page), /typed before the drop and after/);

  // Retry, pressed in the same step as the network comes back (so no attempt of the page's own
  // comes first), reconnects at once.
  await page.locator('[data-testid="banner-retry"]:not([disabled])').waitFor();
  await reconnectNow(page);
  await banner.waitFor({ state: 'hidden' });
  await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor();
  const sockets = await page.evaluate(() => window.__stratusSockets.length);
  assert.ok(sockets >= 2, `a new socket was opened (${sockets})`);

  // The queued save runs on reconnect, with the buffer intact.
  await waitFor(async () => (await readFile(server.path('draft.txt'), 'utf8')) === 'first line\ntyped before the drop and after',
    'the queued save to reach the disk');
  await waitFor(async () => !(await dirty(page, 'draft.txt')), 'clean tab after the save');
  assert.match(await editorText(page), /typed before the drop and after/);
});

test('a network that goes away without a close is noticed, and the page reconnects by itself when it is back', async () => {
  const { page } = browser;
  const offline = await offlineMode(browser.context, page);
  const sockets = await page.evaluate(() => window.__stratusSockets.length);
  await offline.set(true);
  try {
    const banner = page.locator('[data-testid="connection-banner"]');
    await banner.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await banner.innerText(), /Connection lost/);
    await offline.set(false);
    await banner.waitFor({ state: 'hidden', timeout: 15_000 });
    await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor();
    assert.ok(await page.evaluate(() => window.__stratusSockets.length) > sockets, 'a new socket was opened');
  } finally {
    await offline.detach();
  }
});

test('a terminal goes on when the network comes back, on a new socket: the one the network took is let go', async () => {
  const { page } = browser;
  // A plain POSIX shell: the account's login shell may run slow start-up files on this machine.
  await page.evaluate(() => localStorage.setItem('stratus.terminal.shell', '/bin/sh'));
  const terminalText = () => page.locator('[data-testid="terminal"]:not([hidden])').evaluate((el) => el.readText());
  const terminalSockets = () => page.evaluate(() => window.__stratusSockets.map((s, i) => ({ i, url: s.url, state: s.readyState }))
    .filter((s) => s.url.includes('/terminals/')));
  await page.keyboard.press('Control+`');
  await page.locator('[data-testid="terminal"][data-state="open"]').waitFor();
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.type('echo before-$((6*7))\r');
  await waitFor(async () => /^before-42$/m.test(await terminalText()), 'output before the network goes');
  const [first] = await terminalSockets();
  assert.equal(first.state, 1, 'the terminal socket is open');

  await networkGoneAndBack(browser.context, page);
  // Without a close of its own it would look open until TCP gave up: it was let go with the
  // workspace connection, and a new one resumed the output.
  await waitFor(async () => (await terminalSockets()).some((s) => s.i > first.i && s.state === 1), 'a new terminal socket');
  assert.notEqual((await terminalSockets()).find((s) => s.i === first.i).state, 1, 'the old terminal socket is let go');
  await page.locator('[data-testid="terminal"][data-state="open"]').waitFor();
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.type('echo after-$((6*7))\r');
  await waitFor(async () => /^after-42$/m.test(await terminalText()), 'output after the network is back');
  assert.equal((await terminalText()).split('\n').filter((l) => l === 'before-42').length, 1, 'the output before is there once');
});

test('after reconnecting, the watch is re-established and edits save normally', async () => {
  const { page } = browser;
  const { writeFile } = await import('node:fs/promises');
  await writeFile(server.path('draft.txt'), 'changed outside after reconnect\n');
  await waitFor(async () => (await editorText(page)).includes('changed outside after reconnect'), 'live update after reconnect');
  await caretToEnd(page);
  await page.keyboard.type('ok');
  await page.keyboard.press('Control+s');
  await waitFor(async () => (await readFile(server.path('draft.txt'), 'utf8')) === 'changed outside after reconnect\nok', 'save');
});

test('unsaved edits survive a page reload and can be restored', async () => {
  const { page } = browser;
  await openFile(page, 'other.txt', 'other');
  await caretToEnd(page);
  await page.keyboard.type('not saved yet');
  await waitFor(() => dirty(page, 'other.txt'), 'dirty tab');
  await page.reload();
  const restore = page.locator('[data-testid="restore-dialog"]');
  await restore.waitFor();
  assert.match(await restore.innerText(), /other\.txt/);
  await restore.locator('[data-testid="dialog-btn-restore"]').click();
  await waitFor(() => dirty(page, 'other.txt'), 'restored tab is dirty');
  assert.match(await editorText(page), /other\s*not saved yet/);
  assert.equal(await readFile(server.path('other.txt'), 'utf8'), 'other\n');
});
