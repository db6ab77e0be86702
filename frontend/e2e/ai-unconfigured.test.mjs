import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { aiConfig, startUpstream } from './ai-upstream.mjs';
import { launchBrowser, login, startServer, waitFor } from './harness.mjs';

// No model configured is a normal state: the AI view explains how to configure one, nothing fails.

let server;
let browser;
let upstream;

before(async () => {
  server = await startServer({ 'README.md': '# Demo\n' });
  browser = await launchBrowser();
  await login(browser.page, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await upstream?.close();
});

test('without a model the AI view says how to configure one', async () => {
  const { page } = browser;
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.locator('[data-testid="activity-ai"]').click();
  const help = page.locator('[data-testid="ai-not-configured"]');
  await help.waitFor({ timeout: 15_000 });
  assert.match(await help.innerText(), /stratus\.yaml/);
  assert.match(await page.locator('[data-testid="ai-config-example"]').innerText(), /deployments:/);
  // The help wraps in the side bar; only the example's long lines scroll, inside their block.
  const overflow = await help.evaluate((el) => [...el.children].filter((c) => c.scrollWidth > el.clientWidth).map((c) => c.className));
  assert.deepEqual(overflow, [], 'no part of the help is wider than the view');
  assert.deepEqual(errors, []);
});

test('a model added to stratus.yaml while the IDE is open is offered without a restart or a reload', async () => {
  const { page } = browser;
  const help = page.locator('[data-testid="ai-not-configured"]');
  await help.waitFor({ timeout: 15_000 });
  upstream = await startUpstream();
  // As an administrator saves it: the server watches the file and activates the assistant again.
  await writeFile(join(server.dataDir, 'stratus.yaml'), aiConfig(upstream));

  await help.waitFor({ state: 'detached', timeout: 20_000 });
  const input = page.locator('[data-testid="ai-input"]');
  await input.fill('Hello, how do I print a number?');
  await input.press('Enter');
  const answer = page.locator('[data-testid="ai-message"][data-role="assistant"]').last();
  await waitFor(async () => /Hello from local-/.test(await answer.innerText()), 'an answer from the model just configured', 20_000);
  assert.ok(upstream.requests.length >= 1, 'the upstream was asked');
});

test('a model size taken out of stratus.yaml while an answer is written: the answer ends whole, the size is no longer offered', async () => {
  const { page } = browser;
  const pick = page.locator('[data-testid="ai-tier"]');
  await waitFor(async () => (await pick.locator('option').allInnerTexts()).join() === 'Auto,Small,Medium,Large', 'every size offered', 20_000);
  // The answer before this one has ended: a message is sent only then.
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 20_000 });
  const input = page.locator('[data-testid="ai-input"]');
  await input.fill('SLOW_ANSWER UNHURRIED while the configuration changes');
  await input.press('Enter');
  const answer = page.locator('[data-testid="ai-message"][data-role="assistant"]').last();
  await waitFor(async () => /Slowly/.test(await answer.innerText()), 'the answer to start', 20_000);
  // Saved while the answer is written: the large deployment goes, the others stay.
  await writeFile(join(server.dataDir, 'stratus.yaml'), aiConfig(upstream).split('\n').filter((l) => !l.includes('local-large')).join('\n'));

  await waitFor(async () => (await pick.locator('option').allInnerTexts()).join() === 'Auto,Small,Medium', 'Large no longer offered', 20_000);
  assert.equal(await page.locator('[data-testid="ai-view"][data-state="idle"]').count(), 0, 'taken while the answer is written');
  await page.locator('[data-testid="ai-view"][data-state="idle"]').waitFor({ timeout: 30_000 });
  const text = await answer.innerText();
  assert.equal(text.split('Slowly,').length - 1, 400, 'the whole answer');
  assert.doesNotMatch(text, /Interrupted|restarted/);
  assert.equal(await answer.locator('[data-testid="ai-route"]').count(), 1);
});

test('a model server running on the machine is offered, ready to paste into stratus.yaml', async () => {
  // An Ollama as it answers, on a free port the server is told to look at (never Ollama's own 11434).
  const asked = [];
  const ollama = createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`);
    const models = { '/api/tags': { models: [{ name: 'llama3.2:3b' }, { name: 'qwen2.5-coder:7b' }] },
      '/v1/models': { object: 'list', data: [{ id: 'llama3.2:3b', owned_by: 'library' }, { id: 'qwen2.5-coder:7b', owned_by: 'library' }] } };
    const body = models[req.url];
    res.writeHead(body ? 200 : 404, { 'Content-Type': body ? 'application/json' : 'text/html' });
    res.end(body ? JSON.stringify(body) : '<html>Not found</html>');
  });
  await new Promise((ok) => ollama.listen(0, '127.0.0.1', ok));
  const port = ollama.address().port;
  const local = await startServer({ 'README.md': '# Demo\n' }, { env: { STRATUS_AI_LOCAL_SERVERS: `127.0.0.1:${port}` } });
  try {
    const { page } = browser;
    await login(page, local);
    await page.locator('[data-testid="activity-ai"]').click();
    const found = page.locator('[data-testid="ai-found"]');
    await found.waitFor({ timeout: 15_000 });
    assert.match(await found.innerText(),
      new RegExp(`Found on this machine: Ollama at http://127\\.0\\.0\\.1:${port}/v1 with llama3\\.2:3b, qwen2\\.5-coder:7b`));
    assert.match(await found.innerText(), /picked up within seconds/);
    const panel = page.locator('[data-testid="ai-not-configured"]');
    const overflow = await panel.evaluate((el) => [...el.children].filter((c) => c.scrollWidth > el.clientWidth).map((c) => c.className));
    assert.deepEqual(overflow, [], 'no part of the panel is wider than the view');
    const snippet = await page.locator('[data-testid="ai-found-config"]').innerText();
    assert.match(snippet, new RegExp(`baseUrl: http://127\\.0\\.0\\.1:${port}/v1\n\\s*model: qwen2\\.5-coder:7b`));
    await page.locator('[data-testid="ai-found-copy"]').click();
    await page.locator('[data-testid="ai-found-copied"]').filter({ hasText: /\S/ }).waitFor();
    assert.ok(asked.every((r) => r.startsWith('GET ')), `only asked what it serves: ${asked.join(', ')}`);
    assert.ok(!asked.some((r) => r.includes('chat') || r.includes('completions')), 'no prompt was sent');

    // Saved as the panel offers it, the section is picked up and the panel gives way to the chat.
    await writeFile(join(local.dataDir, 'stratus.yaml'), snippet);
    await panel.waitFor({ state: 'detached', timeout: 20_000 });
  } finally {
    await local.stop();
    await new Promise((ok) => ollama.close(ok));
  }
});
