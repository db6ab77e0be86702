import type { AiClient, AiConversation, AiStarted } from '../rpc/ai-client';
import type { AiEventRouter } from './event-router';
import { errorCode, ErrorCode } from '../rpc/errors';
import type { ConversationStorage } from './current-conversation';

const KEY = 'stratus.ai.answerInFlight';

/** A chat answer being written when the page was left: what a reload needs to take it up again. */
export interface InFlight {
  conversationId: string;
  requestId: string;
  question: string;
}

/**
 * The chat answer this tab is writing, kept in the tab's session storage, so that after a reload
 * the page takes it up again (`ai/resume`) instead of finding it cut. Session storage is the
 * tab's own: another tab never takes up this one's answer.
 */
export class AnswerInFlight {
  constructor(private readonly storage: ConversationStorage | undefined) {}

  set(answer: InFlight): void {
    try {
      this.storage?.setItem(KEY, JSON.stringify(answer));
    } catch { /* storage blocked or full: a reload finds the answer cut, as before */ }
  }

  /** The answer left when the page was last left, if any. */
  get(): InFlight | undefined {
    try {
      const v = JSON.parse(this.storage?.getItem(KEY) ?? 'null') as Partial<InFlight> | null;
      return v && typeof v.conversationId === 'string' && typeof v.requestId === 'string' && typeof v.question === 'string'
        ? { conversationId: v.conversationId, requestId: v.requestId, question: v.question } : undefined;
    } catch {
      return undefined;
    }
  }

  /** The answer left being written into conversation `c`, unless `c` keeps it already (it is then forgotten). */
  leftIn(c: AiConversation): InFlight | undefined {
    const left = this.get();
    if (!left || left.conversationId !== c.id) return undefined;
    if (!c.messages.some((m) => m.requestId === left.requestId)) return left;
    this.clear(left.requestId);
    return undefined;
  }

  /** `requestId`'s answer ended (or cannot be taken up): a reload has nothing to take up. */
  clear(requestId: string): void {
    if (this.get()?.requestId !== requestId) return;
    try {
      this.storage?.setItem(KEY, 'null');
    } catch { /* nothing kept */ }
  }
}

/** How many times, and how far apart, a reloaded page asks: the server may not have seen the old page go yet. */
const ATTEMPTS = 5;
const APART_MS = 400;

/**
 * Takes up `requestId`'s answer: its notifications so far come again, then the rest. Right after
 * a reload the server may still count the old page as there; until it sees it go (NotFound),
 * this asks again a few times. Undefined when no answer waits under that id.
 */
export async function takeUp(client: AiClient, requestId: string, attempts = ATTEMPTS): Promise<AiStarted | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.resume(requestId);
    } catch (e) {
      if (errorCode(e) !== ErrorCode.NotFound || attempt >= attempts) return undefined;
      await new Promise((r) => setTimeout(r, APART_MS));
    }
  }
}

/** Stops `requestId`'s answer, stopped by the user while the connection was down, now that it is back. */
export function stopTakenUp(client: AiClient, router: AiEventRouter, requestId: string): void {
  // Taken up only to be stopped: what it sends again is dropped.
  router.claim(requestId, () => undefined);
  void takeUp(client, requestId).then((s) => s && client.cancel(requestId)).catch(() => undefined);
}

export function sessionStore(): ConversationStorage | undefined {
  try {
    return sessionStorage;
  } catch {
    return undefined;
  }
}
