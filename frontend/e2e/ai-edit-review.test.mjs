// Edit with AI while the user goes on working: the editor stays usable while the model works,
// another tab does not lose the request, typing meanwhile is kept, and a file changed on disk
// under an open review is named as such. Also: a command waiting for approval is brought into
// view. The upstream holds its answers until the test lets them go, so each step happens while
// the model is still "working".
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { aiConfig, editWithAi } from './ai-upstream.mjs';
import { launchBrowser, login, quickOpen, startServer, tab, waitFor } from './harness.mjs';
import { dropConnection, receivedCount, reconnectNow, replyWithRequestId, trackSockets } from './sockets.mjs';

/** An OpenAI-compatible upstream whose edit answers (`int x;` renamed) and tool calls wait for `release()`. */
async function startHeldUpstream() {
  const requests = [];
  let waiting = [];
  const held = () => new Promise((ok) => waiting.push(ok));
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', async () => {
      if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
        res.writeHead(req.url.endsWith('/models') ? 200 : 404, { 'Content-Type': 'application/json' }).end('{"data":[]}');
        return;
      }
      const json = JSON.parse(body);
      requests.push(json);
      const system = json.messages.find((m) => m.role === 'system')?.content ?? '';
      const user = [...json.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
      const id = `chatcmpl-${requests.length}`;
      const chunk = (delta, finish = null) => ({ id, object: 'chat.completion.chunk', created: 0, model: json.model,
        choices: [{ index: 0, delta, finish_reason: finish }] });
      const send = (c) => res.write(`data: ${JSON.stringify(c)}\n\n`);
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      send(chunk({ role: 'assistant', content: '' }));
      const command = /RUN_COMMAND (.*)$/.exec(user);
      if (command && json.tools?.length && !json.messages.some((m) => m.role === 'tool')) {
        // A long explanation first, so the command comes below what the panel shows.
        for (let i = 1; i <= 40; i++) send(chunk({ content: `Step ${i} of the plan, explained at some length.\n\n` }));
        await held();
        send(chunk({ tool_calls: [{ index: 0, id: 'call_r1', type: 'function',
          function: { name: 'run_command', arguments: JSON.stringify({ command: command[1] }) } }] }));
        send(chunk({}, 'tool_calls'));
      } else if (system.includes('You edit one file')) {
        await held();
        const code = /```[^\n]*\n([\s\S]*?)```/.exec(user)?.[1] ?? '';
        send(chunk({ content: '```java\n' + code.replace('int x;', 'int count;') + '```\n' }));
        send(chunk({}, 'stop'));
      } else {
        send(chunk({ content: 'Done.' }));
        send(chunk({}, 'stop'));
      }
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
    requests,
    /** Lets every held answer go. */
    release() {
      const now = waiting;
      waiting = [];
      for (const ok of now) ok();
    },
    get held() { return waiting.length; },
    close: () => { server.closeAllConnections(); return new Promise((ok) => server.close(ok)); },
  };
}

const MAIN = 'class Main {\n    int x;\n}\n';

let upstream;
let server;
let browser;

before(async () => {
  upstream = await startHeldUpstream();
  server = await startServer({ 'src/Main.java': MAIN, 'src/Other.java': 'class Other {\n}\n',
    'src/Drop.java': 'class Drop {\n    int x;\n}\n', 'src/Shown.java': 'class Shown {\n    int x;\n}\n',
    'src/Reload.java': 'class Reload {\n    int x;\n}\n', 'src/Reviewed.java': 'class Reviewed {\n    int x;\n}\n' },
  { config: aiConfig(upstream, { tools: true }) });
  browser = await launchBrowser();
  // A handle on the page's sockets, so a test can drop its connection.
  await trackSockets(browser.context);
  await login(browser.page, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await upstream?.close();
});

/** The text of the file's own editor (the review's diff editor is another Monaco). */
async function bufferText(page) {
  const text = await page.locator('[data-testid="editor"] .view-lines').innerText();
  return text.replace(/\u00a0/g, ' ');
}

test('the editor stays usable while the model works, and the review waits for its tab', async () => {
  const { page } = browser;
  await quickOpen(page, 'src/Main.java');
  await waitFor(async () => (await bufferText(page)).includes('int x;'), 'the editor to show Main.java');
  await editWithAi(page, 'Rename x to count');
  await waitFor(() => upstream.held === 1, 'the edit request at the model', 20_000);

  // Working: a small progress note in the editor's corner, not a view over it; typing goes on.
  await page.locator('[data-testid="ai-edit-progress"]').waitFor();
  assert.equal(await page.locator('[data-testid="ai-edit-review"]').count(), 0);
  await page.locator('[data-testid="editor"] .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('// mine');
  await waitFor(async () => (await bufferText(page)).includes('// mine'), 'the typing in the editor');

  // Another tab meanwhile: the request goes on; its review is there on coming back.
  await quickOpen(page, 'src/Other.java');
  await page.locator('[data-testid="ai-edit-progress"]').waitFor({ state: 'detached' });
  upstream.release();
  await page.locator('[data-testid="toast"]', { hasText: 'AI edit of Main.java is ready' }).waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('[data-testid="ai-edit-review"]').count(), 0);
  await tab(page, 'src/Main.java').click();
  const review = page.locator('[data-testid="ai-edit-review"][data-state="review"]');
  await review.waitFor();
  // Compared with the text the model was given, and saying that the file changed since.
  assert.match(await page.locator('[data-testid="ai-edit-message"]').innerText(), /changed since the assistant read it/);
  assert.equal(await page.locator('[data-testid="ai-hunk"]').count(), 1);

  await page.locator('[data-testid="ai-edit-accept-all"]').click();
  await page.locator('[data-testid="ai-edit-apply"]').click();
  await review.waitFor({ state: 'detached' });
  // The disk has the reviewed edit of the text the model saw; the typing is in the editor, unsaved.
  assert.equal(await readFile(server.path('src/Main.java'), 'utf8'), 'class Main {\n    int count;\n}\n');
  const text = await bufferText(page);
  assert.match(text, /int count;/);
  assert.match(text, /\/\/ mine/);
  await page.locator('[data-testid="editor"] .view-lines').click();
  await page.keyboard.press('Control+S');
  await waitFor(async () => (await readFile(server.path('src/Main.java'), 'utf8')) === 'class Main {\n    int count;\n}\n// mine',
    'the typing saved after the edit (no conflict)');
});

test('a file changed on disk under an open review is named as such, and nothing is lost', async () => {
  const { page } = browser;
  await quickOpen(page, 'src/Main.java');
  await writeFile(server.path('src/Main.java'), MAIN);
  await waitFor(async () => (await bufferText(page)).includes('int x;'), 'the editor to follow the disk');
  await editWithAi(page, 'Rename x to count');
  await waitFor(() => upstream.held === 1, 'the edit request at the model', 20_000);
  upstream.release();
  const review = page.locator('[data-testid="ai-edit-review"][data-state="review"]');
  await review.waitFor({ timeout: 20_000 });

  await page.locator('[data-testid="ai-edit-accept-all"]').click();
  const elsewhere = 'class Main {\n    int x; // changed by another program\n}\n';
  await writeFile(server.path('src/Main.java'), elsewhere);
  // The editor (clean) follows the disk under the review.
  await new Promise((r) => setTimeout(r, 1500));
  await page.locator('[data-testid="ai-edit-apply"]').click();
  const message = page.locator('[data-testid="ai-edit-message"]');
  await waitFor(async () => /changed on disk/.test(await message.innerText()), 'the message naming the disk');
  const said = await message.innerText();
  assert.doesNotMatch(said, /in the editor since/);
  assert.match(said, /nothing was written/);
  assert.match(said, /Recompute/);
  // The proposal stays to read; the disk and the editor keep the other program's text.
  assert.equal(await page.locator('[data-testid="ai-edit-review"] [data-testid="ai-hunk"]').count(), 1);
  await page.locator('[data-testid="ai-edit-recompute"]').waitFor();
  assert.equal(await readFile(server.path('src/Main.java'), 'utf8'), elsewhere);
  await page.locator('[data-testid="ai-edit-close"]').click();
  await waitFor(async () => (await bufferText(page)).includes('changed by another program'), 'the editor showing the disk');
});

/** The data-testid of what has the keyboard, or `editor` inside the file's editor. */
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el?.closest('[data-testid="editor"]') ? 'editor' : el?.getAttribute('data-testid') ?? el?.tagName;
});

test('a review shown over the editor takes the keyboard from it, and gives it back when it closes', async () => {
  const { page } = browser;
  await quickOpen(page, 'src/Main.java');
  await writeFile(server.path('src/Main.java'), MAIN);
  await waitFor(async () => !(await bufferText(page)).includes('another program'), 'the editor to follow the disk');
  await editWithAi(page, 'Rename x to count');
  await waitFor(() => upstream.held === 1, 'the edit request at the model', 20_000);
  // The user goes on in the editor while the model works; the review comes up over it.
  await page.locator('[data-testid="editor"] .view-lines').click();
  await page.keyboard.press('Control+Home');
  upstream.release();
  await page.locator('[data-testid="ai-edit-review"][data-state="review"]').waitFor({ timeout: 20_000 });
  // Neither typing nor Tab reaches the hidden text: Tab goes to the review's buttons.
  await page.keyboard.type('zz');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'ai-edit-accept-all');
  assert.equal(await bufferText(page), MAIN.replace(/\n$/, ''));
  assert.doesNotMatch(await tab(page, 'src/Main.java').getAttribute('class'), /dirty/);
  await page.locator('[data-testid="ai-edit-close"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="ai-edit-review"]').waitFor({ state: 'detached' });
  assert.equal(await focused(page), 'editor');
});

test('a review is decided and saved from the keyboard alone', async () => {
  const { page } = browser;
  await quickOpen(page, 'src/Main.java');
  await editWithAi(page, 'Rename x to count');
  await waitFor(() => upstream.held === 1, 'the edit request at the model', 20_000);
  await page.locator('[data-testid="editor"] .view-lines').click();
  upstream.release();
  await page.locator('[data-testid="ai-edit-review"][data-state="review"]').waitFor({ timeout: 20_000 });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  // A decision draws the buttons again: the keyboard stays where it was.
  await page.locator('[data-testid="ai-hunk"][data-state="accepted"]').waitFor();
  assert.equal(await focused(page), 'ai-edit-accept-all');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'ai-edit-apply');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="ai-edit-review"]').waitFor({ state: 'detached', timeout: 15_000 });
  assert.equal(await readFile(server.path('src/Main.java'), 'utf8'), 'class Main {\n    int count;\n}\n');
  assert.equal(await focused(page), 'editor');
});

/** Drops the page's connection, waits for the banner, and brings the connection back. */
async function connectionBlip(page, whileDown = async () => {}) {
  await dropConnection(page);
  const banner = page.locator('[data-testid="connection-banner"]');
  await banner.waitFor({ state: 'visible' });
  await whileDown();
  await page.locator('[data-testid="banner-retry"]:not([disabled])').waitFor();
  await reconnectNow(page);
  await banner.waitFor({ state: 'hidden' });
}

/** Opens `path` and asks to rename its `x`; resolves once the request is at the model, held. */
async function askRename(page, path) {
  await quickOpen(page, path);
  await editWithAi(page, 'Rename x to count');
  await waitFor(() => upstream.held === 1, 'the edit request at the model', 20_000);
}

/** Applies the accepted hunks of the review shown, and checks `path` on disk. */
async function applyReview(page, path, expected) {
  await page.locator('[data-testid="ai-edit-apply"]').click();
  await page.locator('[data-testid="ai-edit-review"]').waitFor({ state: 'detached', timeout: 15_000 });
  assert.equal(await readFile(server.path(path), 'utf8'), expected);
}

test('an edit being written when the connection drops is taken up when it is back, and reviewed', async () => {
  const { page } = browser;
  const asked = upstream.requests.length;
  const seen = await receivedCount(page);
  await askRename(page, 'src/Drop.java');
  // Dropped before the page has the edit's request id, it could not be taken up (it is failed, as a chat's is).
  await replyWithRequestId(page, seen);
  await connectionBlip(page, async () => {
    await waitFor(async () => /reconnecting/.test(await page.locator('[data-testid="ai-edit-progress"]').innerText()),
      'the edit waiting for the connection');
  });
  upstream.release();
  const review = page.locator('[data-testid="ai-edit-review"][data-state="review"]');
  await review.waitFor({ timeout: 20_000 });
  assert.equal(upstream.requests.length, asked + 1, 'the model was asked once');
  await page.locator('[data-testid="ai-edit-accept-all"]').click();
  await applyReview(page, 'src/Drop.java', 'class Drop {\n    int count;\n}\n');
});

test('a review shown when the connection drops stays as it is, and is applied once it is back', async () => {
  const { page } = browser;
  await askRename(page, 'src/Shown.java');
  upstream.release();
  const review = page.locator('[data-testid="ai-edit-review"][data-state="review"]');
  await review.waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="ai-edit-accept-all"]').click();
  await page.locator('[data-testid="ai-hunk"][data-state="accepted"]').waitFor();
  await connectionBlip(page, async () => {
    assert.equal(await review.count(), 1, 'the review is still there while the connection is down');
  });
  await page.locator('[data-testid="ai-hunk"][data-state="accepted"]').waitFor();
  await applyReview(page, 'src/Shown.java', 'class Shown {\n    int count;\n}\n');
});

test('an edit being written when the page is reloaded is reviewed in the reloaded page, the model asked once', async () => {
  const { page } = browser;
  const asked = upstream.requests.length;
  const seen = await receivedCount(page);
  await askRename(page, 'src/Reload.java');
  await replyWithRequestId(page, seen);
  await waitFor(async () => (await page.evaluate(() => sessionStorage.getItem('stratus.ai.editsInFlight')) ?? '').includes('src/Reload.java'),
    'the edit kept for a reload');
  await page.reload();
  await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor({ timeout: 20_000 });
  await waitFor(async () => /Taking up|Thinking|Writing/.test(await page.locator('[data-testid="ai-edit-progress"]').innerText()),
    'the edit waiting in the reloaded page', 20_000);
  upstream.release();
  const review = page.locator('[data-testid="ai-edit-review"][data-state="review"]');
  await review.waitFor({ timeout: 20_000 });
  assert.equal(upstream.requests.length, asked + 1, 'the model was asked once');
  assert.equal(await tab(page, 'src/Reload.java').count(), 1, 'its file opened again');
  await page.locator('[data-testid="ai-edit-accept-all"]').click();
  await applyReview(page, 'src/Reload.java', 'class Reload {\n    int count;\n}\n');
  // Reviewed and applied: another reload has nothing to take up.
  await page.reload();
  await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor({ timeout: 20_000 });
  await new Promise((ok) => setTimeout(ok, 1000));
  assert.equal(await page.locator('[data-testid="ai-edit-review"]').count(), 0);
});

test('a review shown when the page is reloaded shows again with its decisions, the model asked once', async () => {
  const { page } = browser;
  const asked = upstream.requests.length;
  await askRename(page, 'src/Reviewed.java');
  upstream.release();
  await page.locator('[data-testid="ai-edit-review"][data-state="review"]').waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="ai-hunk-accept"]').click();
  await page.locator('[data-testid="ai-hunk"][data-state="accepted"]').waitFor();
  await waitFor(async () => (await page.evaluate(() => sessionStorage.getItem('stratus.ai.editsInFlight')) ?? '').includes('"accepted"'),
    'the decision kept for a reload');
  await page.reload();
  await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="ai-edit-review"][data-state="review"]').waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="ai-hunk"][data-state="accepted"]').waitFor();
  assert.equal(upstream.requests.length, asked + 1, 'the model was asked once');
  assert.equal(await tab(page, 'src/Reviewed.java').count(), 1, 'its file opened again');
  await applyReview(page, 'src/Reviewed.java', 'class Reviewed {\n    int count;\n}\n');
  // Saved: another reload has nothing to show again.
  await page.reload();
  await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor({ timeout: 20_000 });
  await new Promise((ok) => setTimeout(ok, 1000));
  assert.equal(await page.locator('[data-testid="ai-edit-review"]').count(), 0);
});

test('a command waiting for approval is brought into view without taking the focus', async () => {
  const { page } = browser;
  await page.locator('[data-testid="activity-ai"]').click();
  const input = page.locator('[data-testid="ai-input"]');
  await input.waitFor();
  await input.fill('RUN_COMMAND make build');
  await input.press('Enter');
  await waitFor(() => upstream.held === 1, 'the explanation streamed', 20_000);
  const messages = page.locator('.ai-messages');
  await waitFor(async () => /Step 40/.test(await messages.innerText()), 'the explanation shown');
  // The user scrolls up to read and starts typing the next message.
  await messages.evaluate((m) => { m.scrollTop = 0; });
  await input.focus();
  await page.keyboard.type('next question');
  upstream.release();
  const approve = page.locator('[data-testid="ai-tool-approve"]');
  await approve.waitFor({ timeout: 20_000 });
  const inView = async (selector) => page.locator(selector).evaluate((el) => {
    const box = el.getBoundingClientRect();
    const view = el.closest('.ai-messages').getBoundingClientRect();
    return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
  });
  await waitFor(async () => (await inView('[data-testid="ai-tool-command"]')) && (await inView('[data-testid="ai-tool-approve"]')),
    'the command and its buttons in view');
  assert.equal(await page.locator('[data-testid="ai-tool-command"]').innerText(), '$ make build');
  assert.equal(await input.evaluate((el) => document.activeElement === el), true);
  assert.equal(await input.inputValue(), 'next question');
  await page.locator('[data-testid="ai-tool-deny"]').click();
  await page.locator('[data-testid="ai-tool-step"][data-state="denied"]').waitFor({ timeout: 20_000 });
});
