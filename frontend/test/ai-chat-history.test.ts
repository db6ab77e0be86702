// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatView } from '../src/ai/chat-view';
import type { AiConversation } from '../src/rpc/ai-client';
import { RpcError } from '../src/rpc/errors';
import { all, memoryStorage, q, setup, storageWithout, type FakeServer } from './ai-chat-fixture';

afterEach(() => {
  document.body.replaceChildren();
});

describe('deleting a conversation from the history', () => {
  const conversation = (id: string, question: string): AiConversation => ({ id, title: question, messages: [
    { role: 'user', text: question }, { role: 'assistant', text: `About ${question}.` }] });

  function withHistory(storage = memoryStorage()) {
    const s = setup({ storage, server: {
      conversations: [{ id: 'c2', title: 'second', updated: 2 }, { id: 'c1', title: 'first', updated: 1 }],
      stored: { c1: conversation('c1', 'first'), c2: conversation('c2', 'second') } } as Partial<FakeServer> });
    return { ...s, storage };
  }

  async function openHistory(view: ChatView): Promise<void> {
    const toggle = q(view.el, 'ai-history-toggle')!;
    if (!q(view.el, 'ai-history')!.hidden) toggle.click();
    toggle.click();
    await vi.waitFor(() => expect(all(view.el, 'ai-history-item').length).toBeGreaterThan(0));
  }

  const rowIds = (view: ChatView) => all(view.el, 'ai-history-item').map((i) => i.dataset.id);
  const deleteButton = (view: ChatView, id: string) => view.el.querySelector(`[data-testid="ai-history-item"][data-id="${id}"]`)!
    .parentElement!.querySelector<HTMLElement>('[data-testid="ai-history-delete"]')!;
  const dialogButton = async (id: 'ok' | 'cancel') => {
    await vi.waitFor(() => expect(document.querySelector(`[data-testid="dialog-btn-${id}"]`)).not.toBeNull());
    document.querySelector<HTMLElement>(`[data-testid="dialog-btn-${id}"]`)!.click();
  };

  it('offers a labelled trash button per row and deletes only after the user confirms', async () => {
    const { view, server } = withHistory();
    await openHistory(view);
    const button = deleteButton(view, 'c1');
    expect(button.getAttribute('aria-label')).toBe('Delete conversation');
    expect(button.querySelector('.codicon-trash')).not.toBeNull();
    button.click();
    expect(document.querySelector('[data-testid="dialog-message"]')!.textContent).toContain('"first"');
    await dialogButton('cancel');
    expect(server.calls.filter(([m]) => m === 'deleteConversation')).toEqual([]);
    expect(rowIds(view)).toEqual(['c2', 'c1']);

    deleteButton(view, 'c1').click();
    await dialogButton('ok');
    await vi.waitFor(() => expect(rowIds(view)).toEqual(['c2']));
    expect(server.calls).toContainEqual(['deleteConversation', 'c1']);
    expect(q(view.el, 'ai-history')!.hidden).toBe(false);
    deleteButton(view, 'c2').click();
    await dialogButton('ok');
    await vi.waitFor(() => expect(q(view.el, 'ai-history')!.textContent).toBe('No conversations in this workspace yet.'));
  });

  it('clears the panel and forgets the conversation when it is the one open, so a reload does not reopen it', async () => {
    const storage = memoryStorage();
    const { view, server } = withHistory(storage);
    await openHistory(view);
    all(view.el, 'ai-history-item').find((i) => i.dataset.id === 'c1')!.click();
    await vi.waitFor(() => expect(all(view.el, 'ai-message')).toHaveLength(2));
    await openHistory(view);
    deleteButton(view, 'c1').click();
    await dialogButton('ok');
    await vi.waitFor(() => expect(all(view.el, 'ai-message')).toEqual([]));
    expect(rowIds(view)).toEqual(['c2']);

    // The next message starts a new conversation rather than continue the deleted one.
    server.chat = async () => ({ conversationId: 'c3', requestId: 'r9' });
    await view.ask('Something new');
    expect(server.calls.at(-1)).toEqual(['chat', expect.objectContaining({ conversationId: undefined })]);
    // A reload looks for no conversation: the deleted one was the one remembered.
    server.conversations.push({ id: 'c1', title: 'first', updated: 1 });
    const after = setup({ storage: storageWithout(storage, 'c3'), server: { conversations: server.conversations,
      stored: { c1: conversation('c1', 'first') } } as Partial<FakeServer> });
    after.view.shown();
    await new Promise((r) => setTimeout(r, 20));
    expect(after.server.calls.filter(([m]) => m === 'conversation')).toEqual([]);
  });

  it('shows a reopened answer\'s notices as they were shown live', async () => {
    const s = setup({ server: { conversations: [{ id: 'c1', title: 'first', updated: 1 }], stored: { c1: { id: 'c1', title: 'first',
      messages: [{ role: 'user', text: 'Explain' }, { role: 'assistant', text: 'It does', notices: [
        { kind: 'fallback', message: 'No small model answered; answering with the medium tier.', at: 0, step: 1 },
        { kind: 'length', message: 'The answer reached its length limit (8192 tokens) and stops there, unfinished.', at: 7, step: 1 }],
      }] } } } as Partial<FakeServer> });
    await openHistory(s.view);
    all(s.view.el, 'ai-history-item')[0].click();
    await vi.waitFor(() => expect(all(s.view.el, 'ai-message')).toHaveLength(2));
    const answer = all(s.view.el, 'ai-message')[1];
    expect(all(answer, 'ai-notice').map((n) => `${n.dataset.kind}: ${n.textContent}`)).toEqual([
      'fallback: No small model answered; answering with the medium tier.',
      'length: The answer reached its length limit (8192 tokens) and stops there, unfinished.']);
    expect(answer.textContent).toMatch(/tier\.It does.*length limit/);
  });

  it('offers Try again under a reopened last answer that did not come, and asks it in its place', async () => {
    const stopped = { id: 'c1', title: 'stopped', messages: [
      { role: 'user', text: 'Explain' }, { role: 'assistant', text: 'It does' },
      { role: 'user', text: 'Document it', task: 'document' },
      { role: 'assistant', text: 'Sure\n\n*Stopped before the answer was finished.*', requestId: 'r-old', ended: 'stopped' }] };
    const s = setup({ server: { conversations: [{ id: 'c1', title: 'stopped', updated: 1 }], stored: { c1: stopped } } as Partial<FakeServer> });
    await openHistory(s.view);
    all(s.view.el, 'ai-history-item')[0].click();
    await vi.waitFor(() => expect(all(s.view.el, 'ai-message')).toHaveLength(4));
    expect(all(s.view.el, 'ai-retry')).toHaveLength(1);
    expect(q(all(s.view.el, 'ai-message')[3], 'ai-retry')).not.toBeNull();

    q(s.view.el, 'ai-retry')!.click();
    await vi.waitFor(() => expect(s.server.calls.filter(([m]) => m === 'chat')).toHaveLength(1));
    expect(s.server.calls.at(-1)).toEqual(['chat', expect.objectContaining({ conversationId: 'c1', message: 'Document it',
      task: 'document', retryOf: 'r-old' })]);
    expect(all(s.view.el, 'ai-message').map((m) => m.textContent)).toEqual(['Explain', expect.stringContaining('It does'),
      'Document it', expect.not.stringContaining('Stopped')]);
    expect(document.activeElement).toBe(q(s.view.el, 'ai-input'));
  });

  it('asks a reopened question again with what it was asked with, not with what the panel holds now', async () => {
    const context = { paths: ['src/retry.ts'], selection: { path: 'src/retry.ts', startLine: 3, endLine: 4, text: 'const policy = {' },
      diagnostics: [{ path: 'src/retry.ts', line: 3, severity: 'error', message: 'policy is never read' }] };
    const failed: AiConversation = { id: 'c1', title: 'failed', messages: [
      { role: 'user', text: 'Why is this unused?', context },
      { role: 'assistant', text: '*Interrupted before any answer was written.*', requestId: 'r-old', ended: 'interrupted' }] };
    const s = setup({ server: { conversations: [{ id: 'c1', title: 'failed', updated: 1 }], stored: { c1: failed } } as Partial<FakeServer> });
    await openHistory(s.view);
    all(s.view.el, 'ai-history-item')[0].click();
    await vi.waitFor(() => expect(all(s.view.el, 'ai-retry')).toHaveLength(1));
    q(s.view.el, 'ai-retry')!.click();
    await vi.waitFor(() => expect(s.server.calls.filter(([m]) => m === 'chat')).toHaveLength(1));
    expect(s.server.calls.at(-1)).toEqual(['chat', expect.objectContaining({ message: 'Why is this unused?', context, retryOf: 'r-old' })]);

    // Asked with nothing then: with nothing again.
    s.server.stored.c1 = { ...failed, messages: [{ role: 'user', text: 'Hello', context: {} }, failed.messages[1]] };
    await openHistory(s.view);
    all(s.view.el, 'ai-history-item')[0].click();
    await vi.waitFor(() => expect(all(s.view.el, 'ai-message')[0].textContent).toBe('Hello'));
    q(s.view.el, 'ai-retry')!.click();
    await vi.waitFor(() => expect(s.server.calls.filter(([m]) => m === 'chat')).toHaveLength(2));
    expect(s.server.calls.at(-1)).toEqual(['chat', expect.objectContaining({ message: 'Hello', context: {} })]);
  });

  it('offers no Try again under a reopened answer that completed, failed for good, or is not the last', async () => {
    const conversation = (id: string, messages: AiConversation['messages']) => ({ id, title: id, messages });
    const s = setup({ server: { conversations: [{ id: 'done', title: 'done', updated: 3 }, { id: 'big', title: 'big', updated: 2 },
      { id: 'old', title: 'old', updated: 1 }], stored: {
      done: conversation('done', [{ role: 'user', text: 'Q' }, { role: 'assistant', text: 'A', requestId: 'r1' }]),
      big: conversation('big', [{ role: 'user', text: 'Q' }, { role: 'assistant', text: '*Failed: too large*', requestId: 'r2',
        ended: 'failed', errorCode: 1006 }]),
      old: conversation('old', [{ role: 'user', text: 'Q' }, { role: 'assistant', text: '*Stopped.*', requestId: 'r3', ended: 'stopped' },
        { role: 'user', text: 'Q2' }, { role: 'assistant', text: 'A2', requestId: 'r4' }]),
    } } as Partial<FakeServer> });
    for (const [id, last] of [['done', 'A'], ['big', 'too large'], ['old', 'A2']]) {
      await openHistory(s.view);
      all(s.view.el, 'ai-history-item').find((i) => i.dataset.id === id)!.click();
      await vi.waitFor(() => expect(all(s.view.el, 'ai-message').at(-1)!.textContent).toContain(last));
      expect(all(s.view.el, 'ai-retry')).toHaveLength(0);
    }
  });

  it('leaves the open conversation alone when another is deleted', async () => {
    const { view } = withHistory();
    await openHistory(view);
    all(view.el, 'ai-history-item').find((i) => i.dataset.id === 'c2')!.click();
    await vi.waitFor(() => expect(all(view.el, 'ai-message')).toHaveLength(2));
    await openHistory(view);
    deleteButton(view, 'c1').click();
    await dialogButton('ok');
    await vi.waitFor(() => expect(rowIds(view)).toEqual(['c2']));
    expect(all(view.el, 'ai-message')).toHaveLength(2);
  });

  it('keeps the row and says why when the server refuses, and removes it when it was gone already', async () => {
    const { view, server } = withHistory();
    await openHistory(view);
    server.refuseDelete = new RpcError(1009, 'The assistant is not running');
    deleteButton(view, 'c1').click();
    await dialogButton('ok');
    await vi.waitFor(() => expect(document.body.textContent).toContain('Cannot delete the conversation'));
    expect(rowIds(view)).toEqual(['c2', 'c1']);
    server.refuseDelete = new RpcError(1001, 'No such conversation');
    deleteButton(view, 'c1').click();
    await dialogButton('ok');
    await vi.waitFor(() => expect(rowIds(view)).toEqual(['c2']));
  });
});

describe('exporting a conversation as Markdown', () => {
  const stored: AiConversation = { id: 'c1', title: 'Why: does a/b fail?', messages: [
    { role: 'user', text: 'Why does a/b fail?' },
    { role: 'assistant', text: 'Because.\n\n```js\nconsole.log(1);\n```',
      route: { tier: 'small', deployment: 'local-small', model: 'qwen', reasons: [], fallbacks: [] },
      usage: { promptTokens: 10, completionTokens: 3 }, requestId: 'r1' }] };

  function withConversation() {
    return setup({ server: { conversations: [{ id: 'c1', title: stored.title, updated: 1 }], stored: { c1: stored } } as Partial<FakeServer> });
  }

  async function openHistory(view: ChatView): Promise<void> {
    const toggle = q(view.el, 'ai-history-toggle')!;
    if (!q(view.el, 'ai-history')!.hidden) toggle.click();
    toggle.click();
    await vi.waitFor(() => expect(all(view.el, 'ai-history-item').length).toBeGreaterThan(0));
  }

  it('has a labelled button in the header, disabled until a conversation is shown', async () => {
    const { view, server, download } = withConversation();
    const button = q(view.el, 'ai-export') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).toBe('Export conversation as Markdown');
    expect(button.closest('.view-toolbar')).not.toBeNull();
    expect(button.disabled).toBe(true);

    server.chat = async () => ({ conversationId: 'c1', requestId: 'r1' });
    await view.ask('Why does a/b fail?');
    expect(button.disabled).toBe(false);
    button.click();
    await vi.waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    const [name, text] = download.mock.calls[0];
    expect(name).toBe('Why- does a-b fail.md');
    expect(text).toMatch(/^# Why: does a\/b fail\?\n\nExported .* UTC from the workspace payments-api\.\n/);
    expect(text).toContain('**You**\n\nWhy does a/b fail?');
    expect(text).toContain('**Assistant**\n\n*Route: small tier · model `qwen` · deployment `local-small` · 10 + 3 tokens*\n\n'
      + 'Because.\n\n```js\nconsole.log(1);\n```');
    expect(server.calls).toContainEqual(['conversation', 'c1']);
    // The answer ended and was kept while the conversation was read: it is not written twice.
    expect(text).not.toContain('Still being written');
    expect(text.split('**You**')).toHaveLength(2);

    view.newChat();
    expect(button.disabled).toBe(true);
  });

  it('exports any conversation from its History row, by keyboard too', async () => {
    const { view, download } = withConversation();
    await openHistory(view);
    const row = q(view.el, 'ai-history-item')!.parentElement!;
    const button = row.querySelector<HTMLButtonElement>('[data-testid="ai-history-export"]')!;
    expect(button.tagName).toBe('BUTTON');
    expect(button.getAttribute('aria-label')).toBe('Export conversation as Markdown');
    expect(button.tabIndex).toBe(0);
    button.click();
    await vi.waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    expect(download.mock.calls[0][1]).toContain('Because.');
    // Exporting opens nothing: the list stays where the user is.
    expect(q(view.el, 'ai-history')!.hidden).toBe(false);
    expect(all(view.el, 'ai-message')).toEqual([]);
  });

  it('writes the answer being written as far as it has come, marked incomplete, in a new conversation and an old one', async () => {
    const { view, server, router, download } = withConversation();
    server.chat = async () => ({ conversationId: 'c2', requestId: 'r1' });
    await view.ask('Where is the retry policy set?');
    router.dispatch({ type: 'thinking', params: { requestId: 'r1', text: 'Look for the config.' } });
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'In `retry.ts`:\n\n```ts\nconst policy = {' } });
    router.dispatch({ type: 'notice', params: { requestId: 'r1', kind: 'fallback', message: 'small-a is rate limited; answering with small-b.' } });
    router.dispatch({ type: 'toolCall', params: { requestId: 'r1', callId: 'k1', name: 'read_file', arguments: { path: 'src/retry.ts' },
      requiresApproval: false, state: 'running', step: 1, index: 0 } });

    // The new conversation is kept only once its first answer ends: the export has it all the same.
    q(view.el, 'ai-export')!.click();
    await vi.waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    let [name, text] = download.mock.calls[0];
    expect(name).toBe('Where is the retry policy set.md');
    expect(text).toMatch(/^# Where is the retry policy set\?\n\nExported /);
    expect(text).toContain('---\n\n**You**\n\nWhere is the retry policy set?\n\n---\n\n**Assistant**\n\n'
      + '*Still being written when this was exported: the answer below is incomplete.*\n\n');
    expect(text).toContain('<summary>Thinking</summary>\n\n```text\nLook for the config.\n```');
    // The code block it is in the middle of is closed, so nothing after it is swallowed.
    expect(text).toContain('In `retry.ts`:\n\n```ts\nconst policy = {\n```\n\nTool steps:\n- `read_file` (running): `{"path":"src/retry.ts"}`');
    expect(text).toContain('> **Fallback:** small-a is rate limited; answering with small-b.');
    expect(view.el.querySelector('[data-testid="ai-message"]')).not.toBeNull();

    // Finished and kept, the next export is the conversation as kept.
    router.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: 'c2' } });
    server.stored.c2 = { id: 'c2', title: 'Where is the retry policy set?', messages: [
      { role: 'user', text: 'Where is the retry policy set?' }, { role: 'assistant', text: 'In `retry.ts`.', requestId: 'r1' }] };
    q(view.el, 'ai-export')!.click();
    await vi.waitFor(() => expect(download).toHaveBeenCalledTimes(2));
    text = download.mock.calls[1][1];
    expect(text).not.toContain('Still being written');
    expect(text).toContain('**Assistant**\n\nIn `retry.ts`.');

    // A further question in an old conversation: what it kept, then the turn being answered.
    await openHistory(view);
    all(view.el, 'ai-history-item').find((i) => i.textContent?.includes('Why'))!.click();
    await vi.waitFor(() => expect(all(view.el, 'ai-message')).toHaveLength(2));
    server.chat = async () => ({ conversationId: 'c1', requestId: 'r2' });
    await view.ask('And b/c?');
    router.dispatch({ type: 'delta', params: { requestId: 'r2', text: 'Also because' } });
    q(view.el, 'ai-export')!.click();
    await vi.waitFor(() => expect(download).toHaveBeenCalledTimes(3));
    text = download.mock.calls[2][1];
    expect(text.indexOf('Because.')).toBeGreaterThan(0);
    expect(text.indexOf('**You**\n\nAnd b/c?')).toBeGreaterThan(text.indexOf('Because.'));
    expect(text).toMatch(/\*Still being written when this was exported: the answer below is incomplete\.\*\n\nAlso because\n$/);
  });

  it('says why and writes no file when the conversation was deleted in another tab', async () => {
    const { view, server, download } = withConversation();
    await openHistory(view);
    all(view.el, 'ai-history-item')[0].click();
    await vi.waitFor(() => expect(all(view.el, 'ai-message')).toHaveLength(2));
    delete server.stored.c1;
    server.conversations = [];
    // An error toast is also logged: an earlier test's page took the toasts' host away.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    q(view.el, 'ai-export')!.click();
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith('Cannot export the conversation: Not found (No conversation c1)'));
    warn.mockRestore();
    expect(download).not.toHaveBeenCalled();
    expect(q(view.el, 'ai-conversation-gone')).not.toBeNull();
    expect((q(view.el, 'ai-export') as HTMLButtonElement).disabled).toBe(true);
  });
});
