import './ai.css';
import type { EditorArea } from '../editor/editor-area';
import type { DiagnosticsStore } from '../lsp/diagnostics';
import type { AiClient, AiContext, AiConversation, AiConversationChanged, AiTask } from '../rpc/ai-client';
import { describeError, errorCode, ErrorCode } from '../rpc/errors';
import { h } from '../ui/dom';
import { toast } from '../ui/toast';
import { Announcer, endOfAnswer } from './announcer';
import { Answer } from './answer';
import { AnswerInFlight, sessionStore } from './answer-in-flight';
import { TakeUps, type Current } from './answer-take-up';
import { AnswerView, type AnswerActions } from './answer-view';
import { buildContext, withUnsavedText } from './context';
import { ContextChips } from './context-chips';
import { ChatInput } from './chat-input';
import { browserStorage, iconButton, userMessage } from './chat-parts';
import { FollowScroll } from './chat-scroll';
import { CurrentConversation, type ConversationStorage } from './current-conversation';
import type { AiEventRouter } from './event-router';
import { exportConversation } from './export';
import { HistoryList } from './history-list';
import { RetryOffer, storedWorthAskingAgain, worthAskingAgain } from './retry-offer';
import { StatusPanel } from './status-panel';
import { TierPicker } from './tier-picker';

export interface ChatViewDeps {
  client: AiClient;
  router: AiEventRouter;
  area: EditorArea;
  diagnostics: DiagnosticsStore;
  /** Workspace files for the `@` suggestions, best first: the open editors when `query` is ''. */
  findFiles(query: string): Promise<string[]>;
  /** The buttons of an answer's code blocks and tool steps. */
  answerActions(answer: Answer): AnswerActions;
  /** Where the current conversation is remembered across reloads; the browser's local storage by default. */
  storage?: ConversationStorage;
  /** Where the answer being written is remembered across a reload; the tab's session storage by default. */
  session?: ConversationStorage;
  /** The workspace's name, which an exported conversation names. */
  workspaceName?: string;
  /** Offers an exported conversation as a file; a Blob download by default. */
  download?(name: string, text: string): void;
}

/** How long after Stop the answer waits for the server's `ai/done` before giving up on it. */
const CANCEL_GRACE_MS = 5000;

/**
 * The AI side view: a chat about the workspace with streamed answers, the context chips, the
 * conversation history of this workspace, and a friendly panel when no model is configured.
 */
export class ChatView {
  readonly el: HTMLElement;
  private readonly messages = h('div', { class: 'ai-messages', 'data-testid': 'ai-messages' });
  private readonly announcer = new Announcer();
  private readonly input: ChatInput;
  private readonly tiers: TierPicker;
  private readonly chat: HTMLElement;
  private readonly chips: ContextChips;
  private readonly status: StatusPanel;
  private readonly remembered: CurrentConversation;
  private readonly history: HistoryList;
  private readonly exportButton = iconButton('ai-export', 'export', 'Export conversation as Markdown');
  private readonly retry = new RetryOffer(() => this.input.focus());
  /** The answer being written, for a reload to take up. */
  private readonly inFlight: AnswerInFlight;
  private readonly takeUps: TakeUps;
  /** The first look for the remembered conversation, which an export from the command palette waits for. */
  private restoring: Promise<void> | undefined;
  private conversationId: string | undefined;
  private current: Current | undefined;
  /** The last request of the conversation shown: only its `ai/chat` reply may name the conversation. */
  private latest: Current | undefined;
  private checked = false;
  /** The remembered conversation was looked for (found or not): a reload's panel is settled. */
  private restored = false;
  private configured: boolean | undefined;
  private readonly scroll = new FollowScroll(this.messages);

  constructor(private readonly deps: ChatViewDeps) {
    this.chips = new ContextChips(deps.area, deps.diagnostics);
    this.remembered = new CurrentConversation(deps.storage ?? browserStorage());
    this.tiers = new TierPicker(deps.storage ?? browserStorage());
    this.inFlight = new AnswerInFlight(deps.session ?? sessionStore());
    this.takeUps = new TakeUps({ client: deps.client, router: deps.router, inFlight: this.inFlight,
      current: () => this.current, conversationId: () => this.conversationId, finished: (c) => this.finished(c),
      show: (c) => this.show(c, true), reload: () => this.reload(),
      rewrite: (current, id) => {
        const answer = new Answer(id);
        const view = this.answerView(answer, () => this.scroll.toEnd());
        current.view.el.replaceWith(view.el);
        Object.assign(current, { answer, view });
        this.follow(current, id);
      },
      resumeLeft: (left) => {
        this.retry.withdraw();
        this.follow(this.begin({ question: left.question }, left.requestId), left.requestId);
      } });
    this.history = new HistoryList({
      client: deps.client, current: () => this.conversationId, open: (id) => void this.load(id),
      // The one open in the panel goes with it, as after New chat, so a reload does not look for it.
      deleted: (id) => { if (id === this.conversationId) this.clear(); else this.remembered.set(undefined, id); },
      export: (id) => this.exportConversation(id),
    });
    this.status = new StatusPanel(deps.client, (ready, note, hadFocus) => {
      this.chat.hidden = !ready;
      this.configured = note.kind === 'unavailable' ? undefined : ready;
      if (note.kind === 'ready') this.tiers.offer(note.tiers);
      if (ready && hadFocus) this.input.focus();
    });
    this.input = new ChatInput({ chips: this.chips, findFiles: (query) => deps.findFiles(query), beside: this.tiers.el,
      canSend: () => !this.current, stop: () => void this.cancel(),
      send: (message) => void this.ask(message, undefined, buildContext(message, this.chips.state()), true) });
    const historyButton = iconButton('ai-history-toggle', 'history', 'Conversation history');
    const newButton = iconButton('ai-new', 'add', 'New chat');
    historyButton.addEventListener('click', () => void this.history.toggle());
    newButton.addEventListener('click', () => this.newChat());
    // Nothing to export until a conversation is shown.
    this.exportButton.disabled = true;
    this.exportButton.addEventListener('click', () => void this.exportConversation());
    this.chat = h('div', { class: 'ai-chat' }, this.messages, this.chips.el, this.input.el);
    this.el = h('aside', { class: 'view ai-view', 'data-testid': 'ai-view' },
      h('div', { class: 'view-toolbar' }, h('span', { class: 'view-title' }, 'AI Assistant'), this.exportButton, historyButton, newButton),
      this.status.el, this.history.el, this.chat, this.announcer.el);
    // Esc stops the answer being written, as in VS Code's chat; the @-mention list takes its own Esc first.
    this.chat.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing || !this.current) return;
      e.preventDefault();
      void this.cancel();
      this.input.focus();
    });
  }

  /** What `ai/status` said: whether any model is configured; undefined before it answered or when it failed. */
  get modelsConfigured(): boolean | undefined {
    return this.configured;
  }

  shown(): void {
    if (!this.checked) {
      this.checked = true;
      void this.status.refresh();
      this.restoring = this.restore();
    }
    this.chips.render();
    this.input.focus();
  }

  /**
   * Sends a message as if typed (quick actions): `context` replaces what the chips hold. A `draft`
   * (the input's text) the server refuses goes back to the input, not into the conversation.
   * `again`: Try again was taken, and this turn takes the place of the answer that offered it.
   */
  async ask(message: string, task?: AiTask, context?: AiContext, draft = false, tier = this.tiers.picked, again = false): Promise<void> {
    if (this.current) await this.cancel();
    this.history.hide();
    this.messages.querySelector('[data-testid="ai-conversation-gone"]')?.remove();
    // Only the last answer offers Try again: asking anything else goes on from the end of the conversation.
    const retryOf = again ? this.retry.take() : (this.retry.withdraw(), undefined);
    const current = this.begin({ question: message, task, context, tier }, undefined);
    const { answer, view, questionEl: question } = current;
    try {
      const started = await this.deps.client.chat({ conversationId: this.conversationId, message, task, context: withUnsavedText(context,
        (path) => { const doc = this.deps.area.docs.get(path); return doc?.dirty ? doc.model.getValue() : undefined; }),
        ...(tier ? { tier } : {}), ...(retryOf ? { retryOf } : {}) });
      answer.requestId = started.requestId;
      // After New chat, History or a newer message the panel shows another conversation (or a
      // new one the next reply names): this reply must not make it continue this one.
      if (this.latest === current) {
        this.setConversation(started.conversationId);
        this.inFlight.set({ conversationId: started.conversationId, requestId: started.requestId, question: message });
      }
      if (current.stopped) {
        // Its events are dropped rather than kept for a claim that will not come.
        this.deps.router.claim(started.requestId, () => undefined);
        this.deps.client.cancel(started.requestId).catch(() => undefined);
        return;
      }
      this.follow(current, started.requestId);
    } catch (e) {
      answer.abandon(describeError('The assistant could not start', e), errorCode(e) ?? ErrorCode.Unavailable);
      view.update();
      this.finished(current);
      if (draft && errorCode(e) !== undefined) this.keepDraft(message, question, view.el, e);
    }
  }

  /** Shows a question and the answer to it about to be written, as the panel's current one. */
  private begin(asked: Pick<Current, 'question' | 'task' | 'context' | 'tier'>, requestId: string | undefined): Current {
    const questionEl = userMessage(asked.question);
    this.messages.append(questionEl);
    const answer = new Answer(requestId);
    const view = this.answerView(answer, () => this.scroll.toEnd());
    const current: Current = { ...asked, questionEl, answer, view };
    this.current = current;
    this.latest = current;
    this.messages.append(view.el);
    this.setBusy(true);
    this.scroll.toEnd(true);
    return current;
  }

  /** Shows `requestId`'s notifications in the current answer (the one it has then), until it ends. */
  private follow(current: Current, requestId: string): void {
    current.sub = this.deps.router.claim(requestId, (e) => {
      current.answer.apply(e);
      current.view.update();
      if (current.answer.status !== 'streaming') this.finished(current);
    });
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
    if (!id) {
      current.stopped = true;
      return giveUp();
    }
    if (this.takeUps.stopLater(current)) return giveUp();
    try {
      await this.deps.client.cancel(id);
      setTimeout(() => { if (this.current === current) giveUp(); }, CANCEL_GRACE_MS);
    } catch (e) {
      toast(describeError('Cannot stop the answer', e), 'error');
      giveUp();
    }
  }

  /**
   * Extensions changed on the server: the assistant may have been activated again with another
   * configuration (a model added, or all taken away), or taken an edit of its deployments as it
   * runs (a tier added or gone from the size picker), so what the panel says about it is checked
   * again, once it has been shown.
   */
  extensionsChanged(): void {
    if (this.checked) void this.status.refresh();
  }

  /**
   * The connection (re)opened. A reload shows the panel before its first connection is open: what
   * could not be asked then is asked now.
   */
  connected(): void {
    this.takeUps.connected();
    if (!this.checked) return;
    if (this.configured === undefined) void this.status.refresh();
    if (!this.restored) this.restoring = this.restore();
    else this.catchUp();
  }

  /**
   * Another tab or window of this user stored or deleted a conversation (`ai/conversationChanged`):
   * the history and the conversation shown follow, without a reload.
   */
  conversationChanged(c: AiConversationChanged): void {
    void this.history.refresh();
    if (c.conversationId !== this.conversationId) return;
    if (c.change === 'deleted') this.gone();
    else void this.reload();
  }

  /** The connection dropped: the answer being written is taken up when it is back (`ai/resume`). */
  connectionLost(): void {
    this.takeUps.connectionLost();
  }

  /**
   * Exports a conversation as Markdown (the one shown when no `conversationId` is given), as
   * stored: what it was, which model answered and how. The shown conversation's answer being
   * written comes last, marked incomplete: the conversation keeps a turn only once it ends. One
   * that cannot be read is not exported: the user is told why, and one deleted meanwhile is
   * shown as gone.
   */
  async exportConversation(conversationId?: string): Promise<void> {
    if (!conversationId) await this.restoring;
    const id = conversationId ?? this.conversationId;
    const current = this.current;
    const writing = current && current === this.latest && id === this.conversationId ? current : undefined;
    if (!id && !writing) return toast('There is no conversation to export: start a chat or open one from the history.', 'info');
    try {
      const unfinished = await exportConversation({ client: this.deps.client, workspaceName: this.deps.workspaceName,
        download: this.deps.download }, id, writing);
      this.announcer.say(unfinished ? 'The conversation was exported as Markdown, with the answer being written as far as it has come.'
        : 'The conversation was exported as Markdown.');
    } catch (e) {
      toast(describeError('Cannot export the conversation', e), 'error');
      if (errorCode(e) !== ErrorCode.NotFound) return;
      // Deleted in another tab or window while this one did not hear of it.
      void this.history.refresh();
      if (id === this.conversationId && !this.current) this.gone();
    }
  }

  newChat(): void {
    this.clear();
    this.history.hide();
    this.input.focus();
  }

  private clear(): void {
    if (this.current) void this.cancel();
    this.latest = undefined;
    this.retry.withdraw();
    this.setConversation(undefined);
    this.messages.replaceChildren();
  }

  private finished(current: Current): void {
    current.sub?.dispose();
    if (this.current !== current) return;
    const end = endOfAnswer(current.answer);
    if (end) this.announcer.say(end);
    this.current = undefined;
    if (current.answer.requestId) this.inFlight.clear(current.answer.requestId);
    this.setBusy(false);
    const code = current.answer.status === 'error' ? current.answer.error?.code : undefined;
    if (current === this.latest && worthAskingAgain(code)) {
      this.retry.offer(current.view, current.questionEl, current.answer.requestId,
        () => this.ask(current.question, current.task, current.context, false, current.tier, true));
    }
  }

  private setBusy(busy: boolean): void {
    this.input.setBusy(busy);
    this.el.dataset.state = busy ? 'answering' : 'idle';
  }

  private async load(conversationId: string): Promise<void> {
    try {
      const c = await this.deps.client.conversation(conversationId);
      if (this.current) await this.cancel();
      this.show(c);
      // The list the user picked it from goes: the keyboard goes where the conversation is continued.
      this.input.focus();
    } catch (e) {
      toast(describeError('Cannot open the conversation', e), 'error');
    }
  }

  /**
   * After a reload: reopens the conversation this workspace's panel had open, unless the user
   * started another meanwhile. One that no longer exists is forgotten and the panel stays empty.
   */
  private async restore(): Promise<void> {
    try {
      const listed = await this.deps.client.conversations();
      if (this.restored) return;
      this.restored = true;
      const id = this.remembered.pick(listed);
      if (!id) return;
      const c = await this.deps.client.conversation(id).catch((e: unknown) => {
        if (errorCode(e) === ErrorCode.NotFound) this.remembered.set(undefined, id);
        throw e;
      });
      if (!this.latest && this.conversationId === undefined && this.messages.childElementCount === 0) {
        this.show(c);
        await this.takeUps.left(c);
      }
    } catch {
      // No assistant or no history here: the panel starts empty, as it would have anyway.
    }
  }

  /** Shows a stored conversation; `followed` (another tab added to it) leaves the history open and the reader where they are. */
  private show(c: AiConversation, followed = false): void {
    this.latest = undefined;
    this.retry.withdraw();
    this.setConversation(c.id);
    const views = c.messages.map((m) => m.role === 'user' ? userMessage(m.text)
      : this.answerView(Answer.stored(m.text, m.route, m.usage, m.steps, m.requestId, m.notices, m.thinking), () => undefined));
    this.messages.replaceChildren(...views.map((v) => v instanceof AnswerView ? v.el : v));
    // A last answer that did not come (stopped, failed, its page closed) offers Try again, as it did when it ended.
    const [asked, last] = c.messages.slice(-2);
    const [question, view] = views.slice(-2);
    if (asked?.role === 'user' && last?.role === 'assistant' && storedWorthAskingAgain(last) && view instanceof AnswerView) {
      // With what it was asked with (a question stored before that was kept: with what the panel holds now).
      this.retry.offer(view, question as HTMLElement, last.requestId, () => this.ask(asked.text, asked.task,
        asked.context ?? buildContext(asked.text, this.chips.state()), false, this.tiers.picked, true));
    }
    if (!followed) {
      this.history.hide();
      this.input.resetAsked(c.messages.flatMap((m) => (m.role === 'user' ? [m.text] : [])));
    }
    this.scroll.toEnd(!followed);
  }

  /** Shows the conversation as stored now, unless an answer is being written here (its turn is stored after). */
  private async reload(): Promise<void> {
    const id = this.conversationId;
    if (!id || this.current) return;
    try {
      const c = await this.deps.client.conversation(id);
      if (this.conversationId === id && !this.current) this.show(c, true);
    } catch (e) {
      if (errorCode(e) === ErrorCode.NotFound && this.conversationId === id) this.gone();
    }
  }

  /**
   * The connection is back after a drop: what other tabs changed meanwhile is shown. The new
   * connection hears of later changes once it has made an `ai/*` call, which this is.
   */
  private catchUp(): void {
    void this.history.refresh();
    if (this.conversationId) void this.reload();
    else if (!this.history.isOpen) void this.deps.client.conversations().catch(() => undefined);
  }

  /** The conversation shown was deleted in another tab: the panel says so and the input keeps its draft for a new chat. */
  private gone(): void {
    this.clear();
    this.messages.append(h('div', { class: 'ai-history-note', 'data-testid': 'ai-conversation-gone' },
      'This conversation was deleted in another tab or window. Your next message starts a new chat.'));
  }

  /** A typed message the server refused goes back to the input (unless the user typed another since), with why. */
  private keepDraft(message: string, question: HTMLElement, answer: HTMLElement, e: unknown): void {
    question.remove();
    answer.remove();
    this.input.giveBack(message);
    // Continuing a conversation deleted in another tab while this one was offline: the next message starts a new chat.
    if (errorCode(e) === ErrorCode.NotFound) this.gone();
    else toast(describeError('Not sent', e), 'error');
  }

  private setConversation(id: string | undefined): void {
    if (id === this.conversationId) return;
    this.remembered.set(id, this.conversationId);
    this.conversationId = id;
    this.exportButton.disabled = id === undefined;
  }

  private answerView(answer: Answer, changed: () => void): AnswerView {
    const actions = this.deps.answerActions(answer);
    // The buttons go once the call is decided: the keyboard goes back to the input.
    const approve: AnswerActions['approve'] = (...args) => { actions.approve(...args); this.input.focus(); };
    return new AnswerView(answer, { ...actions, approve }, changed, () => this.configured,
      (text) => this.announcer.say(text, true), (text) => this.announcer.say(text));
  }
}
