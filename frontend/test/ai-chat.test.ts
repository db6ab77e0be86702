// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnswerActions } from '../src/ai/answer-view';
import { ChatView } from '../src/ai/chat-view';
import type { ConversationStorage } from '../src/ai/current-conversation';
import { AiEventRouter } from '../src/ai/event-router';
import type { EditorArea } from '../src/editor/editor-area';
import { DiagnosticsStore } from '../src/lsp/diagnostics';
import type { AiStarted, AiClient, AiConversation, AiConversationSummary, AiStatus } from '../src/rpc/ai-client';
import { RpcError } from '../src/rpc/errors';

const q = (root: ParentNode, id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const all = (root: ParentNode, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

function actions(): AnswerActions {
  return { copy: vi.fn(), insert: vi.fn(), apply: vi.fn(), approve: vi.fn(), colorize: async () => undefined };
}

function memoryStorage(): ConversationStorage {
  const values = new Map<string, string>();
  return { getItem: (k) => values.get(k) ?? null, setItem: (k, v) => { values.set(k, v); } };
}

interface FakeServer {
  calls: [string, unknown][];
  /** `ai/chat` answers; a test may hold one back. */
  chat(params: { conversationId?: string }): Promise<AiStarted>;
  conversations: AiConversationSummary[];
  stored: Record<string, AiConversation>;
  status: AiStatus;
  /** The socket is not open yet: every request fails at once. */
  offline?: boolean;
  /** What `ai/deleteConversation` fails with. */
  refuseDelete?: Error;
}

function setup(opts: { storage?: ConversationStorage; files?: string[]; server?: Partial<FakeServer> } = {}) {
  const area = {
    active: undefined, list: () => [], docs: new Map(),
    onActiveChange: () => undefined,
    codeEditor: { onDidChangeCursorSelection: () => undefined, getSelection: () => null },
  } as unknown as EditorArea;
  let n = 0;
  const server: FakeServer = {
    calls: [],
    chat: async (p) => ({ conversationId: p.conversationId ?? `c${++n}`, requestId: `r${server.calls.length}` }),
    conversations: [],
    stored: {},
    status: { configured: true, deployments: [] },
    ...opts.server,
  };
  const client = {
    status: async () => server.status,
    chat: (p: { conversationId?: string }) => { server.calls.push(['chat', p]); return server.chat(p); },
    cancel: async (id: string) => { server.calls.push(['cancel', id]); },
    conversations: async () => {
      if (server.offline) throw new RpcError(-1, 'Not connected to the workspace');
      return server.conversations;
    },
    conversation: async (id: string) => {
      server.calls.push(['conversation', id]);
      const c = server.stored[id];
      if (!c) throw new RpcError(1001, `No conversation ${id}`);
      return c;
    },
    deleteConversation: async (id: string) => {
      server.calls.push(['deleteConversation', id]);
      if (server.refuseDelete) throw server.refuseDelete;
      if (!server.conversations.some((c) => c.id === id)) throw new RpcError(1001, 'No such conversation');
      server.conversations = server.conversations.filter((c) => c.id !== id);
      delete server.stored[id];
    },
  } as unknown as AiClient;
  const router = new AiEventRouter();
  const files = opts.files ?? [];
  const findFiles = vi.fn(async (query: string) => files.filter((f) => f.toLowerCase().includes(query.toLowerCase())));
  const download = vi.fn<(name: string, text: string) => void>();
  const view = new ChatView({ client, router, area, diagnostics: new DiagnosticsStore(), findFiles,
    answerActions: () => actions(), storage: opts.storage ?? memoryStorage(), workspaceName: 'payments-api', download });
  document.body.append(view.el);
  const input = q(view.el, 'ai-input') as HTMLTextAreaElement;
  return { view, server, router, input, findFiles, download };
}

/** Types as a keyboard does: each character at the caret, then its `input` event. */
function type(input: HTMLTextAreaElement, text: string): void {
  for (const ch of text) {
    const at = input.selectionStart ?? input.value.length;
    input.value = input.value.slice(0, at) + ch + input.value.slice(input.selectionEnd ?? at);
    input.setSelectionRange(at + 1, at + 1);
    input.dispatchEvent(new InputEvent('input', { data: ch, inputType: 'insertText' }));
  }
}

function key(input: HTMLTextAreaElement, k: string): void {
  input.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
}

const suggestions = (view: ChatView) => all(view.el, 'ai-mention-item').map((i) => i.dataset.value);
const suggestOpen = (view: ChatView) => !q(view.el, 'ai-mention-suggest')!.hidden;
const chips = (view: ChatView) => all(view.el, 'ai-context-mention').map((c) => c.textContent);

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
      { conversationId: 'c1', message: 'Why does this retry forever?', task: 'explain', context });
    // The question is asked again at the end of the conversation; the failed answer no longer offers it.
    expect(all(view.el, 'ai-message').map((m) => m.dataset.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(q(view.el, 'ai-retry')).toBeNull();
    expect(document.activeElement).toBe(q(view.el, 'ai-input'));

    // Stopped, it is offered again; a newer question takes the offer from the answer before it.
    await view.cancel();
    expect(server.calls.at(-1)).toEqual(['cancel', 'r2']);
    router.dispatch({ type: 'done', params: { requestId: 'r2', conversationId: 'c1', error: { code: 1011, message: 'Cancelled' } } });
    expect(all(view.el, 'ai-retry')).toHaveLength(1);
    await view.ask('Something else');
    expect(all(view.el, 'ai-retry')).toHaveLength(0);
  });

  it('is not offered where the same request would fail the same way', async () => {
    const { view, router } = setup();
    await view.ask('Summarise the whole repository');
    router.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: 'c1', error: { code: 1006, message: 'Too large for every model' } } });
    expect(q(view.el, 'ai-error')).not.toBeNull();
    expect(q(view.el, 'ai-retry')).toBeNull();
  });
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

/** The storage as another tab would find it, with `id` (a conversation since) not remembered. */
function storageWithout(storage: ConversationStorage, id: string): ConversationStorage {
  const key = 'stratus.ai.currentConversations';
  const remembered = JSON.parse(storage.getItem(key) ?? '{}') as Record<string, number>;
  delete remembered[id];
  storage.setItem(key, JSON.stringify(remembered));
  return storage;
}

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
