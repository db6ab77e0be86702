import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, login, startServer, waitFor } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ 'readme.txt': 'terminal test\n' });
  browser = await launchBrowser();
  await login(browser.page, server);
  // A plain POSIX shell: the account's login shell may run slow start-up files on this machine.
  await browser.page.evaluate(() => localStorage.setItem('stratus.terminal.shell', '/bin/sh'));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The active terminal's text (xterm may draw on a canvas, so it is read from its buffer). */
const terminalText = (page) => page.locator('[data-testid="terminal"]:not([hidden])').evaluate((el) => el.readText());

test('a command runs in a terminal and its output survives a page reload, once', async () => {
  const { page } = browser;
  await page.keyboard.press('Control+`');
  await page.locator('[data-testid="terminal-tab"]').waitFor();
  await page.locator('[data-testid="terminal"][data-state="open"]').waitFor();
  await waitFor(async () => (await terminalText(page)).length > 0, 'a shell prompt');
  await page.locator('[data-testid="terminal"] .xterm').click();
  // The output differs from the typed command ($$ is the shell's pid), so it cannot be the echo.
  await page.keyboard.type('echo hello-$$-marker\r');
  let output;
  await waitFor(async () => (output = /^hello-(\d+)-marker$/m.exec(await terminalText(page))), 'the echo output');
  const line = output[0];

  await page.reload();
  await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor();
  await page.locator('[data-testid="terminal-tab"]').waitFor();
  await waitFor(async () => (await terminalText(page)).includes(line), 'the replayed output after the reload', 15_000);
  const text = await terminalText(page);
  const count = text.split('\n').filter((l) => l === line).length;
  assert.equal(count, 1, `the output line appears exactly once:\n${text}`);
  assert.equal(await page.locator('[data-testid="terminal-tab"]').count(), 1, 'one terminal, reattached');

  // The reattached terminal still takes input.
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.type('echo again-$((6*7))\r');
  await waitFor(async () => /^again-42$/m.test(await terminalText(page)), 'output after the reload');
});

/** The numbers of the `seq` lines in the terminal's text, which must run without a gap. */
function seqLines(text) {
  const numbers = text.split('\n').filter((l) => /^\d+$/.test(l)).map(Number);
  for (let i = 1; i < numbers.length; i++) assert.equal(numbers[i], numbers[i - 1] + 1, `line after ${numbers[i - 1]}`);
  return numbers;
}

test('a flood of plain lines ends with a full, gapless scrollback, also after a reload', async () => {
  const { page } = browser;
  await page.locator('[data-testid="terminal"] .xterm').click();
  const count = 300_000;
  await page.keyboard.type(`seq 1 ${count}; echo flood-$((6*7))\r`);
  await waitFor(async () => /^flood-42$/m.test(await terminalText(page)), 'the end of the flood', 60_000);
  const numbers = seqLines(await terminalText(page));
  // 1,000 lines of scrollback plus the screen, less the marker and prompt rows: the last of them.
  assert.equal(numbers.at(-1), count);
  assert.ok(numbers.length >= 1000, `${numbers.length} lines of the flood kept`);

  // A reload replays the ring (4 MiB: the whole flood), skipping what the view cannot keep; the
  // page's sockets are watched from before its scripts run, to count the skips.
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    window.__skips = 0;
    window.WebSocket = class extends Native {
      constructor(url, protocols) {
        super(url, protocols);
        if (String(url).includes('/terminals/')) {
          this.addEventListener('message', (e) => {
            if (typeof e.data === 'string' && JSON.parse(e.data).type === 'skip') window.__skips++;
          });
        }
      }
    };
  });
  await page.reload();
  await page.locator('[data-testid="terminal-tab"]').waitFor();
  await waitFor(async () => /^flood-42$/m.test(await terminalText(page)), 'the flood replayed after the reload', 15_000);
  const replayed = seqLines(await terminalText(page));
  assert.equal(replayed.at(-1), count);
  assert.ok(replayed.length >= 1000, `${replayed.length} lines kept after the reload`);
  assert.ok(await page.evaluate(() => window.__skips) > 0, 'the replay skipped lines the view cannot keep');
});

test('the exit status of the shell is shown on its tab', async () => {
  const { page } = browser;
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.type('exit 3\r');
  const tab = page.locator('[data-testid="terminal-tab"][data-exit-code="3"]');
  await tab.waitFor();
  assert.match(await tab.innerText(), /exited 3/);
  await waitFor(async () => (await terminalText(page)).includes('[Process exited with code 3]'), 'exit notice');
});

test('a second terminal gets its own tab; closing it removes it on the server', async () => {
  const { page } = browser;
  await page.locator('[data-testid="terminal-new"]').click();
  await waitFor(async () => (await page.locator('[data-testid="terminal-tab"]').count()) === 2, 'two tabs');
  await page.locator('[data-testid="terminal"][data-state="open"]:not([hidden])').waitFor();
  const id = await page.locator('[data-testid="terminal-tab"].panel-tab.active').getAttribute('data-terminal-id');
  assert.ok(id, 'the new tab has a terminal id');
  await page.locator('[data-testid="terminal-kill"]').click();
  await waitFor(async () => (await page.locator('[data-testid="terminal-tab"]').count()) === 1, 'one tab left');
  await page.reload();
  await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor();
  await page.locator('[data-testid="terminal-tab"]').first().waitFor();
  assert.equal(await page.locator(`[data-testid="terminal-tab"][data-terminal-id="${id}"]`).count(), 0, 'the closed terminal is gone');
});
