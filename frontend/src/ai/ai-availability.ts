import { ErrorCode, errorCode } from '../rpc/errors';

/** How long an answer of `ai/status` is trusted: a model configured meanwhile shows up within it. */
const MAX_AGE_MS = 30_000;

/**
 * Whether the assistant can answer: its extension runs (`ai/status` exists) and a model is
 * configured. Asked once and remembered for a while, since the editor asks on every cursor move
 * near a problem; asked again after a reconnect or a change of the extensions. Without a
 * connection nothing is remembered: the next question asks again.
 */
export class AiAvailability {
  private known: Promise<boolean> | undefined;
  private at = 0;

  constructor(private readonly status: () => Promise<{ configured: boolean }>, private readonly maxAgeMs = MAX_AGE_MS,
              private readonly now: () => number = Date.now) {}

  check(): Promise<boolean> {
    if (this.known && this.now() - this.at <= this.maxAgeMs) return this.known;
    this.at = this.now();
    const asked: Promise<boolean> = this.status().then((s) => s.configured, (e) => {
      if (errorCode(e) === ErrorCode.Offline && this.known === asked) this.known = undefined;
      return false;
    });
    this.known = asked;
    return asked;
  }

  /** The next question asks the server again. */
  invalidate(): void {
    this.known = undefined;
  }
}
