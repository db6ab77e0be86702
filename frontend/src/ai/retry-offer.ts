import type { AiStoredMessage } from '../rpc/ai-client';
import { ErrorCode } from '../rpc/errors';
import type { AnswerView } from './answer-view';

/**
 * The ends worth asking again: stopped or cancelled, every model failed or was rate limited, the
 * connection lost, the server failed. Not a request too large or a conversation gone: the same
 * request would end the same way.
 */
const RETRIED = new Set<number>([ErrorCode.Unavailable, ErrorCode.RateLimited, ErrorCode.Cancelled, ErrorCode.Offline, -32603]);

/** Whether an answer that ended with error `code` (undefined: it did not fail) is worth asking again. */
export function worthAskingAgain(code: number | undefined): boolean {
  return code !== undefined && RETRIED.has(code);
}

/** Whether a stored answer is: stopped, interrupted (its page went away, the server stopped), or failed so. */
export function storedWorthAskingAgain(m: AiStoredMessage): boolean {
  return m.ended === 'stopped' || m.ended === 'interrupted' || (m.ended === 'failed' && worthAskingAgain(m.errorCode));
}

interface Offered {
  view: AnswerView;
  question: HTMLElement;
  requestId?: string;
}

/**
 * Try again, offered under the conversation's last answer only, as in VS Code's chat. Taken, the
 * answer and its question give way to the new turn, which the server stores in their place.
 */
export class RetryOffer {
  private offered: Offered | undefined;

  /** @param focusInput puts the keyboard back in the chat's input: the button goes with the offer */
  constructor(private readonly focusInput: () => void) {}

  /** Offers Try again under `view` (the answer to `question`, of request `requestId` when it started): `again` asks it. */
  offer(view: AnswerView, question: HTMLElement, requestId: string | undefined, again: () => Promise<void>): void {
    this.withdraw();
    this.offered = { view, question, requestId };
    view.offerRetry(() => {
      this.focusInput();
      void again();
    });
  }

  /** Something else is asked, or another conversation shown: no answer offers Try again any more. */
  withdraw(): void {
    this.offered?.view.offerRetry(undefined);
    this.offered = undefined;
  }

  /**
   * Try again was taken: the answer and its question leave the panel. Returns the request asked
   * again in place of (undefined when that one never started, so nothing of it was kept).
   */
  take(): string | undefined {
    const taken = this.offered;
    this.offered = undefined;
    taken?.question.remove();
    taken?.view.el.remove();
    return taken?.requestId;
  }
}
