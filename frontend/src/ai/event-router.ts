import type { Disposable } from '../disposable';
import type { AiEvent } from '../rpc/ai-client';

/** Events kept for requests nobody has claimed yet; beyond it the oldest are dropped. */
const MAX_BUFFERED = 2000;

/**
 * Hands each `ai/*` notification to the view waiting for its request. The first notifications
 * of a request can arrive before the `ai/chat` answer that names it has been read, so events
 * for an unknown request are kept and replayed when it is claimed. Pure.
 */
export class AiEventRouter {
  private readonly handlers = new Map<string, (e: AiEvent) => void>();
  private buffered: AiEvent[] = [];

  dispatch(e: AiEvent): void {
    const handler = this.handlers.get(e.params.requestId);
    if (handler) {
      handler(e);
      if (e.type === 'done') this.handlers.delete(e.params.requestId);
      return;
    }
    this.buffered.push(e);
    if (this.buffered.length > MAX_BUFFERED) this.buffered.splice(0, this.buffered.length - MAX_BUFFERED);
  }

  /** Routes `requestId`'s events to `handler`, starting with any that came early. */
  claim(requestId: string, handler: (e: AiEvent) => void): Disposable {
    const early = this.buffered.filter((e) => e.params.requestId === requestId);
    this.buffered = this.buffered.filter((e) => e.params.requestId !== requestId);
    this.handlers.set(requestId, handler);
    for (const e of early) this.dispatch(e);
    return { dispose: () => { if (this.handlers.get(requestId) === handler) this.handlers.delete(requestId); } };
  }
}
