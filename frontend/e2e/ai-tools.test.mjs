import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { acceptAndSave, aiSession, answerTo } from './ai-upstream.mjs';
import { editorText, quickOpen, tab, waitFor } from './harness.mjs';

// The assistant's agent loop from the browser: the model proposes an edit with its propose_edit
// tool; the step shows in the answer; nothing is written until the user reviews the proposal as
// a diff, accepts it and saves. The proposal is made of the file as the model read it: redacted
// (a secret comes back for the review and the save, also for a proposal reopened after a reload)
// and without what the user typed since (which stays theirs, unsaved).

const KEY = 'sk-proj-AbCdEf1234567890XyZaBcDeFgH12';
const OTHER = 'sk-proj-ZzYyXx0987654321AaBbCcDdEeFf99';

let upstream;
let server;
let browser;
let session;

before(async () => {
  session = await aiSession({ 'docs/notes.md': '# Notes\nold line\n', '.env': `API_KEY=${KEY}\nPORT=8080\nDEBUG=false\n`,
    'two-keys.env': `A=${KEY}\nB=${OTHER}\n`, 'notes.md': 'one\ntwo\nthree\n',
    'moved.md': 'alpha\nb\nc\nd\nomega\n' }, { tools: true });
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
  const answer = await answerTo(page, () => input.press('Enter'));
  const create = answer.locator('[data-testid="ai-tool-create"]');
  await create.waitFor({ timeout: 20_000 });
  // The answer ends before the next test sends: a message sent while it is written is refused.
  await answer.locator('[data-testid="ai-route"]').waitFor({ timeout: 20_000 });
  assert.equal(await create.innerText(), 'Create docs/new/todo.md');
  await assert.rejects(readFile(server.path('docs/new/todo.md'), 'utf8'), /ENOENT/);
  await create.click();
  await tab(page, 'docs/new/todo.md').waitFor({ timeout: 10_000 });
  assert.equal(await readFile(server.path('docs/new/todo.md'), 'utf8'), '# Todo\n');
});

/** Sends `message` in the chat; the done propose_edit step of the answer once the answer is complete. */
async function askForProposal(page, message, state = 'done') {
  const input = page.locator('[data-testid="ai-input"]');
  if (!(await input.isVisible())) await page.locator('[data-testid="activity-ai"]').click();
  await input.fill(message);
  const answer = await answerTo(page, () => input.press('Enter'));
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

test('a proposal reopened after a reload gets the file\'s secret back when it is reviewed again', async () => {
  const { page } = browser;
  await askForProposal(page, 'REVISE .env: PORT=8080 => PORT=9090');
  await page.reload();
  await page.locator('[data-testid="ai-view"]').waitFor({ state: 'visible', timeout: 20_000 });
  const answer = page.locator('[data-testid="ai-message"][data-role="assistant"]').last();
  const step = answer.locator('[data-testid="ai-tool-step"][data-state="done"]', { hasText: 'propose_edit' });
  await step.waitFor({ timeout: 20_000 });
  // The conversation keeps the proposal as the model wrote it: the placeholder, not the key.
  assert.match(await step.textContent(), /\[REDACTED:openai-key]/);

  await step.locator('[data-testid="ai-tool-review"]').click();
  await tab(page, '.env').waitFor();
  await acceptAndSave(page);
  await waitFor(async () => (await readFile(server.path('.env'), 'utf8')).includes('PORT=9090'), 'the proposal saved to disk', 10_000);
  assert.equal(await readFile(server.path('.env'), 'utf8'), `API_KEY=${KEY}\nPORT=9090\nDEBUG=true\n`);
});

test('a proposal reviewed over unsaved typing keeps the typing and saves only the proposal', async () => {
  const { page } = browser;
  await quickOpen(page, 'notes.md');
  await waitFor(async () => (await editorText(page)).includes('three'), 'the editor to show notes.md');
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('mine ');
  const step = await askForProposal(page, 'REVISE notes.md: three => THREE');

  await step.locator('[data-testid="ai-tool-review"]').click();
  // Only the proposed change: the user's line is not offered for reverting.
  await acceptAndSave(page, async () => assert.equal(await page.locator('[data-testid="ai-hunk"]').count(), 1));
  await waitFor(async () => (await readFile(server.path('notes.md'), 'utf8')).includes('THREE'), 'the proposal saved to disk', 10_000);
  assert.equal(await readFile(server.path('notes.md'), 'utf8'), 'one\ntwo\nTHREE\n');
  assert.equal((await editorText(page)).split('\n').slice(0, 3).join('\n'), 'mine one\ntwo\nTHREE');
  assert.equal(await tab(page, 'notes.md').getAttribute('data-dirty'), 'true');
});

test('a proposal whose file changed on disk is refused as such, offering no button it cannot show', async () => {
  const { page } = browser;
  const step = await askForProposal(page, 'REVISE moved.md: omega => OMEGA');
  await writeFile(server.path('moved.md'), 'ALPHA\nb\nc\nd\nomega\n');
  await step.locator('[data-testid="ai-tool-review"]').click();
  await tab(page, 'moved.md').waitFor();
  await page.locator('[data-testid="ai-edit-review"][data-state="review"]').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="ai-edit-accept-all"]').click();
  await page.locator('[data-testid="ai-edit-apply"]').click();
  await page.locator('[data-testid="ai-edit-review"][data-state="conflict"]').waitFor({ timeout: 15_000 });
  const said = await page.locator('[data-testid="ai-edit-message"]').innerText();
  assert.match(said, /moved\.md changed on disk/);
  assert.doesNotMatch(said, /Recompute/);
  assert.equal(await page.locator('[data-testid="ai-edit-recompute"]').count(), 0);
  assert.equal(await readFile(server.path('moved.md'), 'utf8'), 'ALPHA\nb\nc\nd\nomega\n');
  await page.locator('[data-testid="ai-edit-close"]').click();
});
