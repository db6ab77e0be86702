import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { acceptAndSave, aiSession } from './ai-upstream.mjs';
import { tab, waitFor } from './harness.mjs';

// The assistant's agent loop from the browser: the model proposes an edit with its propose_edit
// tool; the step shows in the answer; nothing is written until the user reviews the proposal as
// a diff, accepts it and saves.

let upstream;
let server;
let browser;
let session;

before(async () => {
  session = await aiSession({ 'docs/notes.md': '# Notes\nold line\n' }, { tools: true });
  ({ upstream, server, browser } = session);
});

after(async () => {
  await session?.close();
});

test('a proposed edit is reviewed from its tool step, accepted and saved', async () => {
  const { page } = browser;
  await page.locator('[data-testid="activity-ai"]').click();
  const input = page.locator('[data-testid="ai-input"]');
  await input.waitFor();
  await input.fill('PROPOSE_EDIT docs/notes.md => # Notes');
  await input.press('Enter');
  const answer = page.locator('[data-testid="ai-message"][data-role="assistant"]').last();
  const step = answer.locator('[data-testid="ai-tool-step"][data-state="done"]');
  await step.waitFor({ timeout: 20_000 });
  assert.match(await step.innerText(), /propose_edit/);
  await answer.locator('[data-testid="ai-route"]').waitFor({ timeout: 20_000 });
  // The tool wrote nothing; the model was told the proposal waits for the user.
  assert.equal(await readFile(server.path('docs/notes.md'), 'utf8'), '# Notes\nold line\n');
  const toolMessage = upstream.requests.at(-1).messages.find((m) => m.role === 'tool');
  assert.match(toolMessage.content, /^Proposed a change of docs\/notes\.md \(line 2: 1 line becomes 0\); the user reviews it/);

  await step.locator('[data-testid="ai-tool-review"]').click();
  await tab(page, 'docs/notes.md').waitFor();
  await acceptAndSave(page);
  await waitFor(async () => (await readFile(server.path('docs/notes.md'), 'utf8')) === '# Notes\n', 'the proposal saved to disk', 10_000);
});

test('a proposed new file is created from its tool step and opened', async () => {
  const { page } = browser;
  const input = page.locator('[data-testid="ai-input"]');
  await input.fill('PROPOSE_EDIT docs/new/todo.md => # Todo');
  await input.press('Enter');
  const answer = page.locator('[data-testid="ai-message"][data-role="assistant"]').last();
  const create = answer.locator('[data-testid="ai-tool-create"]');
  await create.waitFor({ timeout: 20_000 });
  assert.equal(await create.innerText(), 'Create docs/new/todo.md');
  await assert.rejects(readFile(server.path('docs/new/todo.md'), 'utf8'), /ENOENT/);
  await create.click();
  await tab(page, 'docs/new/todo.md').waitFor({ timeout: 10_000 });
  assert.equal(await readFile(server.path('docs/new/todo.md'), 'utf8'), '# Todo\n');
});
