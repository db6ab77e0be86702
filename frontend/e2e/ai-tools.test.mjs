import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { acceptAndSave, aiSession } from './ai-upstream.mjs';
import { editorText, tab, waitFor } from './harness.mjs';

// The assistant's agent loop from the browser: the model proposes an edit with its propose_edit
// tool; the step shows in the answer; nothing is written until the user reviews the proposal as
// a diff, accepts it and saves. The model read the file redacted: a secret comes back for the
// review and the save.

const KEY = 'sk-proj-AbCdEf1234567890XyZaBcDeFgH12';
const OTHER = 'sk-proj-ZzYyXx0987654321AaBbCcDdEeFf99';

let upstream;
let server;
let browser;
let session;

before(async () => {
  session = await aiSession({ 'docs/notes.md': '# Notes\nold line\n', '.env': `API_KEY=${KEY}\nPORT=8080\nDEBUG=false\n`,
    'two-keys.env': `A=${KEY}\nB=${OTHER}\n` }, { tools: true });
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

/** Sends `message` in the chat; the done propose_edit step of the answer once the answer is complete. */
async function askForProposal(page, message, state = 'done') {
  const input = page.locator('[data-testid="ai-input"]');
  await input.fill(message);
  await input.press('Enter');
  const answer = page.locator('[data-testid="ai-message"][data-role="assistant"]').last();
  const step = answer.locator(`[data-testid="ai-tool-step"][data-state="${state}"]`, { hasText: 'propose_edit' });
  await step.waitFor({ timeout: 20_000 });
  await answer.locator('[data-testid="ai-route"]').waitFor({ timeout: 20_000 });
  return step;
}

test('a proposed edit of a file the model saw redacted keeps its secret', async () => {
  const { page } = browser;
  const step = await askForProposal(page, 'REVISE .env: DEBUG=false => DEBUG=true');
  assert.match(upstream.requests.at(-1).messages.find((m) => m.role === 'tool').content, /^API_KEY=\[REDACTED:openai-key]\n/);
  assert.equal(JSON.stringify(upstream.requests).includes(KEY), false, 'the key never left');

  await step.locator('[data-testid="ai-tool-review"]').click();
  await tab(page, '.env').waitFor();
  await acceptAndSave(page);
  await waitFor(async () => (await readFile(server.path('.env'), 'utf8')).includes('DEBUG=true'), 'the proposal saved to disk', 10_000);
  assert.equal(await readFile(server.path('.env'), 'utf8'), `API_KEY=${KEY}\nPORT=8080\nDEBUG=true\n`);
  assert.match(await editorText(page), new RegExp(`API_KEY=${KEY}`));
});

test('a proposed edit whose secrets cannot be put back is refused, and the model and the user are told', async () => {
  const { page } = browser;
  // Two keys of one kind, and the model dropped one of their placeholders: which key is left is a guess.
  const step = await askForProposal(page, 'REVISE two-keys.env: A=[REDACTED:openai-key] => A=none', 'failed');
  assert.match(await step.innerText(), /Not proposed: the content changes where two-keys\.env holds secrets the model was not shown \(openai-key\)/);
  assert.equal(await step.locator('[data-testid="ai-tool-review"]').count(), 0);
  const told = upstream.requests.at(-1).messages.filter((m) => m.role === 'tool').at(-1).content;
  assert.match(told, /^Error: Not proposed/);
  assert.equal(JSON.stringify(upstream.requests).includes(OTHER), false, 'no key left');
  assert.equal(await readFile(server.path('two-keys.env'), 'utf8'), `A=${KEY}\nB=${OTHER}\n`);
});
