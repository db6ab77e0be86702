// Editor features a language server drives, end to end against the real typescript-language-server:
// hover, signature help, find references, format document, quick fix, the Outline view, and the
// status bar through a crash of the server process. The servers are found as in lsp.test.mjs
// (STRATUS_LANGUAGE_SERVERS_DIR, else the build's folder); missing servers fail the run in CI and
// skip these tests elsewhere.
import assert from 'node:assert/strict';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { caretToEnd, editorText, launchBrowser, login, openFile, requireLanguageServer, startServer, tab, treeItem, typescriptServer, waitFor } from './harness.mjs';

const { skip } = typescriptServer;

/** The server starts, then type-checks the project: answers can take a while at first. */
const LSP_TIMEOUT = 60_000;

const GREET = [
  'export interface Person {',
  '  name: string;',
  '}',
  '',
  'export function greet(name: string): string {',
  '  return `Hello, ${name}`;',
  '}',
  '',
  'export class Greeter {',
  '  constructor(private readonly prefix: string) {}',
  '',
  '  hail(person: Person): string {',
  '    return `${this.prefix} ${greet(person.name)}`;',
  '  }',
  '}',
  '',
].join('\n');

let server;
let browser;

before(async () => {
  if (!requireLanguageServer()) return;
  server = await startServer({
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }, include: ['src'] }),
    'src/greet.ts': GREET,
    'src/main.ts': "import { greet } from './greet';\n\nconsole.log(greet('Ada'));\n",
    'src/other.ts': "import { greet } from './greet';\n\nexport const hello = greet('Bob');\n",
    // Nothing indented: Monaco's indentation detection keeps its default (4 spaces).
    'src/messy.ts': 'export function add(a: number,b: number): number {\nconst sum=a+b;\nreturn  sum;\n}\n',
    'src/fix.ts': "export const welcome = greet('Eve');\n",
    'src/broken.ts': "export const count: number = 'not a number';\n",
  });
  browser = await launchBrowser();
  await login(browser.page, server);
  await treeItem(browser.page, 'src').click();
  // Until tsserver has loaded the project, typescript-language-server answers from its syntax
  // server, which knows the open files only (Shift+F12 then finds the uses in greet.ts alone and
  // jumps to the one there). A type error is reported once the project is loaded.
  await openFile(browser.page, 'src/broken.ts', 'not a number');
  await browser.page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: LSP_TIMEOUT });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * The text of 1-based line `n` of the active editor and, with `word`, the middle of the first
 * `word` on it in page coordinates. Monaco reuses line elements (DOM order is not line order) and
 * replaces one when it renders that line again (say, when semantic tokens arrive), so the line is
 * found and read in one step in the page: an element found in one call may be detached by the
 * next, with no box on screen. Monaco merges tokens of one colour into one span ("log(greet("), so
 * the word's own box comes from a DOM range.
 */
async function readLine(page, n, word) {
  return page.evaluate(({ n, word }) => {
    const lines = [...document.querySelectorAll('.monaco-editor .view-lines .view-line')]
      .sort((x, y) => parseFloat(x.style.top) - parseFloat(y.style.top));
    if (lines.length < n) throw new Error(`the editor shows ${lines.length} lines, not ${n}`);
    const line = lines[n - 1];
    const text = line.innerText.replace(/\u00a0/g, ' ');
    if (word === undefined) return { text };
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      const r = range.getBoundingClientRect();
      return { text, point: { x: r.x + r.width / 2, y: r.y + r.height / 2 } };
    }
    return { text };
  }, { n, word });
}

/** The text of 1-based line `n` of the active editor, spaces as spaces. */
async function lineText(page, n) {
  return (await readLine(page, n)).text;
}

/** The middle of the first `word` on 1-based line `n`, in page coordinates. */
async function wordPoint(page, n, word) {
  const { text, point } = await readLine(page, n, word);
  if (!point) throw new Error(`"${word}" is not on line ${n}: ${JSON.stringify(text)}`);
  return point;
}

/** Clicks the middle of `word` on 1-based line `n`. */
async function clickWord(page, n, word) {
  const { x, y } = await wordPoint(page, n, word);
  await page.mouse.click(x, y);
}

const cursorLine = async (page) => Number((await page.locator('[data-testid="status-position"]').innerText()).match(/^Ln (\d+),/)?.[1]);
const normalize = (s) => s.replace(/\u00a0/g, ' ');

/** Waits until the status bar says the active file's language server is ready. */
async function waitForServer(page) {
  await page.locator('[data-testid="status-language-server"][data-tone="ready"]').waitFor({ timeout: LSP_TIMEOUT });
}

test('hovering a function name shows its signature', { skip, timeout: 90_000 }, async () => {
  const { page } = browser;
  await openFile(page, 'src/greet.ts', 'export function greet');
  await waitForServer(page);
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
  // Monaco shows a hover after the mouse rests on a word: move away and back until it does.
  await waitFor(async () => {
    await page.mouse.move(5, 5);
    const { x, y } = await wordPoint(page, 5, 'greet');
    await page.mouse.move(x, y, { steps: 2 });
    await hover.waitFor({ timeout: 2_000 });
    return normalize(await hover.innerText()).includes('function greet(name: string): string');
  }, 'the hover to show the signature of greet', LSP_TIMEOUT);
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await hover.waitFor({ state: 'hidden' });
});

test('Shift+F12 lists the references of a function in both files that use it', { skip, timeout: 90_000 }, async () => {
  const { page } = browser;
  await openFile(page, 'src/greet.ts', 'export function greet');
  await waitForServer(page);
  await clickWord(page, 5, 'greet');
  await page.keyboard.press('Shift+F12');
  const peek = page.locator('.monaco-editor .peekview-widget');
  await peek.waitFor({ timeout: LSP_TIMEOUT });
  // Each file with its number of references: the definition and the use in greet.ts, the import and the call elsewhere.
  const files = async () => Object.fromEntries(await peek.locator('.ref-tree .reference-file').evaluateAll((els) =>
    els.map((e) => [e.querySelector('.label-name')?.textContent, e.querySelector('.count')?.textContent])));
  await waitFor(async () => Object.keys(await files()).length === 3, 'the references tree to list three files');
  assert.deepEqual(await files(), { 'greet.ts': '2', 'main.ts': '2', 'other.ts': '2' });
  assert.equal(normalize(await peek.locator('.peekview-title .meta').innerText()), 'References (6)');
  await page.keyboard.press('Escape');
  await peek.waitFor({ state: 'hidden' });
});

test('typing a call shows the parameter hints of the function', { skip, timeout: 90_000 }, async () => {
  const { page } = browser;
  await openFile(page, 'src/other.ts', "greet('Bob')");
  await waitForServer(page);
  await caretToEnd(page);
  await page.keyboard.type('greet(');
  const hints = page.locator('.monaco-editor .parameter-hints-widget.visible');
  await hints.waitFor({ timeout: LSP_TIMEOUT });
  await waitFor(async () => normalize(await hints.innerText()).includes('greet(name: string): string'), 'the signature in the hints');
  assert.equal(normalize(await hints.locator('.parameter.active').innerText()), 'name: string', 'the current parameter is highlighted');
  await page.keyboard.press('Escape');
  await hints.waitFor({ state: 'hidden' });
});

test('Shift+Alt+F formats the document, and Ctrl+S saves the formatted text', { skip, timeout: 90_000 }, async () => {
  const { page } = browser;
  await openFile(page, 'src/messy.ts', 'const sum=a+b;');
  await waitForServer(page);
  await clickWord(page, 1, 'export');
  await page.locator('.monaco-editor.focused').waitFor();
  await waitFor(async () => (await cursorLine(page)) === 1, 'the cursor on line 1');
  const formatted = 'export function add(a: number, b: number): number {\n    const sum = a + b;\n    return sum;\n}\n';
  await page.keyboard.press('Shift+Alt+F');
  await waitFor(async () => (await lineText(page, 2)) === '    const sum = a + b;', 'Format Document to reindent the body', LSP_TIMEOUT)
    .catch(async (e) => { throw new Error(`${e.message}; the editor shows ${JSON.stringify(await editorText(page))}`); });
  assert.equal(await lineText(page, 1), 'export function add(a: number, b: number): number {');
  assert.equal(await lineText(page, 3), '    return sum;');
  assert.equal(await tab(page, 'src/messy.ts').getAttribute('data-dirty'), 'true');
  await page.keyboard.press('Control+s');
  await waitFor(async () => (await readFile(server.path('src/messy.ts'), 'utf8')) === formatted, 'the formatted text on disk');
});

test('Ctrl+. offers the missing import as a quick fix and applies it', { skip, timeout: 90_000 }, async () => {
  const { page } = browser;
  await openFile(page, 'src/fix.ts', "greet('Eve')");
  await waitForServer(page);
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: LSP_TIMEOUT });
  await clickWord(page, 1, 'greet');
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget').first();
  const fix = menu.locator('.monaco-list-row', { hasText: 'Add import from "./greet"' });
  await fix.first().waitFor({ timeout: LSP_TIMEOUT });
  console.log(`# quick fixes: ${JSON.stringify(await menu.innerText())}`);
  await fix.first().click();
  await menu.waitFor({ state: 'hidden' });
  await waitFor(async () => /^import \{ greet \} from ['"]\.\/greet['"];?$/.test(await lineText(page, 1)),
    'the import to be added on line 1');
  await waitFor(async () => (await lineText(page, 3)) === "export const welcome = greet('Eve');", 'the code to stay below the import');
  await waitFor(async () => (await page.locator('.monaco-editor .squiggly-error').count()) === 0, 'the error to go away', LSP_TIMEOUT);
});

test('the Outline lists the symbols of the file and a click reveals one', { skip, timeout: 90_000 }, async () => {
  const { page } = browser;
  await openFile(page, 'src/greet.ts', 'export class Greeter');
  await waitForServer(page);
  await clickWord(page, 1, 'export');
  await page.locator('[data-testid="activity-outline"]').click();
  try {
    const item = (name) => page.locator(`[data-testid="outline-view"] [data-testid="outline-item"][data-name="${name}"]`);
    await item('Greeter').waitFor({ timeout: LSP_TIMEOUT });
    assert.equal(await page.locator('[data-testid="outline-file"]').innerText(), 'greet.ts');
    const names = await page.locator('[data-testid="outline-item"] .tree-label').allInnerTexts();
    for (const name of ['Person', 'greet', 'Greeter', 'hail']) assert.ok(names.includes(name), `${name} in the Outline: ${names}`);
    assert.equal(await item('hail').getAttribute('data-line'), '12');

    await item('Greeter').click();
    await waitFor(async () => (await cursorLine(page)) === 9, 'the cursor on class Greeter (line 9)');
    await item('hail').click();
    await waitFor(async () => (await cursorLine(page)) === 12, 'the cursor on hail (line 12)');
  } finally {
    // The other tests open files from the Explorer.
    await page.locator('[data-testid="activity-explorer"]').click();
  }
});

/** The pids of typescript-language-server processes started in `cwd` (the test's workspace). */
async function serverPids(cwd) {
  const pids = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
      if (!cmdline.some((a) => a.endsWith('typescript-language-server') || a.includes('typescript-language-server/lib/cli'))) continue;
      if ((await readlink(`/proc/${pid}/cwd`)) === cwd) pids.push(Number(pid));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

test('the status bar follows a crash of the server and diagnostics work again after its restart', { skip, timeout: 120_000 }, async () => {
  const { page } = browser;
  await openFile(page, 'src/broken.ts', 'not a number');
  const status = page.locator('[data-testid="status-language-server"]');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: LSP_TIMEOUT });
  await waitForServer(page);
  assert.equal(normalize(await status.innerText()).trim(), 'typescript');

  // Every text the item shows from now on.
  await status.evaluate((el) => {
    window.lsTexts = [];
    new MutationObserver(() => window.lsTexts.push(`${el.dataset.tone}|${el.textContent.trim()}`))
      .observe(el, { childList: true, subtree: true, characterData: true, attributes: true });
  });
  const pids = await serverPids(server.workspace);
  assert.equal(pids.length, 1, `one typescript-language-server in the workspace: ${pids}`);
  process.kill(pids[0], 'SIGKILL');

  await waitFor(async () => (await page.evaluate(() => window.lsTexts)).some((t) => /: (crashed|restarting)$/.test(t)),
    'the item to show the crash', LSP_TIMEOUT);
  await waitFor(async () => (await status.getAttribute('data-tone')) === 'ready', 'the item to be ready again', LSP_TIMEOUT);
  const seen = await page.evaluate(() => window.lsTexts);
  console.log(`# status texts: ${JSON.stringify(seen)}`);
  assert.equal(normalize(await status.innerText()).trim(), 'typescript');
  assert.match(await status.getAttribute('title'), /restarted 1 time/);
  const restarted = await serverPids(server.workspace);
  assert.equal(restarted.length, 1, `a new typescript-language-server: ${restarted}`);
  assert.notEqual(restarted[0], pids[0]);

  // The new process has the document: a new error gets its squiggle.
  await caretToEnd(page);
  await page.keyboard.type('export const label: string = 42;');
  await waitFor(async () => (await squiggledLines(page)).includes(2), 'a squiggle on the new error from the restarted server', LSP_TIMEOUT);
  assert.deepEqual(await squiggledLines(page), [1, 2], 'both errors squiggled');
});

/** The 1-based lines of the active editor with an error squiggle. */
async function squiggledLines(page) {
  return page.evaluate(() => {
    const tops = [...document.querySelectorAll('.monaco-editor .view-lines .view-line')].map((l) => parseFloat(l.style.top)).sort((a, b) => a - b);
    const lines = [...document.querySelectorAll('.monaco-editor .view-overlays .squiggly-error')]
      .map((s) => tops.indexOf(parseFloat(s.parentElement.style.top)) + 1);
    return [...new Set(lines)].sort((a, b) => a - b);
  });
}
