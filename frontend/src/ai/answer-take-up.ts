import type { Disposable } from '../disposable';
import type { AiClient, AiContext, AiConversation, AiTask, AiTier } from '../rpc/ai-client';
import { ErrorCode } from '../rpc/errors';
import type { Answer } from './answer';
import { type AnswerInFlight, type InFlight, stopTakenUp, takeUp } from './answer-in-flight';
import type { AnswerView } from './answer-view';
import type { AiEventRouter } from './event-router';

/** An answer being written in the chat panel. */
export interface Current {
  /** The message asked, as the conversation will keep it. */
  question: string;
  questionEl: HTMLElement;
  /** What it was asked with, for Try again. */
  task?: AiTask;
  context?: AiContext;
  tier?: AiTier;
  answer: Answer;
  view: AnswerView;
  sub?: Disposable;
  /** Stop came before `ai/chat` named the request: it is cancelled as soon as it does. */
  stopped?: boolean;
}

/** What the chat panel lends `TakeUps`. */
export interface TakeUpPanel {
  readonly client: AiClient;
  readonly router: AiEventRouter;
  readonly inFlight: AnswerInFlight;
  current(): Current | undefined;
  conversationId(): string | undefined;
  /** `requestId`'s notifications, which come again from the first, go to a fresh view in place of `current`'s. */
  rewrite(current: Current, requestId: string): void;
  /** The answer being written ended as it stands. */
  finished(current: Current): void;
  /** Shows conversation `c` as stored, the reader left where they are. */
  show(c: AiConversation): void;
  /** Shows the conversation as stored now. */
  reload(): Promise<void>;
  /** After a reload: `left`'s question, and its answer being written, become the current ones. */
  resumeLeft(left: InFlight): void;
}

/**
 * Chat answers that outlive their page's connection. The server writes an answer on for a while
 * (`resumeSeconds`) after its page went away, dropped or reloaded: the panel takes it up when it is
 * back, and one the server ended meanwhile is shown as the conversation keeps it.
 */
export class TakeUps {
  /** An answer stopped while the connection was down: it is stopped on the server once the connection is back. */
  private stopWhenBack: string | undefined;

  constructor(private readonly panel: TakeUpPanel) {}

  /** The connection dropped: the answer being written waits to be taken up; one not started yet will not come. */
  connectionLost(): void {
    const current = this.panel.current();
    if (!current) return;
    if (current.answer.requestId && !current.stopped) {
      // What the server sends again once the answer is taken up waits for the new claim.
      current.sub?.dispose();
      current.answer.setReconnecting(true);
      current.view.update();
      return;
    }
    this.lost(current);
  }

  /** The connection (re)opened: the answer it dropped under is taken up, and one stopped meanwhile stopped. */
  connected(): void {
    const current = this.panel.current();
    if (current?.answer.reconnecting) void this.again(current);
    if (this.stopWhenBack) stopTakenUp(this.panel.client, this.panel.router, this.stopWhenBack);
    this.stopWhenBack = undefined;
  }

  /** Stop on an answer waiting to be taken up is sent once the connection is back; false when it is not waiting. */
  stopLater(current: Current): boolean {
    if (!current.answer.reconnecting) return false;
    this.stopWhenBack = current.answer.requestId;
    return true;
  }

  /**
   * After a reload: the answer this tab was writing into the reopened conversation `c` is taken
   * up, unless it is kept already or the user moved on. Not found, it is in the conversation.
   */
  async left(c: AiConversation): Promise<void> {
    const left = this.panel.inFlight.leftIn(c);
    if (!left) return;
    if (!await takeUp(this.panel.client, left.requestId)) {
      // It ended since `c` was read: the conversation keeps it now.
      this.panel.inFlight.clear(left.requestId);
      return this.panel.reload();
    }
    if (this.panel.current() || this.panel.conversationId() !== c.id) return;
    this.panel.resumeLeft(left);
  }

  /** Takes the answer up, sent whole again, in a fresh view. */
  private async again(current: Current): Promise<void> {
    const id = current.answer.requestId!;
    const started = await takeUp(this.panel.client, id);
    if (this.panel.current() !== current) return;
    if (started) return this.panel.rewrite(current, id);
    // Not found: it ended while the page was away (a laptop asleep past `resumeSeconds`), and
    // the conversation keeps it, whole or as far as it came; or it is lost.
    const cid = this.panel.conversationId();
    const c = cid ? await this.panel.client.conversation(cid).catch(() => undefined) : undefined;
    if (this.panel.current() !== current) return;
    if (!c?.messages.some((m) => m.role === 'assistant' && m.requestId === id)) return this.lost(current);
    this.panel.finished(current);
    if (this.panel.conversationId() === c.id) this.panel.show(c);
  }

  private lost(current: Current): void {
    current.answer.abandon('The connection to the workspace was lost; the answer is incomplete.', ErrorCode.Offline);
    current.view.update();
    this.panel.finished(current);
  }
}
