import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { aiConfig, answerTo, startUpstream } from './ai-upstream.mjs';
import { editorText, launchBrowser, login, quickOpen, startServer, waitFor } from './harness.mjs';

// The assistant through the limits of a working day: the editor's completions spend their own
// allowance a minute, and when it is spent the chat still answers while the editor goes quiet
// until the refusal's Retry-After and then completes again; a server restart under open tabs
// leaves the panel, the history of the other tab and the editor's completions working without a
// reload; a command left waiting for its approval by a restart is not offered to approve after it.

/** Completions a minute: few, so typing spends them; one comes back every 60 / PER_MINUTE s. */
const PER_MINUTE = 3;

let upstream;
let server;
let browser;
let tabA;
let tabB;
/** The `ai/complete` calls each tab sent, and the `retryAfterSeconds` of refusals it was told. */
const sent = new Map();

function watchSockets(page) {
  const seen = { completes: 0, retryAfter: [] };
  sent.set(page, seen);
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => { if (String(f.payload).includes('"ai/complete"')) seen.completes++; });
    ws.on('framereceived', (f) => {
      const m = /"retryAfterSeconds":(\d+)/.exec(String(f.payload));
      if (m && String(f.payload).includes('"ai/done"')) seen.retryAfter.push(Number(m[1]));
    });
  });
}

before(async () => {
  upstream = await startUpstream();
  server = await startServer({ 'add.js': 'function add(a, b) {\n  \n}\n', 'sub.js': 'function sub(a, b) {\n  \n}\n' }, {
    config: `${aiConfig(upstream, { tools: true })}  governance:\n    rateLimit: {requestsPerMinute: 30, completionsPerMinute: ${PER_MINUTE}}\n` });
  browser = await launchBrowser();
  tabA = browser.page;
  watchSockets(tabA);
  await login(tabA, server);
  tabB = await browser.context.newPage();
  tabB.setDefaultTimeout(10_000);
  watchSockets(tabB);
  await tabB.goto(`${server.baseUrl}/`);
  await tabB.locator('[data-testid="status-connection"][data-state="open"]').waitFor();
  for (const page of [tabA, tabB]) {
    await page.locator('[data-testid="activity-ai"]').click();
    await page.locator('[data-testid="ai-input"]').waitFor();
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await upstream?.close();
});

const ghostText = async (page) => (await page.locator('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text')
  .allInnerTexts()).join('').replace(/\u00a0/g, ' ');

/** Opens `file` and puts the caret after "return " in its function's body, typing it. */
async function typeReturn(page, file) {
  await quickOpen(page, file);
  await waitFor(async () => (await editorText(page)).includes(`function ${file.replace('.js', '')}`), `the editor to show ${file}`);
  await caretInBody(page);
  await page.keyboard.type('return ');
}

/** Puts the caret at the end of line 2 (inside the function body). */
async function caretInBody(page) {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

/** Types the space after "return " again: a pause in typing, after which a completion is asked for. */
async function retype(page) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(' ');
}

async function ask(page, message) {
  const answer = await answerTo(page, async () => {
    await page.locator('[data-testid="ai-input"]').fill(message);
    await page.locator('[data-testid="ai-input"]').press('Enter');
  });
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 30_000 });
  return answer;
}

test('a spent completion allowance quiets the editor for its Retry-After while the chat still answers', async () => {
  const seen = sent.get(tabA);
  await typeReturn(tabA, 'add.js');
  await waitFor(async () => (await ghostText(tabA)) === 'a + b;', 'the first ghost text', 15_000);
  for (let i = 1; i < PER_MINUTE; i++) {
    const before = upstream.completions.length;
    await retype(tabA);
    await waitFor(async () => upstream.completions.length > before && (await ghostText(tabA)) === 'a + b;',
      `completion ${i + 1} of the allowance`, 15_000);
  }
  const used = upstream.completions.length;
  await retype(tabA);
  await waitFor(async () => seen.retryAfter.length > 0, 'the refusal with its Retry-After', 15_000);
  const quietUntil = Date.now() + seen.retryAfter[0] * 1000;
  assert.ok(seen.retryAfter[0] > 0 && seen.retryAfter[0] <= 60 / PER_MINUTE + 1, `Retry-After ${seen.retryAfter[0]} s`);
  assert.equal(upstream.completions.length, used, 'the refused completion reached no model');

  const answer = await ask(tabA, 'Does chat still answer?');
  assert.match(await answer.innerText(), /Hello from/);

  const asked = seen.completes;
  await caretInBody(tabA);
  await retype(tabA);
  await tabA.waitForTimeout(1_500);
  assert.equal(seen.completes, asked, 'the editor asks nothing before the Retry-After');
  assert.equal(await ghostText(tabA), '');

  await tabA.waitForTimeout(Math.max(0, quietUntil - Date.now()) + 500);
  await retype(tabA);
  await waitFor(async () => (await ghostText(tabA)) === 'a + b;', 'the ghost text after the Retry-After', 15_000)
    .catch((e) => { throw new Error(`${e.message} (${JSON.stringify(seen)}, ${upstream.completions.length} completions)`); });
  assert.equal(upstream.completions.length, used + 1);
});

test('after a server restart the panel, the other tab\'s history and the editor\'s completions work without a reload', async () => {
  await tabB.locator('[data-testid="ai-history-toggle"]').click();
  await tabB.locator('[data-testid="ai-history-item"]', { hasText: 'Does chat still answer?' }).click({ timeout: 15_000 });
  await waitFor(async () => (await tabB.locator('[data-testid="ai-message"]').count()) === 2, 'tab B to show the conversation');
  // Picking a conversation closes the history: it is opened again, to follow what tab A stores.
  await tabB.locator('[data-testid="ai-history-toggle"]').click();
  await tabB.locator('[data-testid="ai-history-item"]').first().waitFor();

  await typeReturn(tabB, 'sub.js');
  // An answer is streaming in tab A and tab B's editor is typed in while the server is down.
  const cut = await answerTo(tabA, async () => {
    await tabA.locator('[data-testid="ai-input"]').fill('SLOW_ANSWER cut by the restart');
    await tabA.locator('[data-testid="ai-input"]').press('Enter');
  });
  await waitFor(async () => /Slowly/.test(await cut.innerText()), 'the answer to start streaming', 20_000);
  await server.restart(async () => {
    await tabB.locator('[data-testid="status-connection"]:not([data-state="open"])').waitFor();
    await caretInBody(tabB);
    await retype(tabB);
    await tabB.waitForTimeout(1_000);
  });
  for (const page of [tabA, tabB]) {
    await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor({ timeout: 30_000 });
  }
  await tabA.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 15_000 });
  await waitFor(async () => (await tabB.locator('[data-testid="ai-message"]').allInnerTexts())
    .some((t) => t.includes('SLOW_ANSWER cut by the restart')), 'tab B to show the turn the restart cut', 15_000).catch(async (e) => {
    throw new Error(`${e.message}: A ${JSON.stringify(await tabA.locator('[data-testid="ai-message"]').allInnerTexts())} B ${JSON.stringify(await tabB.locator('[data-testid="ai-message"]').allInnerTexts())}`);
  });
  const answer = await ask(tabA, 'Asked after the restart');
  assert.match(await answer.innerText(), /Hello from/);
  await waitFor(async () => (await tabB.locator('[data-testid="ai-message"]').allInnerTexts())
    .some((t) => t.includes('Asked after the restart')), 'tab B to show the turn asked after the restart', 15_000);

  await tabA.locator('[data-testid="ai-new"]').click();
  await ask(tabA, 'A new conversation after the restart');
  await tabB.locator('[data-testid="ai-history-item"]', { hasText: 'A new conversation after the restart' })
    .waitFor({ timeout: 15_000 });

  await caretInBody(tabB);
  await retype(tabB);
  await waitFor(async () => (await ghostText(tabB)) === 'a + b;', 'tab B\'s ghost text after the restart', 15_000);
});

test('a command waiting for approval when the server restarts is not offered to approve after it', async () => {
  const answer = await answerTo(tabA, async () => {
    await tabA.locator('[data-testid="ai-input"]').fill('RUN_COMMAND echo never-approved');
    await tabA.locator('[data-testid="ai-input"]').press('Enter');
  });
  await answer.locator('[data-testid="ai-tool-approve"]').waitFor({ timeout: 20_000 });
  await server.restart();
  await tabA.locator('[data-testid="status-connection"][data-state="open"]').waitFor({ timeout: 30_000 });
  await tabA.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 15_000 });
  const last = tabA.locator('[data-testid="ai-message"][data-role="assistant"]').last();
  await waitFor(async () => (await tabA.locator('[data-testid="ai-tool-approve"]').count()) === 0, 'the approval to go', 15_000)
    .catch(async (e) => { throw new Error(`${e.message}: ${await last.innerHTML()}`); });
  const again = await ask(tabA, 'Asked after the command was left');
  assert.match(await again.innerText(), /Hello from/);
});
