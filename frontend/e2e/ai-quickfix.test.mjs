// "Fix with AI" where a problem is shown: the editor's quick fixes (Ctrl+.) and the problem's
// hover, against the real typescript-language-server and the scripted upstream. The language
// server's own fixes come first; picking Fix with AI asks the assistant about that problem.
// Without a model it is not offered.
// Missing language servers fail the run in CI and skip these tests elsewhere (see harness.mjs).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { aiSession } from './ai-upstream.mjs';
import { launchBrowser, login, openFile, requireLanguageServer, startServer, treeItem, typescriptServer, waitFor } from './harness.mjs';

const { skip } = typescriptServer;

/** The server starts, then type-checks the project: answers can take a while at first. */
const LSP_TIMEOUT = 60_000;
const MESSAGE = "Cannot find name 'greet'.";

const FILES = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }, include: ['src'] }),
  'src/greet.ts': 'export function greet(name: string): string {\n  return `Hello, ${name}`;\n}\n',
  'src/fix.ts': "export const welcome = greet('Eve');\n",
};

/** Opens src/fix.ts and waits for its error. */
async function openBrokenFile(page) {
  await treeItem(page, 'src').click();
  await openFile(page, 'src/fix.ts', "greet('Eve')");
  await page.locator('[data-testid="status-language-server"][data-tone="ready"]').waitFor({ timeout: LSP_TIMEOUT });
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: LSP_TIMEOUT });
}

/** Ctrl+. on `greet`: the rows of the quick fix menu, once the language server's import fix is listed. */
async function quickFixes(page) {
  const { x, y } = await wordPoint(page, 'greet');
  await page.mouse.click(x, y);
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget').first();
  await menu.locator('.monaco-list-row', { hasText: 'Add import from "./greet"' }).first().waitFor({ timeout: LSP_TIMEOUT });
  const rows = await menu.locator('.monaco-list-row').allInnerTexts();
  console.log(`# quick fixes: ${JSON.stringify(rows)}`);
  return { menu, rows };
}

/** The middle of `word` on the editor's first line, in page coordinates. */
async function wordPoint(page, word) {
  const point = await page.evaluate((w) => {
    const line = [...document.querySelectorAll('.monaco-editor .view-lines .view-line')]
      .sort((x, y) => parseFloat(x.style.top) - parseFloat(y.style.top))[0];
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(w);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + w.length);
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return undefined;
  }, word);
  if (!point) throw new Error(`"${word}" is not on the first line`);
  return point;
}

describe('with a model configured', () => {
  let session;

  before(async () => {
    if (!requireLanguageServer()) return;
    session = await aiSession(FILES);
    await openBrokenFile(session.browser.page);
  });

  after(async () => {
    await session?.close();
  });

  /** Waits until the upstream was asked (after request `from`) about the problem, and returns that request. */
  async function askedAbout(from) {
    const { upstream } = session;
    const about = (r) => JSON.stringify(r.messages).includes(MESSAGE) && JSON.stringify(r.messages).includes('src/fix.ts');
    await waitFor(async () => upstream.requests.slice(from).some(about), 'the assistant to be asked about the problem', 20_000);
    return upstream.requests.slice(from).find(about);
  }

  test('Ctrl+. offers Fix with AI after the language server\'s fixes, and it asks the assistant about that problem',
    { skip, timeout: 120_000 }, async () => {
      const { page } = session.browser;
      const from = session.upstream.requests.length;
      const { menu, rows } = await quickFixes(page);
      const aiFix = menu.locator('.monaco-list-row', { hasText: `Fix with AI: ${MESSAGE}` });
      const serverFix = rows.findIndex((r) => r.includes('Add import from "./greet"'));
      const ai = rows.findIndex((r) => r.includes('Fix with AI'));
      assert.ok(serverFix >= 0 && serverFix < ai, `the language server's fix comes first: ${JSON.stringify(rows)}`);
      assert.equal(rows.filter((r) => r.includes('Fix with AI')).length, 1, 'one Fix with AI for the one problem');
      await aiFix.first().click();
      await menu.waitFor({ state: 'hidden' });
      const request = await askedAbout(from);
      assert.equal(request.model, 'local-small', 'a quick fix is a small model\'s task');
      // The chat shows what was asked.
      const asked = page.locator('[data-testid="ai-message"][data-role="user"]').last();
      await waitFor(async () => (await asked.innerText()).includes(`Fix this problem in src/fix.ts at line 1: ${MESSAGE}`), 'the request in the chat');
      await page.locator('[data-testid="ai-message"][data-role="assistant"]').last().locator('[data-testid="ai-route"]')
        .waitFor({ timeout: 20_000 });
    });

  test('the problem\'s hover offers Fix with AI', { skip, timeout: 120_000 }, async () => {
    const { page } = session.browser;
    const from = session.upstream.requests.length;
    const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
    const action = hover.locator('.action-container', { hasText: `Fix with AI: ${MESSAGE}` });
    // Monaco shows a hover after the mouse rests on a word: move away and back until it does.
    await waitFor(async () => {
      await page.mouse.move(5, 5);
      const { x, y } = await wordPoint(page, 'greet');
      await page.mouse.move(x, y, { steps: 2 });
      await hover.waitFor({ timeout: 2_000 });
      return action.first().waitFor({ timeout: 3_000 }).then(() => true, () => false);
    }, 'the hover to offer Fix with AI', LSP_TIMEOUT);
    await action.first().click();
    await askedAbout(from);
  });
});

describe('without a model', () => {
  let server;
  let browser;

  before(async () => {
    if (!requireLanguageServer()) return;
    server = await startServer(FILES);
    browser = await launchBrowser();
    await login(browser.page, server);
    await openBrokenFile(browser.page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('Ctrl+. offers the language server\'s fixes and no Fix with AI', { skip, timeout: 120_000 }, async () => {
    const { page } = browser;
    const { menu, rows } = await quickFixes(page);
    // Every provider has answered once the menu is shown.
    assert.deepEqual(rows.filter((r) => r.includes('Fix with AI')), []);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
  });
});
