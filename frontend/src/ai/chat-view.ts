import './ai.css';
import type { Disposable } from '../disposable';
import type { EditorArea } from '../editor/editor-area';
import type { DiagnosticsStore } from '../lsp/diagnostics';
import type { AiClient, AiContext, AiTask } from '../rpc/ai-client';
import { describeError, errorCode, ErrorCode } from '../rpc/errors';
import { h } from '../ui/dom';
import { toast } from '../ui/toast';
import { Answer } from './answer';
import { AnswerView, type AnswerActions } from './answer-view';
import { buildContext, insertMention, mentionAt } from './context';
import { ContextChips } from './context-chips';
import type { AiEventRouter } from './event-router';
import { StatusPanel } from './status-panel';

export interface ChatViewDeps {
  client: AiClient;
  router: AiEventRouter;
  area: EditorArea;
  diagnostics: DiagnosticsStore;
  /** The `@` file picker; resolves to the picked path, or undefined when dismissed. */
  pickFile(): Promise<string | undefined>;
  /** The buttons of an answer's code blocks and tool steps. */
  answerActions(answer: Answer): AnswerActions;
}

/** How long after Stop the answer waits for the server's `ai/done` before giving up on it. */
const CANCEL_GRACE_MS = 5000;

/**
 * The AI side view: a chat about the workspace with streamed answers, the context chips, the
 * conversation history of this workspace, and a friendly panel when no model is configured.
 */
export class ChatView {
  readonly el: HTMLElement;
  private readonly messages = h('div', { class: 'ai-messages', 'data-testid': 'ai-messages', 'aria-live': 'polite' });
  private readonly history = h('div', { class: 'ai-history', 'data-testid': 'ai-history', hidden: true });
  private readonly input = h('textarea', { class: 'ai-input', rows: '3', placeholder: 'Ask about your code (@ adds a file)',
    'aria-label': 'Message', 'data-testid': 'ai-input' });
  private readonly send = h('button', { class: 'btn primary', type: 'button', 'data-testid': 'ai-send' }, 'Send');
  private readonly stop = h('button', { class: 'btn', type: 'button', 'data-testid': 'ai-stop', hidden: true }, 'Stop');
  private readonly chat: HTMLElement;
  private readonly chips: ContextChips;
  private readonly status: StatusPanel;
  private conversationId: string | undefined;
  private current: { answer: Answer; view: AnswerView; sub?: Disposable } | undefined;
  private checked = false;

  constructor(private readonly deps: ChatViewDeps) {
    this.chips = new ContextChips(deps.area, deps.diagnostics);
    this.status = new StatusPanel(deps.client, (configured) => { this.chat.hidden = !configured; });
    const historyButton = iconButton('ai-history-toggle', 'history', 'Conversation history');
    const newButton = iconButton('ai-new', 'add', 'New chat');
    historyButton.addEventListener('click', () => void this.toggleHistory());
    newButton.addEventListener('click', () => this.newChat());
    this.chat = h('div', { class: 'ai-chat' }, this.messages, this.chips.el,
      h('div', { class: 'ai-input-row' }, this.input, h('div', { class: 'ai-input-buttons' }, this.send, this.stop)));
    this.el = h('aside', { class: 'view ai-view', 'data-testid': 'ai-view' },
      h('div', { class: 'view-toolbar' }, h('span', { class: 'view-title' }, 'AI Assistant'), historyButton, newButton),
      this.status.el, this.history, this.chat);
    this.send.addEventListener('click', () => this.sendInput());
    this.stop.addEventListener('click', () => void this.cancel());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.sendInput();
      }
    });
    this.input.addEventListener('input', (e) => {
      this.chips.setMessage(this.input.value);
      if ((e as InputEvent).data === '@') void this.offerFiles();
    });
  }

  shown(): void {
    if (!this.checked) {
      this.checked = true;
      void this.status.refresh();
    }
    this.chips.render();
    this.input.focus();
  }

  /** Sends a message as if typed (quick actions): `context` replaces what the chips hold. */
  async ask(message: string, task?: AiTask, context?: AiContext): Promise<void> {
    if (this.current) await this.cancel();
    this.history.hidden = true;
    this.messages.append(userMessage(message));
    const answer = new Answer(undefined);
    const view = new AnswerView(answer, this.deps.answerActions(answer), () => this.scrollToEnd());
    const current: NonNullable<ChatView['current']> = { answer, view };
    this.current = current;
    this.messages.append(view.el);
    this.setBusy(true);
    this.scrollToEnd(true);
    try {
      const started = await this.deps.client.chat({ conversationId: this.conversationId, message, task, context });
      this.conversationId = started.conversationId;
      answer.requestId = started.requestId;
      current.sub = this.deps.router.claim(started.requestId, (e) => {
        answer.apply(e);
        view.update();
        if (answer.status !== 'streaming') this.finished(current);
      });
    } catch (e) {
      answer.abandon(describeError('The assistant could not start', e), errorCode(e) ?? ErrorCode.Unavailable);
      view.update();
      this.finished(current);
    }
  }

  /** Stops the answer being written (`ai/cancel`). */
  async cancel(): Promise<void> {
    const current = this.current;
    if (!current) return;
    const id = current.answer.requestId;
    const giveUp = () => {
      current.answer.abandon('Stopped.');
      current.view.update();
      this.finished(current);
    };
    if (!id) return giveUp();
    try {
      await this.deps.client.cancel(id);
      setTimeout(() => { if (this.current === current) giveUp(); }, CANCEL_GRACE_MS);
    } catch (e) {
      toast(describeError('Cannot stop the answer', e), 'error');
      giveUp();
    }
  }

  /** The connection dropped: an answer in progress will not be completed. */
  connectionLost(): void {
    const current = this.current;
    if (!current) return;
    current.answer.abandon('The connection to the workspace was lost; the answer is incomplete.', ErrorCode.Offline);
    current.view.update();
    this.finished(current);
  }

  newChat(): void {
    if (this.current) void this.cancel();
    this.conversationId = undefined;
    this.messages.replaceChildren();
    this.history.hidden = true;
    this.input.focus();
  }

  private sendInput(): void {
    const message = this.input.value.trim();
    if (!message || this.current) return;
    this.input.value = '';
    this.chips.setMessage('');
    void this.ask(message, undefined, buildContext(message, this.chips.state()));
  }

  private finished(current: NonNullable<ChatView['current']>): void {
    current.sub?.dispose();
    if (this.current !== current) return;
    this.current = undefined;
    this.setBusy(false);
  }

  private setBusy(busy: boolean): void {
    this.send.hidden = busy;
    this.stop.hidden = !busy;
    this.el.dataset.state = busy ? 'answering' : 'idle';
  }

  private async offerFiles(): Promise<void> {
    const caret = this.input.selectionStart ?? this.input.value.length;
    const m = mentionAt(this.input.value, caret);
    if (!m || m.query !== '') return;
    const path = await this.deps.pickFile();
    this.input.focus();
    if (!path) return;
    // The text may have changed while the picker was open: find the mention again.
    const now = mentionAt(this.input.value, this.input.selectionStart ?? this.input.value.length) ?? m;
    const r = insertMention(this.input.value, now.start, this.input.selectionStart ?? caret, path);
    this.input.value = r.text;
    this.input.setSelectionRange(r.caret, r.caret);
    this.chips.setMessage(this.input.value);
  }

  private async toggleHistory(): Promise<void> {
    if (!this.history.hidden) {
      this.history.hidden = true;
      return;
    }
    this.history.hidden = false;
    this.history.replaceChildren(h('div', { class: 'ai-history-note' }, 'Loading…'));
    try {
      const list = await this.deps.client.conversations();
      this.history.replaceChildren(...(list.length ? list.map((c) => {
        const item = h('button', { class: 'ai-history-item', type: 'button', 'data-testid': 'ai-history-item', 'data-id': c.id,
          'aria-current': String(c.id === this.conversationId) },
        h('span', { class: 'ai-history-title' }, c.title || 'Untitled'), h('span', { class: 'ai-history-time' }, when(c.updated)));
        item.addEventListener('click', () => void this.load(c.id));
        return item;
      }) : [h('div', { class: 'ai-history-note' }, 'No conversations in this workspace yet.')]));
    } catch (e) {
      this.history.replaceChildren(h('div', { class: 'ai-history-note error' }, describeError('Cannot list conversations', e)));
    }
  }

  private async load(conversationId: string): Promise<void> {
    try {
      const c = await this.deps.client.conversation(conversationId);
      if (this.current) await this.cancel();
      this.conversationId = c.id;
      this.messages.replaceChildren(...c.messages.map((m) => {
        if (m.role === 'user') return userMessage(m.text);
        const answer = Answer.stored(m.text, m.route, m.usage);
        return new AnswerView(answer, this.deps.answerActions(answer), () => undefined).el;
      }));
      this.history.hidden = true;
      this.scrollToEnd(true);
    } catch (e) {
      toast(describeError('Cannot open the conversation', e), 'error');
    }
  }

  /** Follows the answer as it grows, unless the user scrolled up to read. */
  private scrollToEnd(force = false): void {
    const m = this.messages;
    if (force || m.scrollHeight - m.scrollTop - m.clientHeight < 80) m.scrollTop = m.scrollHeight;
  }
}

function userMessage(text: string): HTMLElement {
  return h('div', { class: 'ai-message ai-user', 'data-testid': 'ai-message', 'data-role': 'user' }, text);
}

function iconButton(testId: string, icon: string, label: string): HTMLButtonElement {
  return h('button', { class: 'icon-btn', type: 'button', title: label, 'aria-label': label, 'data-testid': testId },
    h('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
}

function when(updated: string | number): string {
  const d = new Date(updated);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}
