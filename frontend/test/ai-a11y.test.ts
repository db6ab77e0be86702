// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Answer } from '../src/ai/answer';
import { Announcer, POLITE_LINE_MS, POLITE_LINES } from '../src/ai/announcer';
import { AnswerView, type AnswerActions } from '../src/ai/answer-view';
import { ChatView } from '../src/ai/chat-view';
import type { ConversationStorage } from '../src/ai/current-conversation';
import { AiEventRouter } from '../src/ai/event-router';
import { StatusPanel } from '../src/ai/status-panel';
import type { EditorArea } from '../src/editor/editor-area';
import { DiagnosticsStore } from '../src/lsp/diagnostics';
import type { AiClient, AiConversation, AiConversationSummary, AiStatus } from '../src/rpc/ai-client';

// Where the keyboard goes and what a screen reader is told in the chat panel.

const q = (root: ParentNode, id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const all = (root: ParentNode, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
const focused = () => (document.activeElement as HTMLElement | null)?.dataset?.testid ?? document.activeElement?.tagName;

function actions(): AnswerActions {
  return { copy: vi.fn(), insert: vi.fn(), apply: vi.fn(), approve: vi.fn(), colorize: async () => undefined };
}

function memoryStorage(): ConversationStorage {
  const values = new Map<string, string>();
  return { getItem: (k) => values.get(k) ?? null, setItem: (k, v) => { values.set(k, v); } };
}

function conversation(id: string, title: string): AiConversation {
  return { id, title, messages: [{ role: 'user', text: `about ${title}` }, { role: 'assistant', text: `answer ${title}` }] } as AiConversation;
}

function setup() {
  const area = {
    active: undefined, list: () => [], docs: new Map(), onActiveChange: () => undefined,
    codeEditor: { onDidChangeCursorSelection: () => undefined, getSelection: () => null },
  } as unknown as EditorArea;
  let summaries: AiConversationSummary[] = [
    { id: 'c3', title: 'third', updated: 3 }, { id: 'c2', title: 'second', updated: 2 }, { id: 'c1', title: 'first', updated: 1 }];
  const stored: Record<string, AiConversation> = { c1: conversation('c1', 'first'), c2: conversation('c2', 'second'),
    c3: conversation('c3', 'third') };
  const client = {
    status: async () => ({ configured: true, deployments: [] }),
    chat: async () => ({ conversationId: 'c9', requestId: 'r1' }),
    cancel: async () => undefined,
    conversations: async () => summaries,
    conversation: async (id: string) => stored[id],
    deleteConversation: async (id: string) => { summaries = summaries.filter((c) => c.id !== id); },
  } as unknown as AiClient;
  const router = new AiEventRouter();
  const view = new ChatView({ client, router, area, diagnostics: new DiagnosticsStore(), findFiles: async () => [],
    answerActions: () => actions(), storage: memoryStorage() });
  document.body.append(view.el);
  return { view, router };
}

async function openHistory(view: ChatView): Promise<void> {
  q(view.el, 'ai-history-toggle')!.click();
  await vi.waitFor(() => expect(all(view.el, 'ai-history-item').length).toBeGreaterThan(0));
}

const row = (view: ChatView, id: string) => view.el.querySelector(`[data-testid="ai-history-item"][data-id="${id}"]`)!.parentElement!;

async function deleteRow(view: ChatView, id: string): Promise<void> {
  const remove = row(view, id).querySelector<HTMLElement>('[data-testid="ai-history-delete"]')!;
  remove.focus();
  remove.click();
  await vi.waitFor(() => expect(document.querySelector('[data-testid="dialog-btn-ok"]')).not.toBeNull());
  document.querySelector<HTMLElement>('[data-testid="dialog-btn-ok"]')!.click();
  await vi.waitFor(() => expect(view.el.querySelector(`[data-testid="ai-history-item"][data-id="${id}"]`)).toBeNull());
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('the history list and the keyboard', () => {
  it('opening a conversation leaves the keyboard in the message input', async () => {
    const { view } = setup();
    await openHistory(view);
    const item = all(view.el, 'ai-history-item').find((i) => i.dataset.id === 'c2')!;
    item.focus();
    item.click();
    await vi.waitFor(() => expect(all(view.el, 'ai-message')).toHaveLength(2));
    expect(focused()).toBe('ai-input');
  });

  it('deleting a row leaves the keyboard on the next row, the one before at the end, and the list once it is empty', async () => {
    const { view } = setup();
    await openHistory(view);
    await deleteRow(view, 'c2');
    expect(document.activeElement).toBe(row(view, 'c1').querySelector('[data-testid="ai-history-item"]'));
    await deleteRow(view, 'c1');
    expect(document.activeElement).toBe(row(view, 'c3').querySelector('[data-testid="ai-history-item"]'));
    await deleteRow(view, 'c3');
    expect(focused()).toBe('ai-history');
    expect(q(view.el, 'ai-history')!.getAttribute('aria-label')).toBe('Conversation history');
  });
});

describe('the status panel and the keyboard', () => {
  it('Check again keeps the keyboard on the button while the assistant still cannot answer', async () => {
    let status: AiStatus = { configured: false, deployments: [] };
    const ready: boolean[] = [];
    const hadFocus: boolean[] = [];
    const panel = new StatusPanel({ status: async () => status } as unknown as AiClient, (r, _note, f) => {
      ready.push(r);
      hadFocus.push(f);
    });
    document.body.append(panel.el);
    await panel.refresh();
    q(panel.el, 'ai-status-refresh')!.focus();
    q(panel.el, 'ai-status-refresh')!.click();
    await vi.waitFor(() => expect(ready).toHaveLength(2));
    expect(focused()).toBe('ai-status-refresh');
    expect(document.activeElement!.isConnected).toBe(true);

    // Once it can answer the panel goes, and says it had the keyboard, for the chat to take it.
    status = { configured: true, deployments: [] };
    q(panel.el, 'ai-status-refresh')!.click();
    await vi.waitFor(() => expect(ready).toHaveLength(3));
    expect(ready).toEqual([false, false, true]);
    expect(hadFocus).toEqual([false, true, true]);
  });

  it('a chat that becomes ready after Check again has the keyboard in its input', async () => {
    const { view } = setup();
    const client = view['deps'].client as unknown as { status: () => Promise<AiStatus> };
    let configured = false;
    client.status = async () => ({ configured, deployments: [] });
    view.shown();
    await vi.waitFor(() => expect(q(view.el, 'ai-status-refresh')).not.toBeNull());
    q(view.el, 'ai-status-refresh')!.focus();
    configured = true;
    q(view.el, 'ai-status-refresh')!.click();
    await vi.waitFor(() => expect(view.modelsConfigured).toBe(true));
    expect(focused()).toBe('ai-input');
  });
});

describe('who said what', () => {
  it('each message is named for a screen reader by who wrote it, without a word more on screen', async () => {
    const { view } = setup();
    await openHistory(view);
    all(view.el, 'ai-history-item').find((i) => i.dataset.id === 'c1')!.click();
    await vi.waitFor(() => expect(all(view.el, 'ai-message')).toHaveLength(2));
    await view.ask('and now?');
    const named = all(view.el, 'ai-message').map((m) => [m.getAttribute('role'), m.getAttribute('aria-label'), m.textContent]);
    expect(named.slice(0, 3)).toEqual([['article', 'You', 'about first'], ['article', 'Assistant', 'answer first'],
      ['article', 'You', 'and now?']]);
    expect(named[3].slice(0, 2)).toEqual(['article', 'Assistant']);
  });
});

describe('notices in an answer', () => {
  it('are said politely, each once however much text follows, and not again for a reopened answer', () => {
    const a = new Answer('r');
    const said: string[] = [];
    const urgent: string[] = [];
    const v = new AnswerView(a, actions(), () => undefined, () => true, (t) => urgent.push(t), (t) => said.push(t));
    const notice = (kind: 'fallback' | 'waiting' | 'escalation' | 'length' | 'steps', message: string) =>
      a.apply({ type: 'notice', params: { requestId: 'r', kind, message } });
    notice('waiting', 'Waiting 2 s for the rate-limited model.');
    v['render']();
    notice('fallback', 'Answered by backup: primary is unavailable.');
    for (const word of ['It ', 'is ', 'fine.']) {
      a.apply({ type: 'delta', params: { requestId: 'r', text: word } });
      v['render']();
    }
    expect(said).toEqual(['Waiting 2 s for the rate-limited model.', 'Answered by backup: primary is unavailable.']);
    notice('escalation', 'Escalated to the large model.');
    notice('length', 'The answer reached its length limit.');
    v['render']();
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c' } });
    v.update();
    expect(said.slice(2)).toEqual(['Escalated to the large model. The answer reached its length limit.']);
    expect(urgent).toEqual([]);

    const reopened: string[] = [];
    new AnswerView(Answer.stored('Done.', undefined, undefined, [], 'r', [{ kind: 'steps', message: 'Stopped after 8 steps.', at: 0, step: 1 }]),
      actions(), () => undefined, () => true, () => undefined, (t) => reopened.push(t));
    expect(reopened).toEqual([]);
  });

  it('the model\'s thinking is not said as it streams; that it thought is said once', () => {
    const a = new Answer('r');
    const said: string[] = [];
    const v = new AnswerView(a, actions(), () => undefined, () => true, () => undefined, (t) => said.push(t));
    for (const piece of ['The user ', 'wants ', 'the log.']) {
      a.apply({ type: 'thinking', params: { requestId: 'r', text: piece } });
      v['render']();
    }
    expect(said).toEqual([]);
    expect(v.el.getAttribute('aria-busy')).toBe('true');
    a.apply({ type: 'notice', params: { requestId: 'r', kind: 'thinking', message: 'The model thought before answering.' } });
    a.apply({ type: 'delta', params: { requestId: 'r', text: 'Use git log.' } });
    v['render']();
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c' } });
    v.update();
    expect(said).toEqual(['The model thought before answering.']);
    expect(document.activeElement === v.el.querySelector('[data-testid="ai-thinking"] summary')).toBe(false);
  });

  it('reach the chat\'s polite live region', async () => {
    const { view, router } = setup();
    await view.ask('hello');
    router.dispatch({ type: 'notice', params: { requestId: 'r1', kind: 'fallback', message: 'Answered by backup.' } });
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'Hi' } });
    await vi.waitFor(() => expect(q(view.el, 'ai-announce')!.textContent).toBe('Answered by backup.'));
    expect(q(view.el, 'ai-announce-urgent')!.textContent).toBe('');
  });

  it('are still there to be read when the answer ends in the same frame', async () => {
    const { view, router } = setup();
    await view.ask('hello');
    router.dispatch({ type: 'notice', params: { requestId: 'r1', kind: 'steps', message: 'The calls were not run.' } });
    router.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: 'c' } });
    await vi.waitFor(() => expect(all(view.el, 'ai-announce').flatMap((r) => [...r.children].map((c) => c.textContent)))
      .toEqual(['The calls were not run.', 'The answer is complete.']));
  });
});

describe('the polite live region', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps each line a few seconds, at most a few at once, and the urgent one replaces its last', () => {
    vi.useFakeTimers();
    const announcer = new Announcer();
    const lines = () => [...q(announcer.el, 'ai-announce')!.children].map((c) => c.textContent);
    announcer.say('Answered by backup.');
    announcer.say('The answer is complete.');
    expect(lines()).toEqual(['Answered by backup.', 'The answer is complete.']);
    vi.advanceTimersByTime(POLITE_LINE_MS - 1_000);
    announcer.say('The answer is complete.');
    expect(lines()).toEqual(['Answered by backup.', 'The answer is complete.', 'The answer is complete.']);
    vi.advanceTimersByTime(1_000);
    expect(lines()).toEqual(['The answer is complete.']);
    vi.advanceTimersByTime(POLITE_LINE_MS);
    expect(lines()).toEqual([]);

    for (let i = 1; i <= POLITE_LINES + 2; i++) announcer.say(`line ${i}`);
    expect(lines()).toEqual(Array.from({ length: POLITE_LINES }, (_, i) => `line ${i + 3}`));
    announcer.say('Approve or deny it.', true);
    announcer.say('Approve the next one.', true);
    expect([...q(announcer.el, 'ai-announce-urgent')!.children].map((c) => c.textContent)).toEqual(['Approve the next one.']);
  });
});
