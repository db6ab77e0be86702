import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { aiSession, answerTo } from './ai-upstream.mjs';
import { quickOpen, tab, waitFor } from './harness.mjs';

// The assistant as a keyboard-only user and a screen-reader user meet it: what the accessibility
// tree says (roles, names, live regions) and where the focus goes, driven by the keyboard.

let session;

before(async () => {
  session = await aiSession({ 'docs/notes.md': '# Notes\nold line\n' }, { tools: true });
});

after(async () => {
  await session?.close();
});

const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

async function chatInput(page) {
  const input = page.locator('[data-testid="ai-input"]');
  if (!(await input.isVisible())) await page.locator('[data-testid="activity-ai"]').click();
  await input.waitFor();
  return input;
}

/** Presses `key` until the focus is on `testId`, at most `max` times. */
async function tabTo(page, testId, key = 'Tab', max = 40) {
  for (let i = 0; i < max && (await focused(page)) !== testId; i++) await page.keyboard.press(key);
  assert.equal(await focused(page), testId, `${key} reaches ${testId}`);
}

test('a streamed answer is not read out piece by piece; that it is complete is said once', async () => {
  const { page } = session.browser;
  const input = await chatInput(page);
  await input.fill('SLOW_ANSWER please');
  const answer = await answerTo(page, () => input.press('Enter'));
  await waitFor(async () => /Slowly/.test(await answer.innerText()), 'the answer to start', 20_000);
  const live = await answer.evaluate((el) => {
    const region = el.closest('[aria-live]:not([aria-live="off"]), [role="log"], [role="status"], [role="alert"]');
    return region && !el.closest('[aria-busy="true"]') ? region.className : '';
  });
  assert.equal(live, '', 'the growing answer is in a live region that is not busy');
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 20_000 });
  const status = page.locator('[data-testid="ai-view"]').getByRole('status');
  assert.match(await status.innerText(), /answer is complete/);
});

/** Sends a run_command request; its answer once Approve shows. */
async function askToRun(page, command) {
  const input = await chatInput(page);
  await input.fill(`RUN_COMMAND ${command}`);
  const answer = await answerTo(page, () => input.press('Enter'));
  await answer.locator('[data-testid="ai-tool-approve"]').waitFor({ timeout: 20_000 });
  return answer;
}

/** Denies the call `answer` waits on and waits for the answer to end. */
async function deny(page, answer) {
  await answer.locator('[data-testid="ai-tool-deny"]').click();
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 20_000 });
}

test('a command waiting for approval is said at once', async () => {
  const { page } = session.browser;
  const answer = await askToRun(page, 'make build');
  assert.match(await page.locator('[data-testid="ai-view"]').getByRole('alert').innerText(), /make build/);
  await deny(page, answer);
});

test('Approve and Deny are named by the command they decide', async () => {
  const { page } = session.browser;
  const answer = await askToRun(page, 'make test');
  const approval = answer.getByRole('group', { name: /make test/ });
  await approval.getByRole('button', { name: 'Approve' }).waitFor();
  await approval.getByRole('button', { name: 'Deny' }).waitFor();
  await deny(page, answer);
});

test('Approve from the keyboard leaves the focus in the input', async () => {
  const { page } = session.browser;
  const answer = await askToRun(page, 'make lint');
  await page.locator('[data-testid="ai-input"]').focus();
  await tabTo(page, 'ai-tool-approve', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await answer.locator('[data-testid="ai-tool-step"][data-state="done"]').waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 20_000 });
  assert.equal(await focused(page), 'ai-input');
});

test('Send and Stop from the keyboard, and an answer ending, leave the focus in the input', async () => {
  const { page } = session.browser;
  const input = await chatInput(page);
  await input.fill('Hello');
  await input.focus();
  await tabTo(page, 'ai-send');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="ai-view"][data-state="answering"]').waitFor();
  assert.equal(await focused(page), 'ai-input', 'after Send');
  // The answer ends while the keyboard is on Stop, which goes away.
  await tabTo(page, 'ai-stop');
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 20_000 });
  assert.equal(await focused(page), 'ai-input', 'after the answer ended');
  await input.fill('SLOW_ANSWER please');
  await input.press('Enter');
  await tabTo(page, 'ai-stop');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 20_000 });
  assert.equal(await focused(page), 'ai-input', 'after Stop');
});

test('a context chip toggled from the keyboard keeps the focus', async () => {
  const { page } = session.browser;
  await quickOpen(page, 'docs/notes.md');
  const input = await chatInput(page);
  await input.focus();
  await tabTo(page, 'ai-context-file', 'Shift+Tab');
  await page.keyboard.press('Space');
  await page.locator('[data-testid="ai-context-file"][aria-pressed="false"]').waitFor();
  assert.equal(await focused(page), 'ai-context-file');
  await page.keyboard.press('Space');
  await page.locator('[data-testid="ai-context-file"][aria-pressed="true"]').waitFor();
  assert.equal(await focused(page), 'ai-context-file');
});

test('the @ suggestions are a listbox whose chosen option the input points at', async () => {
  const { page } = session.browser;
  const input = await chatInput(page);
  await input.fill('');
  await input.focus();
  await page.keyboard.type('@');
  const list = page.getByRole('listbox', { name: 'Mentions' });
  await list.getByRole('option').nth(1).waitFor();
  const listId = await list.getAttribute('id');
  assert.ok(listId, 'the listbox has an id');
  assert.equal(await input.getAttribute('aria-controls'), listId);
  const chosen = async () => list.getByRole('option', { selected: true }).getAttribute('id');
  assert.ok(await chosen(), 'the chosen option has an id');
  assert.equal(await input.getAttribute('aria-activedescendant'), await chosen());
  const first = await chosen();
  await page.keyboard.press('ArrowDown');
  assert.notEqual(await chosen(), first);
  assert.equal(await input.getAttribute('aria-activedescendant'), await chosen());
  // Esc closes the list and keeps the draft; the input points at nothing any more.
  await page.keyboard.press('Escape');
  await list.waitFor({ state: 'hidden' });
  assert.equal(await input.inputValue(), '@');
  assert.equal(await input.getAttribute('aria-activedescendant'), null);
  assert.equal(await focused(page), 'ai-input');
  await input.fill('');
});

/** Opens the review of a proposal for docs/notes.md from the chat, from the keyboard. */
async function reviewProposal(page) {
  const input = await chatInput(page);
  await input.fill('PROPOSE_EDIT docs/notes.md => # Notes');
  const answer = await answerTo(page, () => input.press('Enter'));
  await answer.locator('[data-testid="ai-tool-review"]').waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 20_000 });
  await answer.locator('[data-testid="ai-tool-review"]').focus();
  await page.keyboard.press('Enter');
  await tab(page, 'docs/notes.md').waitFor();
  const review = page.locator('[data-testid="ai-edit-review"][data-state="review"]');
  await review.waitFor({ timeout: 20_000 });
  return review;
}

test('each change of a review is a group named by the change', async () => {
  const { page } = session.browser;
  const review = await reviewProposal(page);
  const hunk = review.getByRole('group', { name: await review.locator('.ai-hunk-label').innerText() });
  await hunk.getByRole('button', { name: 'Accept' }).waitFor();
  await hunk.getByRole('button', { name: 'Reject' }).waitFor();
  await review.getByRole('button', { name: 'Close' }).click();
  await review.waitFor({ state: 'detached' });
});

test('an accepted change shows more than a colour', async () => {
  const { page } = session.browser;
  const review = await reviewProposal(page);
  const look = () => review.locator('.ai-hunk-label').evaluate((el) => {
    const s = getComputedStyle(el);
    return JSON.stringify({ text: el.innerText, line: s.textDecorationLine, weight: s.fontWeight,
      icons: el.querySelectorAll('.codicon').length, before: getComputedStyle(el, '::before').content });
  });
  const pending = await look();
  await review.locator('[data-testid="ai-hunk-accept"]').focus();
  await page.keyboard.press('Space');
  await review.locator('[data-testid="ai-hunk"][data-state="accepted"]').waitFor();
  assert.notEqual(await look(), pending, 'an accepted change looks like a pending one but for its colour');
  await review.getByRole('button', { name: 'Close' }).click();
  await review.waitFor({ state: 'detached' });
});

test('a conversation opened from the history, or a row deleted from it, keeps the keyboard', async () => {
  const { page } = session.browser;
  for (const question of ['the first of two chats', 'the second of two chats']) {
    const input = await chatInput(page);
    await page.locator('[data-testid="ai-new"]').click();
    await input.fill(question);
    await answerTo(page, () => input.press('Enter'));
    await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 20_000 });
  }
  const items = page.locator('[data-testid="ai-history-item"]');
  await page.locator('[data-testid="ai-history-toggle"]').click();
  await items.first().waitFor();
  await items.first().focus();
  await page.keyboard.press('Enter');
  await waitFor(async () => (await focused(page)) === 'ai-input', 'the keyboard in the message input');

  await page.locator('[data-testid="ai-history-toggle"]').click();
  await items.first().waitFor();
  const count = await items.count();
  await page.locator('[data-testid="ai-history-delete"]').first().focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="dialog-btn-ok"]').click();
  await waitFor(async () => (await items.count()) === count - 1, 'the row deleted');
  assert.equal(await focused(page), count > 1 ? 'ai-history-item' : 'ai-history');
});
