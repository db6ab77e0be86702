// Inline completion: typing in a file shows the scripted model's completion as ghost text, Tab
// inserts it (without the closing brace the file already has), and AI: Toggle Inline Completion
// turns it off; with the suggest widget open Tab takes its item instead, as in VS Code; typing in
// the git diff of a file asks for none.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { aiSession } from './ai-upstream.mjs';
import { editorText, openFile, waitFor } from './harness.mjs';

let session;
before(async () => {
  session = await aiSession({ 'add.js': 'function add(a, b) {\n  \n}\n', 'sub.js': 'function sub(a, b) {\n  \n}\n',
    'mul.js': 'function mul(a, b) {\n  \n}\nconst absolute = 1;\n' });
  const git = (...args) => execFileSync('git', args, { cwd: session.server.workspace });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=Stratus Tester', '-c', 'user.email=tester@example.com', 'commit', '-q', '-m', 'Add and subtract');
});
after(async () => {
  await session?.close();
});

/** Puts the caret at the end of line 2 (inside the function body). */
async function caretInBody(page) {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('[data-testid="command-palette"] [data-testid="quick-input"]').fill(title);
  await page.locator('[data-testid="command-palette"] [data-testid="quick-item"]').first().waitFor();
  await page.keyboard.press('Enter');
}

test('typing shows the model\'s completion as ghost text and Tab inserts it', async () => {
  const { page } = session.browser;
  await openFile(page, 'add.js', 'function add');
  await caretInBody(page);
  await page.keyboard.type('return ');

  const ghost = page.locator('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text');
  await ghost.first().waitFor({ timeout: 15_000 });
  assert.equal((await ghost.allInnerTexts()).join('').replace(/\u00a0/g, ' '), 'a + b;');
  const asked = session.upstream.completions.at(-1);
  assert.equal(asked.prompt, 'function add(a, b) {\n  return ');
  assert.equal(asked.suffix, '\n}\n');

  await page.keyboard.press('Tab');
  await waitFor(async () => (await editorText(page)).includes('return a + b;'), 'Tab to insert the completion');
  assert.match(await editorText(page), /return a \+ b;\n\}\n?$/);
  assert.doesNotMatch(await editorText(page), /\}\n\}/, 'the brace the file has is not inserted twice');
});

test('AI: Toggle Inline Completion turns it off, and on again', async () => {
  const { page } = session.browser;
  await runCommand(page, 'AI: Toggle Inline Completion');
  await page.getByText('AI inline completion is off.').waitFor();

  const asked = session.upstream.completions.length;
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('function sub(a, b) {\n  return ');
  // Well past the 300 ms pause after which a completion would have been asked, were it on.
  await page.waitForTimeout(1_500);
  await runCommand(page, 'AI: Toggle Inline Completion');
  await page.getByText('AI inline completion is on.').waitFor();
  assert.equal(session.upstream.completions.length, asked, 'nothing was asked while it was off');

  // Back after "return " (the line above the closing brace), typing there asks again.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(' ');
  const ghost = page.locator('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text');
  await ghost.first().waitFor({ timeout: 15_000 });
  assert.ok(session.upstream.completions.length > asked);
});

test('with the suggest widget open as well, Tab accepts the widget\'s item, not the ghost text', async () => {
  const { page } = session.browser;
  await openFile(page, 'mul.js', 'function mul');
  await caretInBody(page);
  await page.keyboard.type('return ');
  const ghost = page.locator('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text');
  await waitFor(async () => (await ghost.allInnerTexts()).join('').replace(/\u00a0/g, ' ') === 'a + b;', 'the ghost text', 15_000);

  // Words of the file (or the language's own items): the widget opens on the empty word after "return ".
  await page.keyboard.press('Control+Space');
  const focused = page.locator('.suggest-widget.visible .monaco-list-row.focused .label-name');
  await focused.waitFor();
  const item = (await focused.innerText()).trim();
  await page.keyboard.press('Tab');
  await page.locator('.suggest-widget.visible').waitFor({ state: 'detached' });
  await waitFor(async () => (await editorText(page)).split('\n')[1] === `  return ${item}`, `Tab to insert ${item}`);
  assert.doesNotMatch(await editorText(page), /a \+ b/, 'the ghost text is not inserted too');
});

test('typing in the git diff of a file shows no ghost text and asks for no completion', async () => {
  const { page } = session.browser;
  await writeFile(session.server.path('sub.js'), 'function sub(a, b) {\n  \n}\n// subtracts\n');
  await page.keyboard.press('Control+Shift+G');
  const row = page.locator('[data-testid="scm-group-changes"] [data-testid="scm-row"][data-path="sub.js"]');
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  const diff = page.locator('[data-testid="diff-view"][data-path="sub.js"]');
  const modified = diff.locator('.modified-in-monaco-diff-editor');
  await waitFor(async () => (await modified.locator('.view-lines').innerText()).includes('subtracts'), 'the diff of sub.js');

  const asked = session.upstream.completions.length;
  await modified.locator('.view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.type('return ');
  await waitFor(async () => (await modified.locator('.view-lines').innerText()).includes('return'), 'the typing to reach the diff');
  // Well past the 300 ms pause after which a completion would be asked, were it asked there.
  await page.waitForTimeout(1_500);
  assert.equal(await diff.locator('.ghost-text-decoration, .ghost-text').count(), 0, 'no ghost text in the diff');
  assert.equal(session.upstream.completions.length, asked, 'no completion was asked for the diff');
  await page.locator('[data-testid="diff-close"]').click();
  await diff.waitFor({ state: 'detached' });
});
