import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, login, startServer } from './harness.mjs';

// No model configured is a normal state: the AI view explains how to configure one, nothing fails.

let server;
let browser;

before(async () => {
  server = await startServer({ 'README.md': '# Demo\n' });
  browser = await launchBrowser();
  await login(browser.page, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
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
