import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, login, startServer, tab, waitFor } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({
    'README.md': '# Project\nNothing to find here.\n',
    'src/deep/Target.java': [
      'package deep;', '', 'class Target {', '  int base = 1;', '', '  // the needle is below', '  int computeTotal() {',
      '    return zebraQuux + base;', '  }', '}', '',
    ].join('\n'),
    'src/other.ts': 'export const zebraQuux = 2;\n',
    'build/ignored.txt': 'zebraQuux in an ignored folder\n',
    '.gitignore': 'build/\n',
    'data/many.txt': Array.from({ length: 2500 }, (_, i) => `row ${i} haystackNeedle here`).join('\n'),
  });
  browser = await launchBrowser();
  await login(browser.page, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Runs the search until results show (the index may still be building right after start). */
async function search(page, query) {
  await page.keyboard.press('Control+Shift+F');
  const input = page.locator('[data-testid="search-query"]');
  await input.waitFor();
  await waitFor(async () => {
    await input.fill(query);
    await input.press('Enter');
    await page.locator('[data-testid="search-view"][data-state="done"]').waitFor();
    return (await page.locator('[data-testid="search-match"]').count()) > 0;
  }, `results for ${query}`, 20_000);
}

test('search shows matches grouped by file with counts; a click opens the editor at the match', async () => {
  const { page } = browser;
  await search(page, 'zebraQuux');
  const files = await page.locator('[data-testid="search-file"]').evaluateAll((els) => els.map((e) => e.dataset.path));
  assert.deepEqual(files, ['src/deep/Target.java', 'src/other.ts'], 'grouped by file, ignored files left out');
  assert.match(await page.locator('[data-testid="search-message"]').innerText(), /^2 results in 2 files/);
  const match = page.locator('[data-testid="search-match"][data-path="src/deep/Target.java"]');
  assert.equal(await match.getAttribute('data-line'), '8');
  assert.equal(await match.locator('mark').innerText(), 'zebraQuux');

  await match.click();
  await tab(page, 'src/deep/Target.java').waitFor();
  // The match is selected: the cursor sits at its end (column 12 + 9 characters).
  const col = '    return '.length + 1 + 'zebraQuux'.length;
  await waitFor(async () => (await page.locator('[data-testid="status-position"]').innerText()) === `Ln 8, Col ${col}`,
    `the cursor at Ln 8, Col ${col}`);
});

test('thousands of matches render in chunks, with the truncated notice', async () => {
  const { page } = browser;
  await search(page, 'haystackNeedle');
  const view = page.locator('[data-testid="search-view"]');
  console.log(`# search Enter -> first results shown: ${await view.getAttribute('data-render-ms')} ms `
    + `(server ${await view.getAttribute('data-server-ms')} ms)`);
  assert.match(await page.locator('[data-testid="search-message"]').innerText(), /^2000 results in 1 file \(more exist/);
  await page.locator('[data-testid="search-results"][data-complete="true"]').waitFor();
  assert.equal(await page.locator('[data-testid="search-match"]').count(), 2000);
  assert.equal(await page.locator('[data-testid="search-file-count"]').innerText(), '2000');
});

test('toggles and include globs narrow the search', async () => {
  const { page } = browser;
  await page.locator('[data-testid="search-include"]').fill('*.ts');
  await search(page, 'zebraQuux');
  assert.deepEqual(await page.locator('[data-testid="search-file"]').evaluateAll((els) => els.map((e) => e.dataset.path)), ['src/other.ts']);
  await page.locator('[data-testid="search-include"]').fill('');
  await page.locator('[data-testid="search-case"]').click();
  await page.locator('[data-testid="search-query"]').fill('ZEBRAQUUX');
  await page.locator('[data-testid="search-query"]').press('Enter');
  await page.locator('[data-testid="search-view"][data-state="done"]').waitFor();
  await waitFor(async () => (await page.locator('[data-testid="search-message"]').innerText()) === 'No results.', 'no case-sensitive match');
  await page.locator('[data-testid="search-case"]').click();
});

test('quick open (Ctrl+P) finds a file by fuzzy name and opens it', async () => {
  const { page } = browser;
  await page.keyboard.press('Control+p');
  await page.locator('[data-testid="quick-input"]:focus').waitFor();
  await page.keyboard.type('othts');
  const first = page.locator('[data-testid="quick-open"] [data-testid="quick-item"]').first();
  await waitFor(async () => (await first.innerText()).includes('other.ts'), 'other.ts first');
  await page.keyboard.press('Enter');
  await tab(page, 'src/other.ts').waitFor();
  assert.equal(await page.locator('[data-testid="quick-open"]').count(), 0, 'the picker closed');
});

test('go to symbol (Ctrl+T) opens the declaration line', async () => {
  const { page } = browser;
  await page.keyboard.press('Control+t');
  await page.locator('[data-testid="quick-input"]:focus').waitFor();
  await page.keyboard.type('computeTot');
  const item = page.locator('[data-testid="goto-symbol"] [data-testid="quick-item"]', { hasText: 'computeTotal' });
  await item.first().waitFor({ timeout: 20_000 });
  await item.first().click();
  await tab(page, 'src/deep/Target.java').waitFor();
  await waitFor(async () => (await page.locator('[data-testid="status-position"]').innerText()).startsWith('Ln 7,'), 'the cursor on line 7');
});
