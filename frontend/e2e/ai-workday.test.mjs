import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { aiSession, answerTo } from './ai-upstream.mjs';
import { editorText, quickOpen, waitFor } from './harness.mjs';

// One developer's working session with the assistant's features together: ghost text while a
// chat answer streams and while an agent waits for a command's approval, a second tab on the
// same workspace that shows the answers with their steps as the first tab did, and a send from
// that tab to a conversation being answered, refused with its draft kept while its editor still
// completes.

let session;
let tabA;
let tabB;

const FUNCTIONS = ['add', 'sub', 'mul', 'div'];

before(async () => {
  session = await aiSession({ ...Object.fromEntries(FUNCTIONS.map((f) => [`${f}.js`, `function ${f}(a, b) {\n  \n}\n`])),
    'docs/notes.md': '# Notes\n' }, { tools: true });
  tabA = session.browser.page;
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

const ghost = (page) => page.locator('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text');
const ghostText = async (page) => (await ghost(page).allInnerTexts()).join('').replace(/\u00a0/g, ' ');
/** The text of the active editor without the ghost text, which the editor renders among its lines. */
const typedText = (page) => page.locator('.monaco-editor .view-lines').evaluate((el) => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('.ghost-text-decoration, .ghost-text, .ghost-text-decoration-preview').forEach((g) => g.remove());
  document.body.append(copy);
  const text = copy.innerText;
  copy.remove();
  return text.replace(/\u00a0/g, ' ');
});
const answers = (page) => page.locator('[data-testid="ai-message"][data-role="assistant"]');

/** Opens `file`, types "return " in its function's body and waits for the model's ghost text. */
async function typeForGhost(page, file) {
  await quickOpen(page, file);
  const name = `function ${file.replace('.js', '')}`;
  await waitFor(async () => (await editorText(page)).includes(name), `the editor to show ${file}`);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.type('return ');
  await waitFor(async () => (await ghostText(page)) === 'a + b;', `the ghost text in ${file}`, 15_000);
}

/** Sends `message` from `page`'s chat input and returns the answer it starts. */
function send(page, message) {
  return answerTo(page, async () => {
    await page.locator('[data-testid="ai-input"]').fill(message);
    await page.locator('[data-testid="ai-input"]').press('Enter');
  });
}

const idle = (page) => page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 30_000 });

/** What an answer shows, in order: each tool step as "name state", each text part as its text. */
function shownParts(answer) {
  return answer.locator('.ai-answer-body > *').evaluateAll((els) => els.map((el) => (el.dataset.testid === 'ai-tool-step'
    ? `${el.querySelector('.ai-tool-name').textContent} ${el.dataset.state}` : el.textContent.trim())));
}

/** Every message of the panel: its screen-reader name, and its parts (a question: its text). */
async function conversation(page) {
  const out = [];
  for (const m of await page.locator('[data-testid="ai-message"]').all()) {
    const role = await m.getAttribute('data-role');
    out.push([await m.getAttribute('aria-label'), role === 'assistant' ? await shownParts(m) : (await m.innerText()).trim()]);
  }
  return out;
}

test('typing while a chat answer streams shows ghost text and leaves the answer whole', async () => {
  // Long enough for the editor's completion to come while it streams, on a busy machine too.
  const answer = await send(tabA, 'SLOW_ANSWER while I type, UNHURRIED');
  await waitFor(async () => /Slowly/.test(await answer.innerText()), 'the answer to start streaming', 20_000);
  await typeForGhost(tabA, 'add.js');
  assert.equal(await tabA.locator('[data-testid="ai-view"]').getAttribute('data-state'), 'answering',
    'the answer was still streaming while the editor completed');
  // Esc in the editor dismisses the ghost text only (Esc in the chat would stop the answer).
  await tabA.keyboard.press('Escape');
  await waitFor(async () => (await ghostText(tabA)) === '', 'Esc to dismiss the ghost text');
  await tabA.keyboard.press('Backspace');
  await tabA.keyboard.type(' ');
  await waitFor(async () => (await ghostText(tabA)) === 'a + b;', 'the ghost text again', 15_000);
  await tabA.keyboard.press('Tab');
  await waitFor(async () => (await typedText(tabA)).includes('return a + b;'), 'Tab to insert the completion');

  await idle(tabA);
  assert.equal(((await answer.innerText()).match(/Slowly,/g) ?? []).length, 400, 'the whole answer came');
  assert.equal(await answer.locator('[data-testid="ai-error"], [data-testid="ai-notice"]').count(), 0,
    'the answer was neither stopped nor interrupted');
});

test('while a command waits for approval, Tab on its buttons and in the chat input is theirs, not the ghost text\'s', async () => {
  const answer = await send(tabA, 'RUN_COMMAND echo approved-by-tab');
  const approve = answer.locator('[data-testid="ai-tool-approve"]');
  await approve.waitFor({ timeout: 20_000 });
  await typeForGhost(tabA, 'sub.js');
  assert.equal(await answer.locator('[data-testid="ai-tool-approve"]').count(), 1, 'the approval still waits');

  await approve.focus();
  await tabA.keyboard.press('Tab');
  assert.equal(await tabA.evaluate(() => document.activeElement?.dataset.testid), 'ai-tool-deny');
  const input = tabA.locator('[data-testid="ai-input"]');
  await input.focus();
  await tabA.keyboard.press('Tab');
  assert.notEqual(await tabA.evaluate(() => document.activeElement?.dataset.testid), 'ai-input', 'Tab left the input');
  assert.doesNotMatch(await typedText(tabA), /a \+ b/, 'the ghost text was not inserted by those Tabs');

  await approve.click();
  await idle(tabA);
  const parts = await shownParts(answer);
  assert.equal(parts[0], 'run_command done');
});

test('the other tab shows the answers with their steps, a repeat and the step limit\'s line as this tab did', async () => {
  await waitFor(async () => (await answers(tabB).count()) === 0, 'tab B to show no conversation yet');
  await tabB.locator('[data-testid="ai-history-toggle"]').click();
  const item = tabB.locator('[data-testid="ai-history-item"]', { hasText: 'SLOW_ANSWER while I type' });
  await item.waitFor({ timeout: 15_000 });
  await item.click();
  await waitFor(async () => (await answers(tabB).count()) === 2, 'tab B to show the conversation');

  // A draft being written in tab B stays, with the keyboard, while the answers come in.
  const draft = tabB.locator('[data-testid="ai-input"]');
  await draft.focus();
  await tabB.keyboard.type('A draft in tab B');
  const repeat = await send(tabA, 'REPEAT docs/notes.md');
  await idle(tabA);
  assert.deepEqual(await shownParts(repeat), ['Reading.', 'read_file done', 'Reading again.', 'read_file repeated', 'Read it twice.']);
  const endless = await send(tabA, 'ENDLESS docs');
  await idle(tabA);
  const ending = (await shownParts(endless)).at(-1);
  assert.match(ending, /stopped at the limit of \d+ steps without a final answer/);

  const shownInA = await conversation(tabA);
  await waitFor(async () => (await answers(tabB).count()) === 4, 'tab B to show the new turns', 15_000);
  await waitFor(async () => JSON.stringify(await conversation(tabB)) === JSON.stringify(shownInA),
    'tab B to show the conversation as tab A does', 15_000).catch(async (e) => {
    assert.deepEqual(await conversation(tabB), shownInA, e.message);
  });
  assert.equal(await tabB.locator('[data-testid="ai-announce"][role="status"]').count(), 1, 'tab B still has its announcer');
  assert.equal(await draft.inputValue(), 'A draft in tab B');
  assert.equal(await tabB.evaluate(() => document.activeElement?.dataset.testid), 'ai-input', 'the keyboard stayed in the input');
  await draft.fill('');

  // A reload of the page shows the same again.
  await tabB.reload();
  await tabB.locator('[data-testid="status-connection"][data-state="open"]').waitFor();
  await waitFor(async () => (await answers(tabB).count()) === 4, 'tab B to show the conversation after a reload', 20_000);
  assert.deepEqual(await conversation(tabB), shownInA);
  assert.equal(await tabB.locator('[data-testid="ai-announce"][role="status"]').count(), 1, 'the reloaded tab has its announcer');
});

test('a send from the other tab while this one answers is refused, its draft kept, and its editor still completes', async () => {
  const slow = await send(tabA, 'SLOW_ANSWER again');
  await waitFor(async () => /Slowly/.test(await slow.innerText()), 'tab A\'s answer to start', 20_000);
  const input = tabB.locator('[data-testid="ai-input"]');
  await input.fill('Sent from tab B meanwhile');
  await input.press('Enter');
  await tabB.locator('[data-testid="toast"]', { hasText: 'being answered in another tab' }).waitFor();
  assert.equal(await input.inputValue(), 'Sent from tab B meanwhile');

  await typeForGhost(tabB, 'mul.js');
  await tabB.keyboard.press('Tab');
  await waitFor(async () => (await typedText(tabB)).includes('return a + b;'), 'Tab to insert the completion in tab B');
  assert.equal(await input.inputValue(), 'Sent from tab B meanwhile', 'the draft is still there');
  await idle(tabA);
  assert.equal(((await slow.innerText()).match(/Slowly,/g) ?? []).length, 400, 'tab A\'s answer came whole');
  // Tab B shows the turn that came meanwhile, and its keyboard stays in the editor it was typed in.
  await waitFor(async () => (await answers(tabB).count()) === 5, 'tab B to show tab A\'s turn', 15_000);
  assert.ok(await tabB.evaluate(() => !!document.activeElement?.closest('.monaco-editor')), 'the focus stayed in the editor');
  await tabB.keyboard.type('// still here');
  await waitFor(async () => (await typedText(tabB)).includes('// still here'), 'typing to reach the editor');
});
