// The objective check after an AI edit, end to end with a real typescript-language-server: the
// medium model's edit of a selection is reviewed and saved, the language server then reports a
// type error the file did not have, and the browser asks the same edit of the same lines again
// one tier up with that error; the large model's edit is reviewed and saved. Missing servers fail
// the run in CI and skip elsewhere.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { acceptAndSave, aiSession, editWithAi } from './ai-upstream.mjs';
import { editorText, quickOpen, requireLanguageServer, typescriptServer, waitFor } from './harness.mjs';

const { skip } = typescriptServer;

let session;

before(async () => {
  if (!requireLanguageServer()) return;
  session = await aiSession({
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', noEmit: true }, include: ['src'] }),
    // One error to begin with: only errors the edit adds count.
    'src/n.ts': 'export const n: number = 1;\nexport const label: string = 3;\n',
  });
});

after(async () => {
  await session?.close();
});

test('an edit that leaves a new type error is asked again one tier up', { skip, timeout: 180_000 }, async () => {
  const { page } = session.browser;
  const { server, upstream } = session;
  await quickOpen(page, 'src/n.ts');
  await waitFor(async () => (await editorText(page)).includes('number = 1'), 'the editor to show n.ts');
  // The language server has checked the file before the edit.
  await waitFor(async () => (await page.locator('[data-testid="status-problems"]').getAttribute('data-errors')) === '1',
    'the error the file has to begin with', 60_000);

  // The first line only: the escalated request must cover it too, not the whole file.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+End');
  await editWithAi(page, 'BREAK_TYPES: make n two');
  await acceptAndSave(page);
  await waitFor(async () => (await readFile(server.path('src/n.ts'), 'utf8')).includes("'two'"), 'the first edit saved', 10_000);
  await waitFor(async () => (await page.locator('[data-testid="status-problems"]').getAttribute('data-errors')) === '2',
    'the type error of the first edit', 60_000);

  // No click: the browser saw the new error and asked again, one tier up.
  await acceptAndSave(page);
  await waitFor(async () => (await readFile(server.path('src/n.ts'), 'utf8')) === 'export const n: number = 2;\nexport const label: string = 3;\n',
    'the escalated edit saved', 30_000);
  const edits = upstream.requests.filter((r) => r.messages.some((m) => m.role === 'system' && m.content.includes('You edit one file')));
  assert.deepEqual(edits.map((r) => r.model), ['local-medium', 'local-large']);
  const asked = edits[1].messages.find((m) => m.role === 'user').content;
  assert.match(edits[0].messages.find((m) => m.role === 'user').content, /Lines 1-1 of src\/n\.ts/);
  assert.match(asked, /Lines 1-1 of src\/n\.ts/);
  assert.match(asked, /not assignable to type 'number'/);
  assert.doesNotMatch(asked, /not assignable to type 'string'/); // the error the file had before is not the edit's
  await waitFor(async () => (await page.locator('[data-testid="status-problems"]').getAttribute('data-errors')) === '1',
    'only the first error left after the second edit', 60_000);
});
