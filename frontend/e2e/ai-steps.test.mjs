import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { aiSession } from './ai-upstream.mjs';

// An agent run of several steps against a model that, as llama.cpp's server does, numbers its
// call ids per answer: every call is `call_0`. Every call is a step of its own in the answer.

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

const MULTI_PARTS = ['Working on MULTI.', 'read_file done', 'Step 1: looking.', 'read_file done', 'list_files done',
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
