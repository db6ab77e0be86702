import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { acceptAndSave, aiSession, answerTo, editWithAi } from './ai-upstream.mjs';
import { editorText, quickOpen, waitFor } from './harness.mjs';

// The AI assistant from the browser against a scripted OpenAI-compatible upstream: a chat answer
// streams in with its route shown, and is exported as Markdown (an answer being written too); an
// AI edit is reviewed, accepted and saved; a conversation is deleted from the history; a reasoning
// model's thinking is shown collapsed, and again from the history.

let upstream;
let server;
let browser;
let session;

before(async () => {
  session = await aiSession({ 'src/Main.java': 'class Main {\n    int x;\n}\n',
    'src/app/[id]/page.tsx': 'export const PAGE_MARKER_7 = 1;\n' });
  ({ upstream, server, browser } = session);
});

after(async () => {
  await session?.close();
});

test('a chat answer streams in with its route shown', async () => {
  const { page } = browser;
  await page.locator('[data-testid="activity-ai"]').click();
  await page.locator('[data-testid="ai-view"]').waitFor();
  const input = page.locator('[data-testid="ai-input"]');
  await input.waitFor();
  await input.fill('Hello, how do I print a number?');
  await input.press('Enter');
  const answer = page.locator('[data-testid="ai-message"][data-role="assistant"]').last();
  await waitFor(async () => /Hello from local-/.test(await answer.innerText()), 'the streamed answer', 20_000);
  // Markdown rendered: bold model name, a highlighted code block with its actions.
  assert.match(await answer.locator('strong').first().innerText(), /^local-(small|medium|large)$/);
  await answer.locator('[data-testid="ai-code-copy"]').first().waitFor();
  const route = answer.locator('[data-testid="ai-route"]');
  await route.waitFor();
  const routeText = await route.innerText();
  assert.match(routeText, /small|medium|large/);
  assert.match(routeText, /local-(small|medium|large)/);
  assert.equal(upstream.requests.length >= 1, true);
});

test('the conversation is exported as Markdown with the question, the answer and the route', async () => {
  const { page } = browser;
  const button = page.locator('[data-testid="ai-export"]');
  assert.equal(await button.getAttribute('aria-label'), 'Export conversation as Markdown');
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.equal(download.suggestedFilename(), 'Hello, how do I print a number.md');
  const text = await readFile(await download.path(), 'utf8');
  const workspace = (await page.title()).replace(/ · Stratus$/, '');
  assert.match(text, /^# Hello, how do I print a number\?\n\nExported \d{4}-\d\d-\d\d \d\d:\d\d UTC from the workspace (.+)\.\n/);
  assert.ok(text.includes(`from the workspace ${workspace}.`), text);
  assert.ok(text.includes('**You**\n\nHello, how do I print a number?'), text);
  assert.match(text, /\*\*Assistant\*\*\n\n\*Route: (small|medium|large) tier · model `local-(small|medium|large)` · deployment `local-\2` · \d+ \+ \d+ tokens\*/);
  assert.ok(text.includes('Hello from **local-'), text);
  assert.ok(text.includes('```js\nconsole.log(1);\n```'), text);
});

test('Esc in the chat stops the answer being written and leaves the focus in the input', async () => {
  const { page } = browser;
  const input = page.locator('[data-testid="ai-input"]');
  const answer = await answerTo(page, async () => {
    await input.fill('SLOW_ANSWER please');
    await input.press('Enter');
  });
  await waitFor(async () => /Slowly/.test(await answer.innerText()), 'the answer to start', 20_000);
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 10_000 });
  const shown = await answer.innerText();
  assert.ok(shown.split('Slowly,').length - 1 < 400, `the whole answer came: ${shown.length} characters`);
  assert.match(shown, /cancelled|stopped/i);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'ai-input');
});

test('Try again under a stopped answer asks it again in its place, and is offered again when the conversation is reopened', async () => {
  const { page } = browser;
  const messages = page.locator('[data-testid="ai-message"]');
  const answers = page.locator('[data-testid="ai-message"][data-role="assistant"]');
  const count = await messages.count();
  const asked = upstream.requests.length;
  await answers.last().locator('[data-testid="ai-retry"]').click();
  await waitFor(async () => upstream.requests.length === asked + 1 && /Slowly/.test(await answers.last().innerText()),
    'the answer asked again', 20_000);
  // The new exchange took the stopped one's place: the panel and the model have the question once.
  assert.equal(await messages.count(), count);
  const sent = JSON.stringify(upstream.requests.at(-1).messages);
  assert.equal(sent.split('SLOW_ANSWER please').length - 1, 1, sent);
  assert.equal(await page.locator('[data-testid="ai-retry"]').count(), 0);
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 10_000 });

  // Stopped again and reopened from the history: the stored answer still offers Try again.
  await page.locator('[data-testid="ai-history-toggle"]').click();
  const current = page.locator('[data-testid="ai-history-item"][aria-current="true"]');
  await current.waitFor();
  const id = await current.getAttribute('data-id');
  await page.locator('[data-testid="ai-new"]').click();
  await waitFor(async () => await messages.count() === 0, 'a new chat');
  await page.locator('[data-testid="ai-history-toggle"]').click();
  await page.locator(`[data-testid="ai-history-item"][data-id="${id}"]`).click();
  await answers.last().locator('[data-testid="ai-retry"]').waitFor({ timeout: 20_000 });
  assert.equal(await messages.count(), count);
  assert.match(await answers.last().innerText(), /Stopped before the answer was finished/);
});

test('an export while an answer is written has that answer as far as it came, marked incomplete', async () => {
  const { page } = browser;
  const input = page.locator('[data-testid="ai-input"]');
  const answer = await answerTo(page, async () => {
    await input.fill('SLOW_ANSWER for the record');
    await input.press('Enter');
  });
  await waitFor(async () => /Slowly/.test(await answer.innerText()), 'the answer to start', 20_000);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="ai-export"]').click()]);
  const text = await readFile(await download.path(), 'utf8');
  // The earlier turns as kept, then this one: the question and, under a line saying so, the answer so far.
  assert.ok(text.indexOf('Hello, how do I print a number?') > 0, text);
  assert.match(text, /\*\*You\*\*\n\nSLOW_ANSWER for the record\n\n---\n\n\*\*Assistant\*\*\n\n\*Still being written when this was exported: the answer below is incomplete\.\*\n\nSlowly,/);
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 10_000 });
});

test('Up and Down in the empty input bring back the questions asked before', async () => {
  const { page } = browser;
  const input = page.locator('[data-testid="ai-input"]');
  await input.fill('');
  await input.press('ArrowUp');
  assert.equal(await input.inputValue(), 'SLOW_ANSWER for the record');
  await input.press('ArrowUp');
  assert.equal(await input.inputValue(), 'SLOW_ANSWER please');
  await input.press('ArrowDown');
  await input.press('ArrowDown');
  assert.equal(await input.inputValue(), '');
});

test('an AI edit is reviewed, accepted and saved', async () => {
  const { page } = browser;
  // Quick open (the side bar shows the AI view, not the file tree).
  await quickOpen(page, 'src/Main.java');
  await waitFor(async () => (await editorText(page)).includes('int x;'), 'the editor to show Main.java');
  await editWithAi(page, 'Rename x to count');
  await acceptAndSave(page, async () => assert.equal(await page.locator('[data-testid="ai-hunk"]').count() >= 1, true));
  await waitFor(async () => (await readFile(server.path('src/Main.java'), 'utf8')).includes('int count;'), 'the edit saved to disk', 10_000);
  assert.equal(await readFile(server.path('src/Main.java'), 'utf8'), 'class Main {\n    int count;\n}\n');
  // The editor knows the new version: its next save is not refused as a conflict.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('// saved after the AI edit\n');
  await page.keyboard.press('Control+S');
  await waitFor(async () => (await readFile(server.path('src/Main.java'), 'utf8')).includes('// saved after the AI edit'),
    'a manual save after the AI edit', 10_000);
});

test('typing @search keeps every keystroke and attaches the search', async () => {
  const { page } = browser;
  const input = page.locator('[data-testid="ai-input"]');
  await input.fill('');
  await input.focus();
  await page.keyboard.type('@');
  await page.locator('[data-testid="ai-mention-item"][data-value="search"]').waitFor();
  await page.keyboard.type('search UNIQUE_TOKEN_42 where?');
  assert.equal(await input.inputValue(), '@search UNIQUE_TOKEN_42 where?');
  await page.locator('[data-testid="ai-mention-suggest"]').waitFor({ state: 'hidden' });
  assert.equal(await page.locator('[data-testid="ai-context-mention"]').innerText(), 'UNIQUE_TOKEN_42 where?');
  // Esc while the list is open leaves the text as typed.
  await input.fill('');
  await page.keyboard.type('@sea');
  await page.locator('[data-testid="ai-mention-item"][data-value="search"]').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="ai-mention-suggest"]').waitFor({ state: 'hidden' });
  assert.equal(await input.inputValue(), '@sea');
  await input.fill('');
});

test('a picked file with brackets in its path is attached whole', async () => {
  const { page } = browser;
  const input = page.locator('[data-testid="ai-input"]');
  await input.focus();
  await page.keyboard.type('What is in @page');
  await page.locator('[data-testid="ai-mention-item"][data-value="src/app/[id]/page.tsx"]').waitFor();
  await page.keyboard.press('Enter');
  assert.equal(await input.inputValue(), 'What is in @"src/app/[id]/page.tsx" ');
  assert.equal(await page.locator('[data-testid="ai-context-mention"]').innerText(), '@src/app/[id]/page.tsx');
  const asked = upstream.requests.length;
  const answer = await answerTo(page, () => page.keyboard.press('Enter'));
  await answer.locator('[data-testid="ai-route"]').waitFor({ timeout: 20_000 });
  assert.equal(await answer.locator('[data-testid="ai-error"]').count(), 0);
  assert.match(JSON.stringify(upstream.requests.slice(asked)), /PAGE_MARKER_7/);
});

test('a reload reopens the conversation and continues it', async () => {
  const { page } = browser;
  const users = page.locator('[data-testid="ai-message"][data-role="user"]');
  const before = await users.allInnerTexts();
  assert.equal(before.length >= 2, true);
  await page.reload();
  // The side bar comes back on the view last shown (clicking its activity meanwhile would toggle it closed).
  await page.locator('[data-testid="ai-view"]').waitFor({ state: 'visible', timeout: 20_000 });
  await waitFor(async () => JSON.stringify(await users.allInnerTexts()) === JSON.stringify(before), 'the conversation reopened');
  const asked = upstream.requests.length;
  const input = page.locator('[data-testid="ai-input"]');
  await input.fill('And after the reload?');
  await (await answerTo(page, () => input.press('Enter'))).locator('[data-testid="ai-route"]').waitFor({ timeout: 20_000 });
  // The model is given the conversation so far, not a new one.
  assert.match(JSON.stringify(upstream.requests.slice(asked)), /how do I print a number/);
});

test('Apply with nothing selected has a model merge the block into the file, never replace it whole', async () => {
  const { page } = browser;
  await quickOpen(page, 'src/Main.java');
  const before = await readFile(server.path('src/Main.java'), 'utf8');
  const asked = upstream.requests.length;
  // The last answer's block, console.log(1);, applied to Main.java with only a cursor in it.
  await page.locator('.monaco-editor .view-lines').click();
  await page.locator('[data-testid="ai-message"][data-role="assistant"]').last().locator('[data-testid="ai-code-apply"]').first().click();
  await waitFor(async () => upstream.requests.slice(asked).some((r) => JSON.stringify(r.messages).includes('Apply this change')),
    'the merge asked of a model', 20_000);
  const merge = upstream.requests.slice(asked).find((r) => JSON.stringify(r.messages).includes('Apply this change'));
  const prompt = JSON.stringify(merge.messages);
  assert.match(prompt, /console\.log\(1\);/);
  assert.match(prompt, /class Main/);
  assert.equal(merge.model, 'local-small', 'apply-edit is a small model\'s task');
  assert.equal(await readFile(server.path('src/Main.java'), 'utf8'), before);
});

test('an answer being written when the page is reloaded goes on in the reloaded page, whole', async () => {
  const { page } = browser;
  const input = page.locator('[data-testid="ai-input"]');
  const answer = await answerTo(page, async () => {
    await input.fill('SLOW_ANSWER across a reload');
    await input.press('Enter');
  });
  await waitFor(async () => /Slowly/.test(await answer.innerText()), 'the answer to start', 20_000);
  const asked = upstream.requests.length;
  await page.reload();
  await page.locator('[data-testid="ai-view"]').waitFor({ state: 'visible', timeout: 20_000 });
  const users = page.locator('[data-testid="ai-message"][data-role="user"]');
  await waitFor(async () => (await users.allInnerTexts()).at(-1) === 'SLOW_ANSWER across a reload', 'the question shown again', 20_000);
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 30_000 });
  const last = page.locator('[data-testid="ai-message"][data-role="assistant"]').last();
  const text = await last.innerText();
  assert.equal(text.split('Slowly,').length - 1, 400, text);
  assert.doesNotMatch(text, /Interrupted/);
  assert.equal(await last.locator('[data-testid="ai-route"]').count(), 1);
  assert.equal(upstream.requests.length, asked, 'no model was asked again');
  assert.equal(await users.filter({ hasText: 'SLOW_ANSWER across a reload' }).count(), 1);
});

test('deleting the open conversation from the history clears the panel, and a reload does not bring it back', async () => {
  const { page } = browser;
  const messages = page.locator('[data-testid="ai-message"]');
  assert.equal(await messages.count() >= 2, true);
  await page.locator('[data-testid="ai-history-toggle"]').click();
  const open = page.locator('[data-testid="ai-history-item"][aria-current="true"]');
  await open.waitFor();
  const id = await open.getAttribute('data-id');
  const rows = page.locator('[data-testid="ai-history-item"]');
  const before = await rows.count();
  const remove = page.locator(`.ai-history-row:has([data-id="${id}"]) [data-testid="ai-history-delete"]`);
  assert.equal(await remove.getAttribute('aria-label'), 'Delete conversation');
  // Cancel keeps it.
  await remove.click();
  await page.locator('[data-testid="dialog-btn-cancel"]').click();
  assert.equal(await rows.count(), before);
  await remove.click();
  await page.locator('[data-testid="dialog-btn-ok"]').click();
  await waitFor(async () => await rows.count() === before - 1, 'the row removed');
  assert.equal(await page.locator(`[data-testid="ai-history-item"][data-id="${id}"]`).count(), 0);
  await waitFor(async () => await messages.count() === 0, 'the panel cleared');
  await page.reload();
  await page.locator('[data-testid="ai-view"]').waitFor({ state: 'visible', timeout: 20_000 });
  await page.locator('[data-testid="ai-input"]').waitFor();
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await messages.count(), 0);
  await page.locator('[data-testid="ai-history-toggle"]').click();
  await page.locator('[data-testid="ai-history-item"], .ai-history-note:not(:has-text("Loading"))').first().waitFor();
  assert.equal(await page.locator(`[data-testid="ai-history-item"][data-id="${id}"]`).count(), 0);
});

test('a quick action gives the model the file as the editor shows it, unsaved lines included', async () => {
  const { page } = browser;
  await quickOpen(page, 'src/Main.java');
  await waitFor(async () => (await editorText(page)).includes('class Main'), 'the editor to show Main.java');
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('// UNSAVED_LINE_9');
  const before = upstream.requests.length;
  await page.keyboard.press('Control+Shift+P');
  await page.locator('[data-testid="command-palette"] [data-testid="quick-input"]').fill('AI: Generate Tests');
  await page.keyboard.press('Enter');
  await waitFor(() => upstream.requests.length > before, 'the quick action to reach the model', 20_000);
  const user = upstream.requests[before].messages.findLast((m) => m.role === 'user').content;
  const file = /### File src\/Main\.java[^\n]*\n```java\n([\s\S]*?)```/.exec(user);
  assert.ok(file, user);
  assert.match(file[1], /UNSAVED_LINE_9/);
  assert.doesNotMatch(await readFile(server.path('src/Main.java'), 'utf8'), /UNSAVED_LINE_9/, 'nothing was saved');
});

test('a reasoning model\'s thinking streams into a collapsed Thinking section, kept when the conversation is reopened', async () => {
  const { page } = browser;
  await page.locator('[data-testid="ai-new"]').click();
  const input = page.locator('[data-testid="ai-input"]');
  const answer = await answerTo(page, async () => {
    await input.fill('THINK_FIRST: how do I print a number?');
    await input.press('Enter');
  });
  const section = answer.locator('[data-testid="ai-thinking"]');
  await section.waitFor({ state: 'attached', timeout: 20_000 });
  assert.equal(await section.evaluate((d) => d.open), false, 'collapsed while the model thinks');
  await answer.locator('[data-testid="ai-route"]').waitFor({ timeout: 20_000 });
  const summary = section.locator('[data-testid="ai-thinking-summary"]');
  assert.match(await summary.innerText(), /thought before answering \(\d+ characters/);
  assert.equal(await section.evaluate((d) => d.open), false, 'still collapsed once answered');
  assert.equal(await section.locator('[data-testid="ai-thinking-text"]').isVisible(), false);
  // One place says the model thought: no note of its own beside the section.
  assert.equal(await answer.locator('[data-testid="ai-notice"]:visible').count(), 0);
  const body = await answer.locator('.ai-answer-body').innerText();
  assert.match(body, /Hello from local-/);
  assert.doesNotMatch(body, /THINKING_MARK/);
  await summary.click();
  const text = section.locator('[data-testid="ai-thinking-text"]');
  await text.waitFor({ state: 'visible' });
  assert.match(await text.innerText(), /^The user asks how to print a number\. THINKING_MARK: console\.log prints it/);

  // Reopened from the history: collapsed again, with the same thinking.
  await page.locator('[data-testid="ai-history-toggle"]').click();
  const current = page.locator('[data-testid="ai-history-item"][aria-current="true"]');
  await current.waitFor();
  const id = await current.getAttribute('data-id');
  await page.locator('[data-testid="ai-new"]').click();
  await waitFor(async () => await page.locator('[data-testid="ai-message"]').count() === 0, 'a new chat');
  await page.locator('[data-testid="ai-history-toggle"]').click();
  await page.locator(`[data-testid="ai-history-item"][data-id="${id}"]`).click();
  const reopened = page.locator('[data-testid="ai-message"][data-role="assistant"] [data-testid="ai-thinking"]');
  await reopened.waitFor({ state: 'attached', timeout: 20_000 });
  assert.equal(await reopened.evaluate((d) => d.open), false);
  assert.match(await reopened.locator('[data-testid="ai-thinking-summary"]').innerText(), /thought before answering/);
  await reopened.locator('[data-testid="ai-thinking-summary"]').click();
  assert.match(await reopened.locator('[data-testid="ai-thinking-text"]').innerText(), /THINKING_MARK: console\.log prints it/);

  // A later turn sends the model none of it.
  const asked = upstream.requests.length;
  await (await answerTo(page, async () => {
    await input.fill('And a string?');
    await input.press('Enter');
  })).locator('[data-testid="ai-route"]').waitFor({ timeout: 20_000 });
  const sent = JSON.stringify(upstream.requests.slice(asked));
  assert.match(sent, /THINK_FIRST: how do I print a number/);
  assert.doesNotMatch(sent, /THINKING_MARK/);
});

test('a model size picked in the chat answers, and Auto routes again', async () => {
  const { page } = browser;
  const pick = page.locator('[data-testid="ai-tier"]');
  assert.deepEqual(await pick.locator('option').allInnerTexts(), ['Auto', 'Small', 'Medium', 'Large']);
  await pick.selectOption('large');
  const input = page.locator('[data-testid="ai-input"]');
  const answer = await answerTo(page, async () => {
    await input.fill('Hi there');
    await input.press('Enter');
  });
  await waitFor(async () => /Hello from local-large/.test(await answer.innerText()), 'the large model\'s answer', 20_000);
  const route = answer.locator('[data-testid="ai-route"]');
  await route.locator('summary').click();
  assert.match(await route.innerText(), /the large tier was asked for/);
  await pick.selectOption('auto');
  const routed = await answerTo(page, async () => {
    await input.fill('Hi there');
    await input.press('Enter');
  });
  await waitFor(async () => /Hello from local-/.test(await routed.innerText()), 'the routed answer', 20_000);
  const routedRoute = routed.locator('[data-testid="ai-route"]');
  await routedRoute.locator('summary').click();
  assert.doesNotMatch(await routedRoute.innerText(), /asked for/);
});
