// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AiConversation, AiStoredMessage } from '../src/rpc/ai-client';
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

  /**
   * An answer whose connection dropped, which the server then ended and kept as `kept` (a laptop
   * asleep past `resumeSeconds`): nothing is left to take up when the connection is back.
   */
  async function endedWhileAway(kept: AiStoredMessage) {
    const fixture = setup();
    const { view, server, router } = fixture;
    await view.ask('Explain the build');
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'The build ' } });
    view.connectionLost();
    server.stored.c1 = { id: 'c1', title: 'Explain the build', messages: [{ role: 'user', text: 'Explain the build' }, kept] };
    view.connected();
    await vi.waitFor(() => expect(view.el.dataset.state).toBe('idle'), { timeout: 4000 });
    expect(server.calls.filter(([m]) => m === 'resume')).not.toEqual([]);
    expect(server.calls).toContainEqual(['conversation', 'c1']);
    return fixture;
  }

  it('that ended while the page was away is shown as the conversation keeps it, not as cut', async () => {
    const { view, server } = await endedWhileAway({ role: 'assistant', text: 'The build runs Maven, then npm.', requestId: 'r1' });
    const shown = all(view.el, 'ai-message');
    expect(shown).toHaveLength(2);
    expect(shown[1].textContent).toContain('The build runs Maven, then npm.');
    expect(q(view.el, 'ai-error')).toBeNull();
    expect(q(view.el, 'ai-retry')).toBeNull();
    // The conversation goes on from there.
    await view.ask('And the tests?');
    expect(server.calls.filter(([m]) => m === 'chat').at(-1)).toEqual(['chat', expect.objectContaining({ conversationId: 'c1' })]);
  });

  it('that ended cut while the page was away offers Try again, with what the server kept of it', async () => {
    const { view } = await endedWhileAway({ role: 'assistant', text: 'The build runs Maven', requestId: 'r1', ended: 'interrupted' });
    expect(all(view.el, 'ai-message')[1].textContent).toContain('The build runs Maven');
    expect(q(view.el, 'ai-retry')).not.toBeNull();
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

  it('that ended while the page reloaded is shown as the conversation keeps it', async () => {
    const storage = memoryStorage();
    const session = memoryStorage();
    const before = setup({ storage, session, server: { chat: async () => ({ conversationId: 'c1', requestId: 'r7' }) } as Partial<FakeServer> });
    await before.view.ask('And the tests?');
    before.view.el.remove();

    const stored: Record<string, AiConversation> = { c1: earlier };
    const after = setup({ storage, session, server: { conversations: [{ id: 'c1', title: 'build', updated: 1 }], stored,
      // It ends, and is kept, between the page's reading the conversation and its asking for the answer.
      resume: async () => {
        stored.c1 = { ...earlier, messages: [...earlier.messages, { role: 'user', text: 'And the tests?' },
          { role: 'assistant', text: 'Run mvn verify.', requestId: 'r7' }] };
        throw new RpcError(1001, 'No answer is being written under that id');
      } } as Partial<FakeServer> });
    after.view.shown();
    await vi.waitFor(() => expect(all(after.view.el, 'ai-message')).toHaveLength(4), { timeout: 4000 });
    expect(all(after.view.el, 'ai-message')[3].textContent).toContain('Run mvn verify.');
    expect(after.view.el.dataset.state).not.toBe('answering');
    expect(q(after.view.el, 'ai-error')).toBeNull();
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
