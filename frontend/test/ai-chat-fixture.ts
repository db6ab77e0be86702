// The chat panel against a fake server: what the chat tests share.
import { vi } from 'vitest';
import type { AnswerActions } from '../src/ai/answer-view';
import { ChatView } from '../src/ai/chat-view';
import type { ConversationStorage } from '../src/ai/current-conversation';
import { AiEventRouter } from '../src/ai/event-router';
import type { EditorArea } from '../src/editor/editor-area';
import { DiagnosticsStore } from '../src/lsp/diagnostics';
import type { AiStarted, AiClient, AiConversation, AiConversationSummary, AiStatus } from '../src/rpc/ai-client';
import { RpcError } from '../src/rpc/errors';

export const q = (root: ParentNode, id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
export const all = (root: ParentNode, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

export function actions(): AnswerActions {
  return { copy: vi.fn(), insert: vi.fn(), apply: vi.fn(), approve: vi.fn(), colorize: async () => undefined };
}

export function memoryStorage(): ConversationStorage {
  const values = new Map<string, string>();
  return { getItem: (k) => values.get(k) ?? null, setItem: (k, v) => { values.set(k, v); } };
}

export interface FakeServer {
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
  /** `ai/resume`: NotFound unless a test says otherwise. */
  resume(requestId: string): Promise<AiStarted>;
}

export function setup(opts: { storage?: ConversationStorage; session?: ConversationStorage; files?: string[];
  server?: Partial<FakeServer> } = {}) {
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
    resume: async () => { throw new RpcError(1001, 'No answer is being written under that id'); },
    ...opts.server,
  };
  const client = {
    status: async () => server.status,
    chat: (p: { conversationId?: string }) => { server.calls.push(['chat', p]); return server.chat(p); },
    cancel: async (id: string) => { server.calls.push(['cancel', id]); },
    resume: (id: string) => { server.calls.push(['resume', id]); return server.resume(id); },
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
    answerActions: () => actions(), storage: opts.storage ?? memoryStorage(), session: opts.session ?? memoryStorage(),
    workspaceName: 'payments-api', download });
  document.body.append(view.el);
  const input = q(view.el, 'ai-input') as HTMLTextAreaElement;
  return { view, server, router, input, findFiles, download };
}

/** Types as a keyboard does: each character at the caret, then its `input` event. */
export function type(input: HTMLTextAreaElement, text: string): void {
  for (const ch of text) {
    const at = input.selectionStart ?? input.value.length;
    input.value = input.value.slice(0, at) + ch + input.value.slice(input.selectionEnd ?? at);
    input.setSelectionRange(at + 1, at + 1);
    input.dispatchEvent(new InputEvent('input', { data: ch, inputType: 'insertText' }));
  }
}

export function key(input: HTMLTextAreaElement, k: string): void {
  input.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
}

export const suggestions = (view: ChatView) => all(view.el, 'ai-mention-item').map((i) => i.dataset.value);
export const suggestOpen = (view: ChatView) => !q(view.el, 'ai-mention-suggest')!.hidden;
export const chips = (view: ChatView) => all(view.el, 'ai-context-mention').map((c) => c.textContent);

/** The storage as another tab would find it, with `id` (a conversation since) not remembered. */
export function storageWithout(storage: ConversationStorage, id: string): ConversationStorage {
  const key = 'stratus.ai.currentConversations';
  const remembered = JSON.parse(storage.getItem(key) ?? '{}') as Record<string, number>;
  delete remembered[id];
  storage.setItem(key, JSON.stringify(remembered));
  return storage;
}
