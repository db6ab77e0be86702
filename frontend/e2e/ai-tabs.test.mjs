import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { aiSession, answerTo } from './ai-upstream.mjs';
import { waitFor } from './harness.mjs';
import { dropConnection, offlineMode, reconnectNow, trackSockets } from './sockets.mjs';

// One user with the workspace open in two tabs: what is asked, answered and deleted in one shows
// in the other without a reload; two sends to one conversation never mix; a tab that was offline
// catches up.

let session;
let tabA;
let tabB;

before(async () => {
  session = await aiSession({ 'src/Main.java': 'class Main {}\n' });
  tabA = session.browser.page;
  // Keep a handle on tab B's sockets so the test can drop them.
  await trackSockets(session.browser.context);
  tabB = await session.browser.context.newPage();
  tabB.setDefaultTimeout(10_000);
  await tabB.goto(`${session.server.baseUrl}/`);
  await tabB.locator('[data-testid="status-connection"][data-state="open"]').waitFor();
  for (const page of [tabA, tabB]) {
    await page.locator('[data-testid="activity-ai"]').click();
    await page.locator('[data-testid="ai-input"]').waitFor();
  }
});

after(async () => {
  await session?.close();
});

const messages = (page) => page.locator('[data-testid="ai-message"]');
const texts = async (page) => (await messages(page).allInnerTexts()).map((t) => t.trim());
const historyItem = (page, title) => page.locator('[data-testid="ai-history-item"]', { hasText: title });

async function ask(page, message) {
  const answer = await answerTo(page, async () => {
    await page.locator('[data-testid="ai-input"]').fill(message);
    await page.locator('[data-testid="ai-input"]').press('Enter');
  });
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 30_000 });
  return answer;
}

async function toggleHistory(page, open) {
  const shown = await page.locator('[data-testid="ai-history"]').isVisible();
  if (shown !== open) await page.locator('[data-testid="ai-history-toggle"]').click();
}

test('a question asked in one tab, and its answer, show in the other tab\'s history and view', async () => {
  await toggleHistory(tabB, true);
  await ask(tabA, 'First from tab A');
  await historyItem(tabB, 'First from tab A').waitFor({ timeout: 15_000 });
  await historyItem(tabB, 'First from tab A').click();
  await waitFor(async () => (await texts(tabB)).length === 2, 'tab B to show the conversation');

  await ask(tabA, 'Second from tab A');
  await waitFor(async () => {
    const shown = await texts(tabB);
    return shown.length === 4 && shown[2] === 'Second from tab A' && /Hello from/.test(shown[3]);
  }, 'tab B to show the second turn and its answer', 15_000);
});

test('a send while the other tab\'s answer is written is refused clearly and keeps the draft', async () => {
  const input = tabB.locator('[data-testid="ai-input"]');
  const slow = answerTo(tabA, async () => {
    await tabA.locator('[data-testid="ai-input"]').fill('SLOW_ANSWER from tab A');
    await tabA.locator('[data-testid="ai-input"]').press('Enter');
  });
  await waitFor(async () => /Slowly/.test(await (await slow).innerText()), 'tab A\'s answer to start', 20_000);
  await input.fill('Third from tab B');
  await input.press('Enter');
  await tabB.locator('[data-testid="toast"]', { hasText: 'being answered in another tab' }).waitFor();
  assert.equal(await input.inputValue(), 'Third from tab B');
  assert.ok(!(await texts(tabB)).includes('Third from tab B'), 'the refused message is not shown as sent');

  await tabA.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 30_000 });
  await waitFor(async () => (await texts(tabB)).includes('SLOW_ANSWER from tab A'), 'tab B to show tab A\'s turn', 15_000);
  await input.press('Enter');
  await tabB.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 30_000 });
  await waitFor(async () => (await texts(tabA)).includes('Third from tab B'), 'tab A to show tab B\'s turn', 15_000);
  const shown = await texts(tabA);
  assert.deepEqual(shown.filter((_, i) => i % 2 === 0),
    ['First from tab A', 'Second from tab A', 'SLOW_ANSWER from tab A', 'Third from tab B']);
});

test('a tab that was offline catches up when it reconnects', async () => {
  assert.equal(await dropConnection(tabB), 1);
  await tabB.locator('[data-testid="connection-banner"]').waitFor({ state: 'visible' });
  await ask(tabA, 'Asked while tab B was offline');
  await reconnectNow(tabB);
  await tabB.locator('[data-testid="status-connection"][data-state="open"]').waitFor();
  await waitFor(async () => (await texts(tabB)).includes('Asked while tab B was offline'), 'tab B to catch up', 15_000);
});

/**
 * Tab B asks for a long answer, loses its connection with `drop` once the answer has started,
 * shows it is reconnecting, gets it back with `restore`, and then shows the whole answer, with no
 * model asked again.
 */
async function answerTakenUpAcross(question, drop, restore) {
  const answer = await answerTo(tabB, async () => {
    await tabB.locator('[data-testid="ai-input"]').fill(question);
    await tabB.locator('[data-testid="ai-input"]').press('Enter');
  });
  await waitFor(async () => /Slowly/.test(await answer.innerText()), 'the answer to start', 20_000);
  const asked = session.upstream.requests.length;
  await drop();
  await answer.locator('[data-testid="ai-progress"]', { hasText: 'reconnecting' }).waitFor({ timeout: 20_000 });
  await restore();
  await tabB.locator('[data-testid="status-connection"][data-state="open"]').waitFor({ timeout: 15_000 });
  await tabB.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 30_000 });
  const last = tabB.locator('[data-testid="ai-message"][data-role="assistant"]').last();
  const text = await last.innerText();
  assert.equal(text.split('Slowly,').length - 1, 400, text);
  assert.equal(await last.locator('[data-testid="ai-error"]').count(), 0);
  assert.equal(session.upstream.requests.length, asked, 'no model was asked again');
}

test('an answer being written when a tab loses its connection is taken up when it is back, whole', async () => {
  await answerTakenUpAcross('SLOW_ANSWER while the connection drops',
    async () => assert.equal(await dropConnection(tabB), 1), () => reconnectNow(tabB));
});

test('an answer that ends while the network is gone without a close is taken up whole when it is back', async () => {
  // The server writes the whole answer out to a connection it still counts as open; the page
  // sees none of it, notices the silence, and takes the answer up when its network is back.
  const offline = await offlineMode(session.browser.context, tabB);
  try {
    await answerTakenUpAcross('SLOW_ANSWER while the network goes', () => offline.set(true), () => offline.set(false));
  } finally {
    await offline.detach();
  }
});

test('a conversation deleted in one tab leaves the other with a clear note, its draft kept', async () => {
  await toggleHistory(tabB, false);
  const input = tabB.locator('[data-testid="ai-input"]');
  await input.fill('My unsent draft');
  await toggleHistory(tabA, true);
  await tabA.locator('[data-testid="ai-history-item"][aria-current="true"]').waitFor();
  await tabA.locator('.ai-history-row:has([aria-current="true"]) [data-testid="ai-history-delete"]').click();
  await tabA.locator('[data-testid="dialog-btn-ok"]').click();

  const note = tabB.locator('[data-testid="ai-conversation-gone"]');
  await note.waitFor({ timeout: 15_000 });
  assert.match(await note.innerText(), /deleted in another tab/);
  assert.equal(await messages(tabB).count(), 0);
  assert.equal(await input.inputValue(), 'My unsent draft');
  await input.press('Enter');
  await tabB.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 30_000 });
  const shown = await texts(tabB);
  assert.equal(shown[0], 'My unsent draft');
  assert.match(shown[1], /Hello from/);
  await toggleHistory(tabB, true);
  await historyItem(tabB, 'My unsent draft').waitFor();
  assert.equal(await historyItem(tabB, 'First from tab A').count(), 0);
  await toggleHistory(tabA, true);
  await historyItem(tabA, 'My unsent draft').waitFor({ timeout: 15_000 });
  assert.equal(await historyItem(tabA, 'First from tab A').count(), 0);
});
