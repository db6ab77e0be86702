import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { acceptAndSave, aiSession, answerTo } from './ai-upstream.mjs';
import { tab, waitFor } from './harness.mjs';

// An agent run of several steps against a model that, as llama.cpp's server does, numbers its
// call ids per answer: every call is `call_0`. Every call is a step of its own in the answer, and
// a reload shows the answer as it was: its text between the steps, the steps, and a proposal
// that was not reviewed yet, still to review.

let session;

before(async () => {
  session = await aiSession({ 'docs/notes.md': '# Notes\nold line\n' }, { tools: true });
});

after(async () => {
  await session?.close();
});

/** What the answer shows, in order: each tool step as "name state", each text part as its text. */
async function shownParts(answer) {
  return answer.locator('.ai-answer-body > *').evaluateAll((els) => els.map((el) => (el.dataset.testid === 'ai-tool-step'
    ? `${el.querySelector('.ai-tool-name').textContent} ${el.dataset.state}` : el.textContent.trim())));
}

const MULTI_PARTS = ['Working on MULTI.', 'read_file done', 'Step 1: looking.', 'diagnostics done', 'list_files done',
  'Proposing a change.', 'propose_edit done', 'Done with MULTI.'];

test('every call is its own step when the model gives them all one id', async () => {
  const { page } = session.browser;
  await page.locator('[data-testid="activity-ai"]').click();
  const input = page.locator('[data-testid="ai-input"]');
  await input.waitFor();
  await input.fill('MULTI docs/notes.md');
  await input.press('Enter');
  const answer = page.locator('[data-testid="ai-message"][data-role="assistant"]').last();
  await answer.locator('[data-testid="ai-route"]').waitFor({ timeout: 20_000 });
  assert.deepEqual(await shownParts(answer), MULTI_PARTS);
});

test('a reload shows the steps and the text between them, and the proposal can still be reviewed', async () => {
  const { page } = session.browser;
  await page.reload();
  await page.locator('[data-testid="ai-view"]').waitFor({ state: 'visible', timeout: 20_000 });
  const answer = page.locator('[data-testid="ai-message"][data-role="assistant"]').last();
  await answer.waitFor({ timeout: 20_000 });
  assert.deepEqual(await shownParts(answer), MULTI_PARTS);

  await answer.locator('[data-testid="ai-tool-step"]:has-text("propose_edit") [data-testid="ai-tool-review"]').click();
  await tab(page, 'docs/notes.md').waitFor();
  await acceptAndSave(page);
  await waitFor(async () => (await readFile(session.server.path('docs/notes.md'), 'utf8')) === '# Notes\nnew line\n',
    'the proposal saved to disk', 10_000);

  // The next turn's model is told what the answer said and did, not only its last words.
  const asked = session.upstream.requests.length;
  const input = page.locator('[data-testid="ai-input"]');
  await input.fill('And after the reload?');
  await (await answerTo(page, () => input.press('Enter'))).locator('[data-testid="ai-route"]').waitFor({ timeout: 20_000 });
  const before = session.upstream.requests[asked].messages.filter((m) => m.role === 'assistant').at(-1).content;
  assert.match(before, /^Working on MULTI\.\n\n\[Tool call read_file .*Step 1: looking\..*\[Tool call list_files .*Done with MULTI\.$/s);
});
