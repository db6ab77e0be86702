import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startServer } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ 'README.md': '# hello\n' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the workbench sends a logged-out visitor to the login page', async () => {
  const { page } = browser;
  await page.goto(`${server.baseUrl}/`);
  await page.waitForURL(/\/login$/);
  await page.locator('[data-testid="login-form"]').waitFor();
});

test('logs in with the printed one-time URL and removes the token from the address bar', async () => {
  const { page } = browser;
  assert.match(server.loginUrl, /#token=.+/);
  await page.goto('about:blank');
  // Hold the login request while looking at the address bar the page had when it sent it.
  let hrefAtSend;
  let request;
  await page.route('**/api/login', async (route) => {
    request = route.request();
    hrefAtSend = await page.evaluate(() => location.href);
    await route.continue();
  });
  await page.goto(server.loginUrl);
  await page.waitForURL(`${server.baseUrl}/`);
  await page.unroute('**/api/login');
  assert.equal(hrefAtSend, `${server.baseUrl}/login`, 'the token left the address bar before it was sent');
  assert.equal(request.method(), 'POST');
  assert.equal(request.headers()['content-type'], 'application/json');
  assert.equal(JSON.parse(request.postData() ?? '{}').token, new URL(server.loginUrl).hash.replace('#token=', ''));

  await page.waitForURL(`${server.baseUrl}/`);
  assert.ok(!page.url().includes('token'), `no token in ${page.url()}`);
  await page.locator('[data-testid="status-user"]').filter({ hasText: /\S/ }).waitFor();
  await page.locator('[data-testid="tree-item"][data-path="README.md"]').waitFor();
});

test('the same login link cannot be used twice', async () => {
  const { page, context } = browser;
  await context.clearCookies();
  await page.goto('about:blank');
  await page.goto(server.loginUrl);
  await page.locator('[data-testid="login-message"]', { hasText: 'This login link is invalid, expired or already used.' }).waitFor();
  assert.equal(page.url(), `${server.baseUrl}/login`);
});
