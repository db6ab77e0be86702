import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
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
