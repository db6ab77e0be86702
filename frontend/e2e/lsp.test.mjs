// Language servers end to end: a real typescript-language-server behind the server's relay.
// The servers come from STRATUS_LANGUAGE_SERVERS_DIR, else from the folder the build installs them
// to. Missing servers fail the run in CI and skip these tests elsewhere.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { caretToEnd, editorText, launchBrowser, login, openFile, requireLanguageServer, startServer, tab, treeItem, typescriptServer, waitFor } from './harness.mjs';
import { networkGoneAndBack, trackSockets } from './sockets.mjs';

const { skip } = typescriptServer;

/** The server starts, then type-checks the project: type errors come a while after the first answer. */
const LSP_TIMEOUT = 60_000;

let server;
let browser;

before(async () => {
  if (!requireLanguageServer()) return;
  server = await startServer({
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }, include: ['src'] }),
    'src/greet.ts': [
      'export interface Person {',
      '  name: string;',
      '  age: number;',
      '}',
      '',
      'export function greet(person: Person): string {',
      '  return `Hello, ${person.name}`;',
      '}',
      '',
    ].join('\n'),
    'src/main.ts': [
      "import { greet, type Person } from './greet';",
      '',
      "const ada: Person = { name: 'Ada', age: 36 };",
      "const count: number = 'not a number';",
      'console.log(greet(ada), count);',
      '',
    ].join('\n'),
    'src/other.ts': "import { greet } from './greet';\n\nexport const hello = greet({ name: 'Bob', age: 3 });\n",
  });
  browser = await launchBrowser();
  // A handle on the page's sockets, to see which are replaced when the network goes.
  await trackSockets(browser.context);
  await login(browser.page, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Clicks `word` on 1-based line `n`. Monaco reuses line elements, so their order is by `top`, not in the DOM. */
async function clickWord(page, n, word) {
  const lines = page.locator('.monaco-editor .view-lines .view-line');
  const index = await lines.evaluateAll((els, wanted) =>
    els.map((el, i) => [parseFloat(el.style.top), i]).sort((x, y) => x[0] - y[0])[wanted - 1][1], n);
  await lines.nth(index).locator(`text=${word}`).first().click();
}

test('a type error is squiggled in the editor and listed in Problems', { skip, timeout: 120_000 }, async () => {
  const { page } = browser;
  await treeItem(page, 'src').click();
  await openFile(page, 'src/main.ts', 'not a number');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: LSP_TIMEOUT });
  await waitFor(async () => (await page.locator('[data-testid="status-problems"]').getAttribute('data-errors')) === '1',
    'one error in the status bar', LSP_TIMEOUT);
  assert.match(await page.locator('[data-testid="status-language-server"]').innerText(), /typescript/);

  await page.locator('[data-testid="status-problems"]').click();
  const problem = page.locator('[data-testid="problem"][data-path="src/main.ts"][data-line="4"]');
  await problem.waitFor();
  assert.match(await problem.innerText(), /Type 'string' is not assignable to type 'number'/);
  assert.equal(await problem.getAttribute('data-severity'), 'error');
  assert.equal(await page.locator('[data-testid="panel-badge-problems"]').innerText(), '1');

  await clickWord(page, 1, 'import');
  await problem.click();
  await waitFor(async () => (await page.locator('[data-testid="status-position"]').innerText()).startsWith('Ln 4,'),
    'the click to put the cursor on line 4');
});

test('Ctrl+Space completes a property from the language server', { skip, timeout: 120_000 }, async () => {
  const { page } = browser;
  await openFile(page, 'src/main.ts', 'not a number');
  await caretToEnd(page);
  await page.keyboard.type('ada.');
  // Typing "." may already have opened the list; ask for it explicitly.
  await page.keyboard.press('Escape');
  await page.keyboard.type('ag');
  await page.keyboard.press('Control+Space');
  const item = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'age' });
  await item.first().waitFor({ timeout: LSP_TIMEOUT });
  await page.keyboard.press('Enter');
  await waitFor(async () => (await editorText(page)).includes('ada.age'), 'the completion to be inserted');
  assert.ok(!(await editorText(page)).includes('ada.agag'), 'the typed prefix is replaced, not repeated');
});

test('F12 on an imported function opens its file at the definition', { skip, timeout: 120_000 }, async () => {
  const { page } = browser;
  await openFile(page, 'src/main.ts', 'not a number');
  await clickWord(page, 1, 'greet');
  await page.keyboard.press('F12');
  await page.locator('[data-testid="tab"][data-path="src/greet.ts"].active').waitFor({ timeout: LSP_TIMEOUT });
  await waitFor(async () => (await editorText(page)).includes('export function greet'), 'greet.ts in the editor');
  await waitFor(async () => (await page.locator('[data-testid="status-position"]').innerText()).startsWith('Ln 6,'),
    'the cursor on the definition (line 6)');
});

test('after a network gone without a close, the language server answers again on a new socket', { skip, timeout: 120_000 }, async () => {
  const { page } = browser;
  const lspSockets = () => page.evaluate(() => window.__stratusSockets.map((s, i) => ({ i, url: s.url, state: s.readyState }))
    .filter((s) => s.url.includes('/lsp/typescript')));
  await openFile(page, 'src/main.ts', 'not a number');
  await waitFor(async () => (await lspSockets()).some((s) => s.state === 1), 'an open language-server socket', LSP_TIMEOUT);
  const before = (await lspSockets()).filter((s) => s.state === 1).map((s) => s.i);

  await networkGoneAndBack(browser.context, page);
  // Without a close of its own the old socket would look open until TCP gave up: it was let go
  // with the workspace connection, and a new one opened.
  await waitFor(async () => (await lspSockets()).some((s) => s.i > Math.max(...before) && s.state === 1), 'a new language-server socket',
    LSP_TIMEOUT);
  assert.ok((await lspSockets()).filter((s) => before.includes(s.i)).every((s) => s.state !== 1), 'the old sockets are let go');
  await clickWord(page, 1, 'greet');
  await page.keyboard.press('F12');
  await page.locator('[data-testid="tab"][data-path="src/greet.ts"].active').waitFor({ timeout: LSP_TIMEOUT });
});

test('F2 renames across files: open editors get undoable edits, closed files change on disk', { skip, timeout: 120_000 }, async () => {
  const { page } = browser;
  await openFile(page, 'src/greet.ts', 'export function greet');
  await clickWord(page, 6, 'greet');
  await page.keyboard.press('F2');
  await page.locator('.rename-box input:focus').waitFor({ timeout: LSP_TIMEOUT });
  await page.keyboard.press('Control+a');
  await page.keyboard.type('welcome');
  await page.keyboard.press('Enter');
  await waitFor(async () => (await readFile(server.path('src/other.ts'), 'utf8')).includes('welcome({'),
    'other.ts, which has no editor, to change on disk', LSP_TIMEOUT);
  await waitFor(async () => (await editorText(page)).includes('export function welcome'), 'the open buffer to change');
  assert.equal(await tab(page, 'src/greet.ts').getAttribute('data-dirty'), 'true', 'an open file is left to the user to save');
  assert.equal(await tab(page, 'src/main.ts').getAttribute('data-dirty'), 'true');
  assert.match(await readFile(server.path('src/greet.ts'), 'utf8'), /export function greet/, 'open files are not written behind the editor');
  await page.keyboard.press('Control+z');
  await waitFor(async () => (await editorText(page)).includes('export function greet'), 'undo to restore the old name');
});
