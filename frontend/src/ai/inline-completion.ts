import type { Disposable } from '../disposable';
import type { AiEvent } from '../rpc/ai-client';
import { ErrorCode, errorCode } from '../rpc/errors';

/** Code before the cursor sent, at most, as the server bounds it: whole lines unless the cursor's line alone is longer. */
export const PREFIX_CHARS = 8000;
/** Code after the cursor sent, at most: whole lines unless the rest of the cursor's line alone is longer. */
export const SUFFIX_CHARS = 2000;
/** Typing must pause this long before a completion is asked for. */
export const DEBOUNCE_MS = 300;
/** After the server said no model serves completions, it is asked again only this much later (or after a reconnect). */
export const OFF_RECHECK_MS = 60_000;

const PLACEHOLDER = /\[REDACTED:[^\]]*\]/;

/** The end of `text` sent as the prefix: at most `max` characters, from the start of a line. Pure. */
export function boundPrefix(text: string, max = PREFIX_CHARS): string {
  if (text.length <= max) return text;
  const from = text.length - max;
  const newline = text.indexOf('\n', from - 1);
  return newline < 0 ? text.slice(from) : text.slice(newline + 1);
}

/** The start of `text` sent as the suffix: at most `max` characters, to the end of a line. Pure. */
export function boundSuffix(text: string, max = SUFFIX_CHARS): string {
  if (text.length <= max) return text;
  const newline = text.lastIndexOf('\n', max);
  return newline < 0 ? text.slice(0, max) : text.slice(0, newline);
}

/**
 * What of a model's completion is shown at the cursor, or undefined for nothing: its end that
 * repeats the start of the code after the cursor is taken off (models often write the closing
 * bracket or line that is already there), as is trailing whitespace; in the middle of a line, a
 * completion of several lines whose first repeats the rest of the cursor's line is cut to that
 * first line, without the rest; nothing when what is left is
 * only whitespace, or when it holds a `[REDACTED:kind]` placeholder, which inserted would stand
 * where the user meant a secret. Pure.
 */
export function completionToShow(text: string, suffix: string): string | undefined {
  if (PLACEHOLDER.test(text)) return undefined;
  let shown = text;
  // In the middle of a line, a model that writes the line's rest and goes on to more lines would
  // leave the rest twice (once in the ghost text's first line, once after its last): only the
  // first line is shown, without the rest it repeats.
  const rest = suffix.split('\n', 1)[0].trim();
  const firstLine = shown.split('\n', 1)[0].trimEnd();
  if (rest !== '' && shown.includes('\n') && firstLine.endsWith(rest)) {
    shown = firstLine.slice(0, firstLine.length - rest.length);
  }
  for (let k = Math.min(shown.length, suffix.length); k > 0; k--) {
    if (shown.endsWith(suffix.slice(0, k))) {
      shown = shown.slice(0, shown.length - k);
      break;
    }
  }
  shown = shown.trimEnd();
  return shown.trim() === '' ? undefined : shown;
}

/** What ended a completion request: its text, or the error its `ai/done` carried. */
export interface CompletionResult {
  text: string;
  error?: { code: number; message: string; retryAfterSeconds?: number };
}

/** Requests whose notifications came before the answer that names them; past it the oldest are dropped. */
const MAX_EARLY = 16;
/** A request whose text grows past this is a chat answer, not a completion (128 tokens): it is not kept. */
const MAX_EARLY_TEXT = 8192;

/**
 * Gathers the `ai/delta` and `ai/done` of completion requests. A refusal's `ai/done` can come
 * before the `ai/complete` answer naming its request has been read, so the notifications of
 * requests nobody waits for are kept, bounded (chat answers pass by here too). Pure.
 */
export class CompletionResults {
  private readonly waiting = new Map<string, { text: string; resolve: (r: CompletionResult) => void }>();
  private readonly early = new Map<string, { text: string; done?: CompletionResult }>();

  dispatch(e: AiEvent): void {
    if (e.type !== 'delta' && e.type !== 'done') return;
    const id = e.params.requestId;
    const w = this.waiting.get(id);
    if (w) {
      if (e.type === 'delta') w.text += e.params.text;
      else {
        this.waiting.delete(id);
        w.resolve({ text: w.text, error: e.params.error });
      }
      return;
    }
    let kept = this.early.get(id);
    if (!kept) {
      kept = { text: '' };
      this.early.set(id, kept);
      if (this.early.size > MAX_EARLY) this.early.delete(this.early.keys().next().value as string);
    }
    if (e.type === 'delta') {
      kept.text += e.params.text;
      if (kept.text.length > MAX_EARLY_TEXT) this.early.delete(id);
    } else {
      kept.done = { text: kept.text, error: e.params.error };
    }
  }

  /** The result of `requestId`, once its `ai/done` has come (or at once when it came early). */
  wait(requestId: string): Promise<CompletionResult> {
    const kept = this.early.get(requestId);
    this.early.delete(requestId);
    if (kept?.done) return Promise.resolve(kept.done);
    return new Promise((resolve) => this.waiting.set(requestId, { text: kept?.text ?? '', resolve }));
  }

  /** Stops waiting for `requestId` (it was cancelled): it ends at once, with no text. */
  forget(requestId: string): void {
    const w = this.waiting.get(requestId);
    this.waiting.delete(requestId);
    w?.resolve({ text: '', error: { code: ErrorCode.Cancelled, message: 'Cancelled' } });
  }
}

/** The parts of Monaco's CancellationToken used here. */
export interface CancelToken {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): Disposable;
}

export interface InlineCompleterDeps {
  complete(prefix: string, suffix: string): Promise<{ requestId: string }>;
  cancel(requestId: string): Promise<void>;
  results: CompletionResults;
  /** The user's setting. */
  enabled(): boolean;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Asks for inline completions as Monaco's provider is called: once typing has paused
 * ({@link DEBOUNCE_MS}), not at all when the user turned it off or the server said no model
 * serves completions (NotFound, which is "off", not a failure: nothing is shown or told), and
 * cancels the request (`ai/cancel`) when Monaco cancels its token, as the next keystroke does.
 * Failures show nothing: the next pause asks again, unless the refusal said when to (a spent
 * rate limit's `retryAfterSeconds`): until then nothing is asked.
 */
export class InlineCompleter {
  private offSince: number | undefined;
  private quietUntil: number | undefined;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly deps: InlineCompleterDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = deps.now ?? Date.now;
  }

  /** Whether completions are asked for: the setting is on and the server has not said it serves none. */
  get active(): boolean {
    if (!this.deps.enabled()) return false;
    if (this.offSince !== undefined && this.now() - this.offSince < OFF_RECHECK_MS) return false;
    if (this.quietUntil !== undefined && this.now() < this.quietUntil) return false;
    return true;
  }

  /** The server is asked again at the next pause (a reconnect, changed extensions or configuration). */
  recheck(): void {
    this.offSince = undefined;
    this.quietUntil = undefined;
  }

  /** The text to show at the cursor for the code around it, or undefined for none. */
  async complete(prefix: string, suffix: string, token: CancelToken): Promise<string | undefined> {
    if (!this.active) return undefined;
    await this.sleep(DEBOUNCE_MS);
    if (token.isCancellationRequested || !this.active) return undefined;
    const before = boundPrefix(prefix);
    const after = boundSuffix(suffix);
    let requestId: string;
    try {
      ({ requestId } = await this.deps.complete(before, after));
    } catch (e) {
      // NotFound: no model serves completions; -32601: a server without ai/complete, or the assistant turned off.
      const code = errorCode(e);
      if (code === ErrorCode.NotFound || code === -32601) this.offSince = this.now();
      return undefined;
    }
    const stop = () => {
      void this.deps.cancel(requestId).catch(() => undefined);
      this.deps.results.forget(requestId);
    };
    if (token.isCancellationRequested) {
      stop();
      return undefined;
    }
    const sub = token.onCancellationRequested(stop);
    let result: CompletionResult;
    try {
      result = await this.deps.results.wait(requestId);
    } finally {
      sub.dispose();
    }
    const wait = result.error?.retryAfterSeconds;
    if (wait !== undefined && wait > 0) this.quietUntil = this.now() + wait * 1000;
    if (result.error || token.isCancellationRequested) return undefined;
    return completionToShow(result.text, after);
  }
}
