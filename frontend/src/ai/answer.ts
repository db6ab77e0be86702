import type {
  AiDone, AiEvent, AiNoticeKind, AiRoute, AiStoredNotice, AiStoredStep, AiToolCall, AiToolCallAt, AiUsage,
} from '../rpc/ai-client';

export interface TextPart {
  kind: 'text';
  text: string;
}

export interface NoticePart {
  kind: 'notice';
  notice: AiNoticeKind;
  message: string;
  /**
   * For a restart: the text already shown that the server dropped (shown struck through); for
   * `thinking`: text shown before the server knew it was the model's thinking (shown collapsed).
   */
  discarded?: string;
}

export interface ToolPart {
  kind: 'tool';
  call: AiToolCall;
}

export type AnswerPart = TextPart | NoticePart | ToolPart;

export type AnswerStatus = 'streaming' | 'done' | 'error';

/**
 * The model's thinking, shown beside its answer (collapsed above it), never part of it: each
 * think block of every step, in order, a block the template opened starting with the text taken
 * back from the answer.
 */
export interface AnswerThinking {
  blocks: string[];
  /** Whether thinking came since the last block ended: the model is thinking now. */
  open: boolean;
  /** The `thinking` notices' messages, each saying a block ended (and how long it was). */
  ended: string[];
}

/**
 * One assistant answer as its notifications build it: text in parts split where a notice or a
 * tool step happened, so each shows where it occurred. Pure; the view renders it.
 */
export class Answer {
  readonly parts: AnswerPart[] = [];
  status: AnswerStatus = 'streaming';
  route: AiRoute | undefined;
  usage: AiUsage | undefined;
  error: { code: number; message: string } | undefined;
  edits: AiDone['edits'];
  conversationId: string | undefined;
  /** Bumped on every change; the view renders when it differs from what it drew. */
  revision = 0;
  /** Loaded from history: there is no request behind it to write an edit through. */
  isStored = false;
  /** The model's thinking, when it showed any. */
  thinking: AnswerThinking | undefined;
  /** The connection dropped while it was written: it goes on on the server, to be taken up when the connection is back. */
  reconnecting = false;

  constructor(public requestId: string | undefined) {}

  /**
   * A finished answer loaded from a stored conversation: its text with its tool steps and notices
   * where they happened, as it was shown live. `requestId`, when stored, is the request that gave it.
   */
  static stored(text: string, route?: AiRoute, usage?: AiUsage, steps: AiStoredStep[] = [], requestId?: string,
                notices: AiStoredNotice[] = [], thinking?: string): Answer {
    const a = new Answer(requestId);
    if (thinking) {
      a.thinking = { blocks: [thinking], open: false, ended: notices.filter((n) => n.kind === 'thinking').map((n) => n.message) };
    }
    let from = 0;
    // At the same place, a notice comes after the tool steps of earlier agent steps and before its own step's.
    const placed: ({ order: 0; item: AiStoredNotice } | { order: 1; item: AiStoredStep })[] = [
      ...notices.map((item) => ({ order: 0 as const, item })), ...steps.map((item) => ({ order: 1 as const, item }))];
    placed.sort((x, y) => x.item.at - y.item.at || x.item.step - y.item.step || x.order - y.order);
    for (const p of placed) {
      const at = Math.min(Math.max(p.item.at, from), text.length);
      if (at > from) a.parts.push({ kind: 'text', text: text.slice(from, at) });
      from = at;
      if (p.order === 0) {
        a.parts.push({ kind: 'notice', notice: p.item.kind, message: p.item.message });
        continue;
      }
      const { at: _at, ...call } = p.item;
      a.parts.push({ kind: 'tool', call: { ...call, requestId: requestId ?? '' } });
    }
    if (text.length > from) a.parts.push({ kind: 'text', text: text.slice(from) });
    a.route = route;
    a.usage = usage;
    a.status = 'done';
    a.isStored = true;
    return a;
  }

  get text(): string {
    return this.parts.filter((p): p is TextPart => p.kind === 'text').map((p) => p.text).join('');
  }

  apply(e: AiEvent): void {
    if (this.status !== 'streaming') return;
    this.revision++;
    switch (e.type) {
      case 'delta': {
        const last = this.parts[this.parts.length - 1];
        if (last?.kind === 'text') last.text += e.params.text;
        else this.parts.push({ kind: 'text', text: e.params.text });
        break;
      }
      case 'thinking': {
        if (!e.params.text) break;
        const t = this.thinking ??= { blocks: [], open: false, ended: [] };
        if (t.open) t.blocks[t.blocks.length - 1] += e.params.text;
        else t.blocks.push(e.params.text);
        t.open = true;
        break;
      }
      case 'notice': {
        const { kind, message, discardedChars } = e.params;
        const discarded = (kind === 'restart' || kind === 'thinking') && discardedChars ? this.discard(discardedChars) : undefined;
        this.parts.push({ kind: 'notice', notice: kind, message, ...(discarded ? { discarded } : {}) });
        if (kind === 'thinking') this.thought(message, discarded);
        else if (kind === 'restart' && this.thinking) this.thinking.open = false;
        break;
      }
      case 'toolCall': {
        // A model may give several calls one id (some number them per answer): the step and
        // index name a call; a server that sends neither gave each call an id of its own.
        const key = stepKey(e.params);
        const existing = this.parts.find((p): p is ToolPart => p.kind === 'tool' && stepKey(p.call) === key);
        if (existing) existing.call = e.params;
        else this.parts.push({ kind: 'tool', call: e.params });
        break;
      }
      case 'done':
        this.finish(e.params);
        break;
    }
  }

  /**
   * A think block ended: its notice joins the thinking shown, and text shown before the server
   * knew it was thinking (the template opened the block) becomes the block's start.
   */
  private thought(message: string, discarded: string | undefined): void {
    const t = this.thinking ??= { blocks: [], open: false, ended: [] };
    if (discarded) {
      if (t.open) t.blocks[t.blocks.length - 1] = discarded + t.blocks[t.blocks.length - 1];
      else t.blocks.push(discarded);
    }
    t.open = false;
    t.ended.push(message);
  }

  /** The thinking shown, its blocks a paragraph apart (as the server keeps it); empty for none. */
  get thinkingText(): string {
    return this.thinking?.blocks.join('\n\n') ?? '';
  }

  /** The connection dropped (true) or is back (false) while it is written. */
  setReconnecting(reconnecting: boolean): void {
    if (this.reconnecting === reconnecting) return;
    this.reconnecting = reconnecting;
    this.revision++;
  }

  /** The server will send nothing more (cancelled, or the connection dropped). */
  abandon(message: string, code = 1011): void {
    if (this.status !== 'streaming') return;
    this.revision++;
    this.status = 'error';
    this.error = { code, message };
    this.keepStruckText();
    this.stopWaitingCalls();
  }

  private finish(done: AiDone): void {
    this.route = done.route;
    this.usage = done.usage;
    this.edits = done.edits;
    this.conversationId = done.conversationId;
    this.error = done.error;
    this.status = done.error ? 'error' : 'done';
    if (done.error) this.keepStruckText();
    this.stopWaitingCalls();
  }

  /**
   * An ended answer has no call waiting or running: the server stops them with the request, and
   * when the connection dropped, no `ai/toolCall` says so (Approve would find nothing to answer).
   */
  private stopWaitingCalls(): void {
    for (const p of this.parts) {
      if (p.kind === 'tool' && (p.call.state === 'pending' || p.call.state === 'running')) p.call = { ...p.call, state: 'stopped' };
    }
  }

  /**
   * The answer failed or was stopped. When nothing came after a restart took text back (the
   * retry failed before writing), that text is all of the answer the user got: it is shown as
   * the partial answer, before the restart's notice, not struck through as if replaced.
   */
  private keepStruckText(): void {
    for (let i = this.parts.length - 1; i >= 0; i--) {
      const p = this.parts[i];
      if (p.kind === 'tool' || (p.kind === 'text' && p.text)) return;
      if (p.kind !== 'notice' || !p.discarded || p.notice !== 'restart') continue;
      const text = p.discarded;
      this.parts[i] = { kind: 'notice', notice: p.notice, message: p.message };
      const before = this.parts[i - 1];
      if (before?.kind === 'text') before.text += text;
      else this.parts.splice(i, 0, { kind: 'text', text });
      return;
    }
  }

  /** Takes the last `chars` characters of shown text back out, across parts if need be. */
  private discard(chars: number): string {
    let left = chars;
    let taken = '';
    for (let i = this.parts.length - 1; i >= 0 && left > 0; i--) {
      const p = this.parts[i];
      if (p.kind !== 'text') continue;
      const n = Math.min(left, p.text.length);
      taken = p.text.slice(p.text.length - n) + taken;
      p.text = p.text.slice(0, p.text.length - n);
      left -= n;
      if (p.text === '') this.parts.splice(i, 1);
    }
    return taken;
  }
}

/** What names a tool call within its answer: its step and index, or its id from a server that sends neither. */
export function stepKey(call: AiToolCall): string {
  const at = callAt(call);
  return at ? `${at.step}/${at.index}` : `id:${call.callId}`;
}

/** The call's step and index, when the server sent them. */
export function callAt(call: AiToolCall): AiToolCallAt | undefined {
  return typeof call.step === 'number' && typeof call.index === 'number' ? { step: call.step, index: call.index } : undefined;
}

/** Runs a callback at most once per animation frame, however often it is asked for. */
export class FrameScheduler {
  private pending = false;

  constructor(private readonly run: () => void,
              private readonly requestFrame: (cb: () => void) => unknown = (cb) => requestAnimationFrame(cb)) {}

  schedule(): void {
    if (this.pending) return;
    this.pending = true;
    this.requestFrame(() => {
      this.pending = false;
      this.run();
    });
  }

  /** Runs now (the answer finished): the last text must not wait for a frame a hidden tab never gets. */
  flush(): void {
    this.pending = false;
    this.run();
  }
}

const ERROR_MEANING: Record<number, string> = {
  1001: 'Something the request named was not found.',
  1003: 'The edit could not be applied as it was asked for (the message says why); nothing was changed.',
  1004: 'The request named a path outside the workspace.',
  1005: 'The assistant is not allowed to do this.',
  1006: 'The request or its context is too large for the model.',
  1009: 'No model is available right now (none is configured, or every deployment is unreachable).',
  1010: 'The model provider is rate limiting requests; try again shortly.',
  1011: 'The answer was cancelled.',
  [-1]: 'The connection to the workspace was lost.',
  [-32602]: 'The request was malformed.',
  [-32603]: 'The assistant failed on the server; the incident id is in the message.',
};

/** 1009 once the panel knows (from `ai/status`) whether any model is configured. */
const UNAVAILABLE_MEANING = {
  configured: 'Every configured model failed or could not be reached just now; try again shortly, '
    + 'or check the deployments in the server configuration.',
  unconfigured: 'No model is configured for the assistant; add a deployment to the server configuration.',
};

/**
 * What an `ai/done` error code means, for the line under the message. `modelsConfigured` is
 * what `ai/status` last said, when known: 1009 means something else with models configured.
 */
export function errorMeaning(code: number, modelsConfigured?: boolean): string {
  if (code === 1009 && modelsConfigured !== undefined) {
    return modelsConfigured ? UNAVAILABLE_MEANING.configured : UNAVAILABLE_MEANING.unconfigured;
  }
  return ERROR_MEANING[code] ?? `Error ${code}.`;
}
