// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatView } from '../src/ai/chat-view';
import type { AiConversation, AiStarted, AiStatus } from '../src/rpc/ai-client';
import { RpcError } from '../src/rpc/errors';
import { all, chips, key, memoryStorage, q, setup, suggestions, suggestOpen, type, type FakeServer } from './ai-chat-fixture';

afterEach(() => {
  document.body.replaceChildren();
});

describe('the @ mention suggestions', () => {
  it('offer @search with the files, and typing a search on loses no keystroke', async () => {
    const { view, input } = setup({ files: ['src/search.ts', 'src/main.ts'] });
    type(input, '@');
    await vi.waitFor(() => expect(suggestions(view)).toEqual(['search', 'src/search.ts', 'src/main.ts']));
    // Nothing takes the keyboard away from the input.
    expect(document.querySelector('[data-testid="quick-input"]')).toBeNull();
    type(input, 'se');
    await vi.waitFor(() => expect(suggestions(view)).toEqual(['search', 'src/search.ts']));
    type(input, 'arch UNIQUE_TOKEN_42 where?');
    expect(input.value).toBe('@search UNIQUE_TOKEN_42 where?');
    await new Promise((r) => setTimeout(r, 60));
    expect(suggestOpen(view)).toBe(false);
    expect(chips(view)).toEqual(['UNIQUE_TOKEN_42 where?']);
  });

  it('accept @search with Enter and leave the caret after it for the query', async () => {
    const { view, input, server } = setup();
    type(input, 'find @sea');
    await vi.waitFor(() => expect(suggestions(view)).toEqual(['search']));
    key(input, 'Enter');
    expect(input.value).toBe('find @search ');
    expect(server.calls).toEqual([]);
    type(input, 'loadConfig');
    expect(chips(view)).toEqual(['loadConfig']);
  });

  it('keep what was typed on Esc and do not come back for the same mention', async () => {
    const { view, input, server } = setup({ files: ['src/main.ts'] });
    type(input, 'see @ma');
    await vi.waitFor(() => expect(suggestOpen(view)).toBe(true));
    key(input, 'Escape');
    expect(suggestOpen(view)).toBe(false);
    expect(input.value).toBe('see @ma');
    type(input, 'in');
    await new Promise((r) => setTimeout(r, 60));
    expect(suggestOpen(view)).toBe(false);
    expect(input.value).toBe('see @main');
    // With the list gone, Enter sends the message as typed.
    key(input, 'Enter');
    await vi.waitFor(() => expect(server.calls).toHaveLength(1));
    expect(server.calls[0][1]).toMatchObject({ message: 'see @main' });
  });

  it('go away when nothing matches, leaving the text for Enter to send', async () => {
    const { view, input, server } = setup({ files: ['src/main.ts'] });
    type(input, 'what about @zz');
    await new Promise((r) => setTimeout(r, 60));
    expect(suggestOpen(view)).toBe(false);
    key(input, 'Enter');
    await vi.waitFor(() => expect(server.calls).toHaveLength(1));
    expect(server.calls[0][1]).toMatchObject({ message: 'what about @zz' });
  });

  it('insert a path with brackets or spaces so that it is attached whole', async () => {
    const { view, input, server } = setup({ files: ['src/app/[id]/page.tsx', 'src/my file.ts'] });
    type(input, 'compare @page');
    await vi.waitFor(() => expect(suggestions(view)).toEqual(['src/app/[id]/page.tsx']));
    key(input, 'Enter');
    type(input, 'with @my');
    await vi.waitFor(() => expect(suggestions(view)).toEqual(['src/my file.ts']));
    all(view.el, 'ai-mention-item')[0].dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
    expect(input.value).toBe('compare @"src/app/[id]/page.tsx" with @"src/my file.ts" ');
    expect(all(view.el, 'ai-context-mention').map((c) => c.textContent)).toEqual(['@src/app/[id]/page.tsx', '@src/my file.ts']);
    key(input, 'Enter');
    await vi.waitFor(() => expect(server.calls).toHaveLength(1));
    expect(server.calls[0][1]).toMatchObject({ context: { paths: ['src/app/[id]/page.tsx', 'src/my file.ts'] } });
  });
});

describe('following a streaming answer', () => {
  /** The messages' layout, which happy-dom does not compute: 300 px shown of `height`. */
  function layout(view: ChatView) {
    const m = q(view.el, 'ai-messages')!;
    const box = { height: 1000, top: 0 };
    Object.defineProperty(m, 'scrollHeight', { get: () => box.height });
    Object.defineProperty(m, 'clientHeight', { get: () => 300 });
    Object.defineProperty(m, 'scrollTop', { get: () => box.top, set: (v: number) => { box.top = Math.max(0, Math.min(v, box.height - 300)); } });
    const userScrolls = (top: number) => {
      box.top = top;
      m.dispatchEvent(new Event('scroll'));
    };
    return { box, userScrolls };
  }

  it('keeps following when a code block opens and adds a lot at once, and stops only when the user scrolls up', async () => {
    const { view, router } = setup();
    const { box, userScrolls } = layout(view);
    await view.ask('show me code');
    expect(box.top).toBe(700);
    // The fence opens: the answer grows by more than the old 80 px "near the end" margin in one render.
    box.height = 1081;
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'Here:\n\n```ts\nconst a = 1;\n' } });
    await vi.waitFor(() => expect(box.top).toBe(781));
    box.height = 1300;
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'const b = 2;\n' } });
    await vi.waitFor(() => expect(box.top).toBe(1000));
    userScrolls(600);
    box.height = 1400;
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'const c = 3;\n' } });
    await new Promise((r) => setTimeout(r, 50));
    expect(box.top).toBe(600);
    // Back at the end, the view follows again.
    userScrolls(1100);
    box.height = 1500;
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: '```\n' } });
    await vi.waitFor(() => expect(box.top).toBe(1200));
  });
});

describe('Stop and New chat before the request is named', () => {
  function held() {
    let release!: (s: AiStarted) => void;
    const chat = () => new Promise<AiStarted>((ok) => { release = ok; });
    return { chat, release: (s: AiStarted) => release(s) };
  }

  it('Stop cancels the request as soon as ai/chat names it', async () => {
    const hold = held();
    const { view, server, router } = setup({ server: { chat: hold.chat } });
    const asked = view.ask('long question');
    q(view.el, 'ai-stop')!.click();
    expect(q(view.el, 'ai-error')!.dataset.code).toBe('1011');
    expect(q(view.el, 'ai-send')!.hidden).toBe(false);
    expect(server.calls.filter(([m]) => m === 'cancel')).toEqual([]);
    hold.release({ conversationId: 'c1', requestId: 'r1' });
    await asked;
    expect(server.calls).toContainEqual(['cancel', 'r1']);
    // What the server still streams for it changes nothing.
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'late text' } });
    router.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: 'c1' } });
    expect(view.el.textContent).not.toContain('late text');
  });

  it('a late reply after New chat cancels its request and does not become the conversation', async () => {
    const hold = held();
    const { view, server } = setup({ server: { chat: hold.chat } });
    const asked = view.ask('first question', undefined, undefined);
    (q(view.el, 'ai-new') as HTMLButtonElement).click();
    hold.release({ conversationId: 'c-old', requestId: 'r1' });
    await asked;
    expect(server.calls).toContainEqual(['cancel', 'r1']);
    server.chat = async () => ({ conversationId: 'c-new', requestId: 'r2' });
    await view.ask('second question');
    expect(server.calls.filter(([m]) => m === 'chat').map(([, p]) => (p as { conversationId?: string }).conversationId))
      .toEqual([undefined, undefined]);
    await view.ask('third question');
    expect(server.calls.at(-1)).toEqual(['chat', expect.objectContaining({ conversationId: 'c-new' })]);
  });
});

describe('after a reload', () => {
  const stored: AiConversation = { id: 'c1', title: 'first', messages: [
    { role: 'user', text: 'What is this?' }, { role: 'assistant', text: 'A **test**.' }] } as AiConversation;

  it('reopens the conversation that was current and continues it', async () => {
    const storage = memoryStorage();
    const before = setup({ storage });
    await before.view.ask('What is this?');
    before.router.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: 'c1' } });
    const after = setup({ storage, server: { conversations: [{ id: 'c0', title: 'older', updated: 1 }, { id: 'c1', title: 'first', updated: 2 }],
      stored: { c1: stored } } as Partial<FakeServer> });
    after.view.shown();
    await vi.waitFor(() => expect(all(after.view.el, 'ai-message').map((m) => m.dataset.role)).toEqual(['user', 'assistant']));
    expect(after.view.el.querySelector('strong')!.textContent).toBe('test');
    await after.view.ask('And then?');
    expect(after.server.calls.at(-1)).toEqual(['chat', expect.objectContaining({ conversationId: 'c1', message: 'And then?' })]);
  });

  it('looks for it once the connection opens when the panel showed first', async () => {
    const storage = memoryStorage();
    await setup({ storage }).view.ask('What is this?');
    const after = setup({ storage, server: { offline: true, conversations: [{ id: 'c1', title: 'first', updated: 2 }],
      stored: { c1: stored } } as Partial<FakeServer> });
    after.view.shown();
    await new Promise((r) => setTimeout(r, 20));
    expect(all(after.view.el, 'ai-message')).toEqual([]);
    after.server.offline = false;
    after.view.connected();
    await vi.waitFor(() => expect(all(after.view.el, 'ai-message')).toHaveLength(2));
  });

  it('starts empty when that conversation is gone, or after New chat', async () => {
    const storage = memoryStorage();
    const before = setup({ storage });
    await before.view.ask('What is this?');
    const gone = setup({ storage, server: { conversations: [{ id: 'c9', title: 'other', updated: 1 }] } as Partial<FakeServer> });
    gone.view.shown();
    await new Promise((r) => setTimeout(r, 20));
    expect(all(gone.view.el, 'ai-message')).toEqual([]);
    expect(gone.server.calls).toEqual([]);
    before.view.newChat();
    const fresh = setup({ storage, server: { conversations: [{ id: 'c1', title: 'first', updated: 2 }], stored: { c1: stored } } as Partial<FakeServer> });
    fresh.view.shown();
    await new Promise((r) => setTimeout(r, 20));
    expect(all(fresh.view.el, 'ai-message')).toEqual([]);
    await fresh.view.ask('New topic');
    expect(fresh.server.calls.at(-1)).toEqual(['chat', expect.objectContaining({ conversationId: undefined })]);
  });
});

describe('the help for an unavailable model', () => {
  async function failWith1009(status: AiStatus): Promise<string> {
    const { view, router } = setup({ server: { status } });
    view.shown();
    await vi.waitFor(() => expect(view.modelsConfigured).toBe(status.configured));
    await view.ask('hi');
    router.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: 'c1', error: { code: 1009, message: 'All deployments failed' } } });
    return view.el.querySelector('.ai-error-meaning')!.textContent!;
  }

  it('does not say no model is configured when models are configured but failing', async () => {
    const configured = await failWith1009({ configured: true, deployments: [] });
    expect(configured).not.toMatch(/no model is configured|none is configured/i);
    expect(configured).toMatch(/configured model/);
    const unconfigured = await failWith1009({ configured: false, deployments: [] });
    expect(unconfigured).toMatch(/No model is configured/);
  });
});

describe('Up and Down in the input', () => {
  it('bring back the messages asked before, and the text being written, only from the first and last lines', async () => {
    const { view, input, server, router } = setup();
    for (const message of ['What does retry() do?', 'And\nwhy?']) {
      type(input, message);
      key(input, 'Enter');
      await vi.waitFor(() => expect(view.el.dataset.state).toBe('answering'));
      const requestId = `r${server.calls.length}`;
      expect(server.calls.at(-1)).toEqual(['chat', expect.objectContaining({ message })]);
      router.dispatch({ type: 'done', params: { requestId, conversationId: 'c1' } });
      expect(view.el.dataset.state).toBe('idle');
    }

    type(input, 'half');
    const up = () => key(input, 'ArrowUp');
    const down = () => key(input, 'ArrowDown');
    up();
    expect(input.value).toBe('And\nwhy?');
    expect(input.selectionStart).toBe('And\nwhy?'.length);
    // The caret is on the message's last line: Up moves it, as in any text, until it is on the first.
    const moved = new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, cancelable: true });
    input.dispatchEvent(moved);
    expect(moved.defaultPrevented).toBe(false);
    expect(input.value).toBe('And\nwhy?');
    input.setSelectionRange(1, 1);
    up();
    expect(input.value).toBe('What does retry() do?');
    up();
    expect(input.value).toBe('What does retry() do?');
    down();
    expect(input.value).toBe('And\nwhy?');
    down();
    expect(input.value).toBe('half');

    // A conversation opened from History: its questions are the ones Up brings back.
    server.stored.c9 = { id: 'c9', title: 'Old', messages: [{ role: 'user', text: 'An old question' }, { role: 'assistant', text: 'Old answer.' }] };
    server.conversations = [{ id: 'c9', title: 'Old', updated: 1 }];
    q(view.el, 'ai-history-toggle')!.click();
    await vi.waitFor(() => expect(all(view.el, 'ai-history-item').length).toBeGreaterThan(0));
    all(view.el, 'ai-history-item')[0].click();
    await vi.waitFor(() => expect(all(view.el, 'ai-message')).toHaveLength(2));
    input.value = '';
    up();
    expect(input.value).toBe('An old question');
  });
});

describe('the model size picker', () => {
  const deployment = (name: string, tier: string) => ({ name, tier, provider: 'openai', model: name, state: 'ready' as const });

  it('offers Auto and each configured size, sends the size picked, and keeps it for Try again', async () => {
    const { view, server, router } = setup({ server: { status: { configured: true,
      deployments: [deployment('big', 'large'), deployment('tiny', 'small'), deployment('tiny-2', 'small')] } } });
    view.shown();
    const pick = q(view.el, 'ai-tier') as HTMLSelectElement;
    await vi.waitFor(() => expect(pick.hidden).toBe(false));
    expect(pick.getAttribute('aria-label')).toBe('Model size');
    expect([...pick.options].map((o) => [o.value, o.textContent])).toEqual([['auto', 'Auto'], ['small', 'Small'], ['large', 'Large']]);
    expect(pick.value).toBe('auto');

    await view.ask('What does ls print?');
    expect(server.calls.at(-1)![1]).not.toHaveProperty('tier');
    router.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: 'c1' } });

    pick.value = 'large';
    pick.dispatchEvent(new Event('change'));
    await view.ask('Design the plugin system');
    expect(server.calls.at(-1)).toEqual(['chat', expect.objectContaining({ message: 'Design the plugin system', tier: 'large' })]);
    router.dispatch({ type: 'done', params: { requestId: 'r2', conversationId: 'c1', error: { code: 1009, message: 'All deployments failed' } } });
    // Asked again with the size it was asked with, whatever is picked now.
    pick.value = 'auto';
    q(view.el, 'ai-retry')!.click();
    await vi.waitFor(() => expect(server.calls.filter(([m]) => m === 'chat')).toHaveLength(3));
    expect(server.calls.at(-1)).toEqual(['chat', expect.objectContaining({ message: 'Design the plugin system', tier: 'large' })]);
  });

  it('is remembered for the next page, and comes back when its size is configured again', async () => {
    const storage = memoryStorage();
    const two = { configured: true, deployments: [deployment('tiny', 'small'), deployment('big', 'large')] };
    const first = setup({ storage, server: { status: two } });
    first.view.shown();
    const pick = q(first.view.el, 'ai-tier') as HTMLSelectElement;
    await vi.waitFor(() => expect(pick.hidden).toBe(false));
    pick.value = 'large';
    pick.dispatchEvent(new Event('change'));
    first.view.el.remove();

    const next = setup({ storage, server: { status: { configured: true, deployments: [deployment('tiny', 'small'), deployment('mid', 'medium')] } } });
    next.view.shown();
    const again = q(next.view.el, 'ai-tier') as HTMLSelectElement;
    await vi.waitFor(() => expect(again.hidden).toBe(false));
    expect(again.value).toBe('auto');
    next.server.status = two;
    next.view.extensionsChanged();
    await vi.waitFor(() => expect(again.value).toBe('large'));
    await next.view.ask('hi');
    expect(next.server.calls.at(-1)).toEqual(['chat', expect.objectContaining({ tier: 'large' })]);
  });

  it('goes back to Auto when the size picked is no longer configured, and is not offered with one size', async () => {
    const { view, server } = setup({ server: { status: { configured: true,
      deployments: [deployment('tiny', 'small'), deployment('mid', 'medium')] } } });
    view.shown();
    const pick = q(view.el, 'ai-tier') as HTMLSelectElement;
    await vi.waitFor(() => expect(pick.hidden).toBe(false));
    pick.value = 'medium';
    pick.dispatchEvent(new Event('change'));
    server.status = { configured: true, deployments: [deployment('tiny', 'small')] };
    view.extensionsChanged();
    await vi.waitFor(() => expect(pick.hidden).toBe(true));
    expect(pick.value).toBe('auto');
    await view.ask('hi');
    expect(server.calls.at(-1)![1]).not.toHaveProperty('tier');
  });
});

describe('Try again under an answer that did not come', () => {
  it('asks the same question with the same task and context again, from the last answer only', async () => {
    const { view, server, router } = setup();
    const context = { paths: ['src/retry.ts'], selection: { path: 'src/retry.ts', startLine: 3, endLine: 9, text: 'retry()' } };
    await view.ask('Why does this retry forever?', 'explain', context);
    expect(q(view.el, 'ai-retry')).toBeNull();
    router.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: 'c1', error: { code: 1009, message: 'All deployments failed' } } });
    const retry = q(view.el, 'ai-retry') as HTMLButtonElement;
    expect(retry.tagName).toBe('BUTTON');
    expect(retry.textContent).toBe('Try again');
    expect(retry.closest('[data-testid="ai-message"]')!.querySelector('[data-testid="ai-error"]')).not.toBeNull();

    retry.focus();
    expect(document.activeElement).toBe(retry);
    retry.click();
    await vi.waitFor(() => expect(server.calls.filter(([m]) => m === 'chat')).toHaveLength(2));
    expect(server.calls.filter(([m]) => m === 'chat')[1][1]).toEqual(
      { conversationId: 'c1', message: 'Why does this retry forever?', task: 'explain', context, retryOf: 'r1' });
    // The new turn takes the failed one's place, in the panel as in the stored conversation (`retryOf`).
    expect(all(view.el, 'ai-message').map((m) => m.dataset.role)).toEqual(['user', 'assistant']);
    expect(q(view.el, 'ai-error')).toBeNull();
    expect(q(view.el, 'ai-retry')).toBeNull();
    expect(document.activeElement).toBe(q(view.el, 'ai-input'));

    // Stopped, it is offered again; a newer question takes the offer from the answer before it.
    await view.cancel();
    expect(server.calls.at(-1)).toEqual(['cancel', 'r2']);
    router.dispatch({ type: 'done', params: { requestId: 'r2', conversationId: 'c1', error: { code: 1011, message: 'Cancelled' } } });
    expect(all(view.el, 'ai-retry')).toHaveLength(1);
    await view.ask('Something else');
    expect(all(view.el, 'ai-retry')).toHaveLength(0);
    // Asking something else keeps the stopped exchange, and replaces nothing.
    expect(all(view.el, 'ai-message').map((m) => m.dataset.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(server.calls.at(-1)![1]).not.toHaveProperty('retryOf');
  });

  it('asks a question whose request never started again without naming it: nothing of it was kept', async () => {
    const { view, server } = setup({ server: { offline: false, chat: async () => { throw new RpcError(-1, 'Not connected to the workspace'); } } });
    await view.ask('Why is CI red?');
    server.chat = async (p) => ({ conversationId: p.conversationId ?? 'c9', requestId: 'r9' });
    q(view.el, 'ai-retry')!.click();
    await vi.waitFor(() => expect(server.calls.filter(([m]) => m === 'chat')).toHaveLength(2));
    expect(server.calls.at(-1)).toEqual(['chat', { message: 'Why is CI red?' }]);
    expect(all(view.el, 'ai-message').map((m) => m.dataset.role)).toEqual(['user', 'assistant']);
  });

  it('is not offered where the same request would fail the same way', async () => {
    const { view, router } = setup();
    await view.ask('Summarise the whole repository');
    router.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: 'c1', error: { code: 1006, message: 'Too large for every model' } } });
    expect(q(view.el, 'ai-error')).not.toBeNull();
    expect(q(view.el, 'ai-retry')).toBeNull();
  });
});

describe('a configuration applied on the server', () => {
  it('checks the assistant again when extensions change, so a model added without a restart is used at once', async () => {
    const { view, server } = setup({ server: { status: { configured: false, deployments: [], help: 'Add a deployment.' } } });
    view.shown();
    await vi.waitFor(() => expect(q(view.el, 'ai-not-configured')).not.toBeNull());
    expect(view.modelsConfigured).toBe(false);

    server.status = { configured: true, deployments: [] };
    view.extensionsChanged();

    await vi.waitFor(() => expect(view.modelsConfigured).toBe(true));
    expect(q(view.el, 'ai-not-configured')).toBeNull();
  });
});
