// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AiConversation } from '../src/rpc/ai-client';
import { RpcError } from '../src/rpc/errors';
import { all, memoryStorage, q, setup, type FakeServer } from './ai-chat-fixture';

afterEach(() => {
  document.body.replaceChildren();
});

describe('an answer whose connection dropped', () => {
  it('waits for the connection, then is taken up and shown whole once, not cut', async () => {
    const { view, server, router } = setup({ server: { resume: async (id) => ({ conversationId: 'c1', requestId: id }) } as Partial<FakeServer> });
    await view.ask('Explain the build');
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'The build ' } });
    view.connectionLost();
    await vi.waitFor(() => expect(q(view.el, 'ai-progress')!.textContent).toContain('Connection lost: reconnecting'));
    // Still being written: Stop stays, nothing says it failed, nothing offers Try again.
    expect(q(view.el, 'ai-stop')!.hidden).toBe(false);
    expect(q(view.el, 'ai-error')).toBeNull();
    expect(q(view.el, 'ai-retry')).toBeNull();

    view.connected();
    await vi.waitFor(() => expect(server.calls).toContainEqual(['resume', 'r1']));
    // The server sends the answer so far again (its text in one run), then the rest.
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'The build runs Maven' } });
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: ', then npm.' } });
    router.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: 'c1', usage: { promptTokens: 3, completionTokens: 5 } } });
    await vi.waitFor(() => expect(view.el.dataset.state).toBe('idle'));
    expect(all(view.el, 'ai-message')).toHaveLength(2);
    expect(all(view.el, 'ai-message')[1].textContent).toContain('The build runs Maven, then npm.');
    expect(all(view.el, 'ai-message')[1].textContent).not.toContain('The build The build');
    expect(q(view.el, 'ai-error')).toBeNull();
  });

  it('says it was cut, and offers Try again, when it cannot be taken up', async () => {
    const { view, server, router } = setup({ server: { resume: async () => { throw new RpcError(1009, 'The assistant is not running'); } } as Partial<FakeServer> });
    await view.ask('Explain the build');
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'The build ' } });
    view.connectionLost();
    view.connected();
    await vi.waitFor(() => expect(q(view.el, 'ai-error')).not.toBeNull());
    expect(server.calls).toContainEqual(['resume', 'r1']);
    expect(q(view.el, 'ai-error')!.textContent).toContain('connection to the workspace was lost');
    expect(q(view.el, 'ai-retry')).not.toBeNull();
    expect(view.el.dataset.state).toBe('idle');
  });

  it('stopped while the connection is down, is stopped on the server once it is back', async () => {
    const { view, server, router } = setup({ server: { resume: async (id) => ({ conversationId: 'c1', requestId: id }) } as Partial<FakeServer> });
    await view.ask('Explain the build');
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'The build ' } });
    view.connectionLost();
    await view.cancel();
    // Stopped at once on the page, as Stop always does; the server hears of it when it can.
    expect(view.el.dataset.state).toBe('idle');
    expect(server.calls.filter(([m]) => m === 'cancel')).toEqual([]);
    view.connected();
    await vi.waitFor(() => expect(server.calls.slice(-2)).toEqual([['resume', 'r1'], ['cancel', 'r1']]));
    // What the server sends again goes nowhere: the stopped answer stays as it was.
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'The build runs Maven' } });
    expect(all(view.el, 'ai-message')[1].textContent).not.toContain('runs Maven');
  });

  it('that had not started yet is cut at once: there is nothing to take up', async () => {
    let reply: (v: { conversationId: string; requestId: string }) => void = () => undefined;
    const { view, server } = setup({ server: { chat: () => new Promise((r) => { reply = r; }) } as Partial<FakeServer> });
    void view.ask('Explain the build');
    await vi.waitFor(() => expect(server.calls).toHaveLength(1));
    view.connectionLost();
    await vi.waitFor(() => expect(q(view.el, 'ai-error')).not.toBeNull());
    reply({ conversationId: 'c1', requestId: 'r1' });
    expect(server.calls.some(([m]) => m === 'resume')).toBe(false);
  });
});

describe('an answer being written when the page was reloaded', () => {
  const earlier: AiConversation = { id: 'c1', title: 'build', messages: [
    { role: 'user', text: 'What builds this?' }, { role: 'assistant', text: 'Maven.', requestId: 'r0' }] };

  it('is taken up by the reloaded page: its question and the answer, going on', async () => {
    const storage = memoryStorage();
    const session = memoryStorage();
    const before = setup({ storage, session, server: { chat: async () => ({ conversationId: 'c1', requestId: 'r7' }) } as Partial<FakeServer> });
    await before.view.ask('And the tests?');
    before.view.el.remove();

    const after = setup({ storage, session, server: { conversations: [{ id: 'c1', title: 'build', updated: 1 }], stored: { c1: earlier },
      resume: async (id) => ({ conversationId: 'c1', requestId: id }) } as Partial<FakeServer> });
    after.view.shown();
    await vi.waitFor(() => expect(after.server.calls).toContainEqual(['resume', 'r7']));
    await vi.waitFor(() => expect(all(after.view.el, 'ai-message').map((m) => m.textContent?.slice(0, 16)))
      .toEqual(['What builds this', expect.stringContaining('Maven.'), 'And the tests?', expect.any(String)]));
    expect(after.view.el.dataset.state).toBe('answering');
    after.router.dispatch({ type: 'delta', params: { requestId: 'r7', text: 'Run mvn verify.' } });
    after.router.dispatch({ type: 'done', params: { requestId: 'r7', conversationId: 'c1' } });
    await vi.waitFor(() => expect(after.view.el.dataset.state).toBe('idle'));
    expect(all(after.view.el, 'ai-message').at(-1)!.textContent).toContain('Run mvn verify.');

    // Ended: a later reload has nothing to take up.
    after.view.el.remove();
    const again = setup({ storage, session, server: { conversations: [{ id: 'c1', title: 'build', updated: 1 }], stored: { c1: earlier } } as Partial<FakeServer> });
    again.view.shown();
    await vi.waitFor(() => expect(all(again.view.el, 'ai-message')).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 20));
    expect(again.server.calls.some(([m]) => m === 'resume')).toBe(false);
  });

  it('is not asked for when the conversation already keeps it', async () => {
    const storage = memoryStorage();
    const session = memoryStorage();
    const before = setup({ storage, session, server: { chat: async () => ({ conversationId: 'c1', requestId: 'r0' }) } as Partial<FakeServer> });
    await before.view.ask('What builds this?');
    before.view.el.remove();
    const after = setup({ storage, session, server: { conversations: [{ id: 'c1', title: 'build', updated: 1 }], stored: { c1: earlier } } as Partial<FakeServer> });
    after.view.shown();
    await vi.waitFor(() => expect(all(after.view.el, 'ai-message')).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 20));
    expect(after.server.calls.some(([m]) => m === 'resume')).toBe(false);
    expect(after.view.el.dataset.state).not.toBe('answering');
  });
});
