import type { AiFileEdit, AiToolCallAt } from '../rpc/ai-client';
import { h } from '../ui/dom';
import { approvalRequest } from './announcer';
import { callAt, errorMeaning, FrameScheduler, stepKey, type Answer, type AnswerPart, type ToolPart } from './answer';
import { renderGrownMarkdown, type CodeBlock, type GrowingMarkdown } from './markdown';

/** What the buttons of an answer do; the chat view supplies them. */
export interface AnswerActions {
  copy(text: string): void;
  insert(text: string): void;
  /** Applies a code block to the active file, reviewed first; absent where nothing can apply it. */
  apply?(text: string): void;
  /** `at`: the call's step and index, when the server sent them (they name it; ids may repeat). */
  approve(callId: string, approved: boolean, at?: AiToolCallAt): void;
  /**
   * Shows the review of a `propose_edit` call's edit (the file as the assistant read it, and the
   * proposal with the file's secrets back, as the server sends them); absent where none can be written.
   */
  review?(edit: AiFileEdit): void;
  /**
   * A stored answer's `propose_edit`, kept as the model wrote it (no `edit` is kept, so none of
   * the file's secrets): shows its review once the server has put them back. Absent where it
   * cannot be written.
   */
  reviewAgain?(path: string, content: string): void;
  /** Absent for a stored answer: creates the new file a `propose_edit` call proposed. */
  create?(path: string, content: string): void;
  /** Monaco's colorizer: HTML of the code highlighted as `lang`, or undefined to leave it plain. */
  colorize(code: string, lang: string): Promise<string | undefined>;
}

const NOTICE_ICON: Record<string, string> = {
  fallback: 'arrow-swap', restart: 'debug-restart', waiting: 'watch', escalation: 'arrow-up', tool: 'tools', steps: 'debug-stop',
  thinking: 'lightbulb',
};

/** How the assistant's `propose_edit` result begins for a file that does not exist yet. */
const NEW_FILE_RESULT = 'Proposed a new file ';

const TOOL_ICON: Record<string, string> = {
  pending: 'circle-large-outline', running: 'loading codicon-modifier-spin', done: 'check', denied: 'circle-slash', failed: 'error',
  stopped: 'debug-stop', repeated: 'history',
};

/** What a step's state is called where its own name would not say it. */
const TOOL_STATE_TEXT: Record<string, string> = { repeated: 'not run again: a repeat' };

/** Highlighted code is kept: the same block is drawn again when its conversation is reopened. */
const colorized = new Map<string, string>();

/** A drawn part; a text part also keeps its top-level Markdown blocks, each with what it shows. */
interface DrawnPart {
  el: HTMLElement;
  key: string;
  pieces?: { el: HTMLElement; key: string }[];
  /** A text part's last rendering, carried on as the text grows. */
  markdown?: GrowingMarkdown;
}

/**
 * One assistant answer in the chat: its text parts as Markdown (redrawn at most once per frame
 * while deltas arrive, block by block), notices and tool steps where they happened, then the
 * route line or the error.
 */
export class AnswerView {
  readonly el: HTMLElement;
  private readonly body = h('div', { class: 'ai-answer-body' });
  /** The collapsed Thinking section above the answer, once the model showed any thinking. */
  private thinking: { el: HTMLDetailsElement; summary: HTMLElement; text: HTMLElement } | undefined;
  private readonly thinkingSlot = h('div', { class: 'ai-thinking-slot' });
  private readonly footer = h('div', { class: 'ai-answer-footer' });
  /** What each part's element shows, to redraw only parts that changed. */
  private readonly drawn: DrawnPart[] = [];
  private drawnStatus = '';
  private retry: (() => void) | undefined;
  private readonly scheduler: FrameScheduler;
  /** Tool calls waiting for approval that were brought into view, each once. */
  private readonly asked = new Set<string>();
  /** How many of the answer's notices were said; notices are only added, and replaced in place. */
  private noticesSaid = 0;

  /**
   * `changed` runs after each redraw; `modelsConfigured` is what `ai/status` last said (undefined
   * when not known), for the meaning of an error; `urgent` says what a screen reader must say at
   * once, `polite` what it says when it has finished what it is saying.
   */
  constructor(private readonly answer: Answer, private readonly actions: AnswerActions, private readonly changed: () => void,
              private readonly modelsConfigured: () => boolean | undefined = () => undefined,
              private readonly urgent: (text: string) => void = () => undefined,
              private readonly polite: (text: string) => void = () => undefined) {
    // Named, as the user's messages are, so a screen reader says who wrote it.
    this.el = h('div', { class: 'ai-message ai-assistant', role: 'article', 'aria-label': 'Assistant', 'data-testid': 'ai-message',
      'data-role': 'assistant' }, this.thinkingSlot, this.body, this.footer);
    this.scheduler = new FrameScheduler(() => this.render());
    this.render();
  }

  /**
   * Offers Try again under the answer once it ended in an error (stopped, cancelled, every model
   * failed, the connection lost), or under a reopened one that did: `run` asks the same again.
   * None takes the offer back.
   */
  offerRetry(run: (() => void) | undefined): void {
    if (this.retry === run) return;
    this.retry = run;
    this.drawnStatus = '';
    this.render();
  }

  /** The answer changed: redraw on the next frame, or now once it is complete. */
  update(): void {
    if (this.answer.status === 'streaming') this.scheduler.schedule();
    else this.scheduler.flush();
  }

  private render(): void {
    const a = this.answer;
    this.el.dataset.state = a.status;
    // Read once it is complete, not again with every piece.
    this.el.setAttribute('aria-busy', String(a.status === 'streaming'));
    this.renderThinking();
    a.parts.forEach((part, i) => this.renderPart(part, i));
    for (const stale of this.drawn.splice(a.parts.length)) stale.el.remove();
    const status = `${a.status}:${a.revision}`;
    if (status !== this.drawnStatus) {
      this.drawnStatus = status;
      this.footer.replaceChildren(...this.footerContent());
    }
    this.changed();
    this.revealApprovals();
    this.sayNotices();
  }

  /**
   * A notice (a fallback, a wait for a rate-limited model, an escalation, a limit reached) is said
   * once, when it comes: the answer itself is no live region. Those of one frame are said together,
   * or the later would cut the earlier off; a reopened answer's were said when they happened.
   */
  private sayNotices(): void {
    if (this.answer.isStored) return;
    const notices = this.answer.parts.flatMap((p) => (p.kind === 'notice' ? [p.message] : []));
    const fresh = notices.slice(this.noticesSaid);
    this.noticesSaid = notices.length;
    if (fresh.length) this.polite(fresh.join(' '));
  }

  /**
   * A command waiting for approval is brought into view once, even when the user scrolled up to
   * read: nothing goes on until it is answered. Scrolling moves no focus, so typing goes on.
   */
  private revealApprovals(): void {
    for (const [i, part] of this.drawn.entries()) {
      const step = part.el;
      const key = step.dataset.stepKey;
      const buttons = step.querySelector<HTMLElement>('.ai-tool-approval');
      if (!key || !buttons || this.asked.has(key) || !step.isConnected) continue;
      this.asked.add(key);
      const call = this.answer.parts[i];
      if (call?.kind === 'tool') this.urgent(approvalRequest(call.call.name, commandOf(call.call.name, call.call.arguments)));
      // The buttons, then the command above them: the command wins when both do not fit.
      buttons.scrollIntoView({ block: 'nearest' });
      (step.querySelector<HTMLElement>('[data-testid="ai-tool-command"]') ?? step).scrollIntoView({ block: 'nearest' });
    }
  }

  /**
   * The Thinking section: collapsed, its text grown in place (so one the user opened stays open,
   * and nothing takes the focus or the scroll), its summary saying whether the model still thinks
   * or what its `thinking` notices said. Not a live region: a screen reader is told once, by the
   * notice, that the model thought.
   */
  private renderThinking(): void {
    const a = this.answer;
    const text = a.thinkingText;
    if (!text) return;
    if (!this.thinking) {
      const summary = h('summary', { 'data-testid': 'ai-thinking-summary' });
      const pre = h('pre', { class: 'ai-thinking-text', 'data-testid': 'ai-thinking-text' });
      const el = h('details', { class: 'ai-details ai-thinking', 'data-testid': 'ai-thinking' }, summary, pre) as HTMLDetailsElement;
      this.thinking = { el, summary, text: pre };
      this.thinkingSlot.append(el);
    }
    const t = a.thinking!;
    const now = t.open && a.status === 'streaming';
    const summary = now ? 'Thinking…' : t.ended.length ? t.ended.join(' ') : 'Thinking';
    this.thinking.el.dataset.state = now ? 'thinking' : 'thought';
    if (this.thinking.summary.textContent !== summary) this.thinking.summary.textContent = summary;
    if (this.thinking.text.textContent !== text) this.thinking.text.textContent = text;
  }

  private renderPart(part: AnswerPart, i: number): void {
    if (part.kind === 'text') return this.renderText(part.text, i);
    // A think block's notice is the Thinking section's summary once that shows its thinking: not said twice.
    const merged = part.kind === 'notice' && part.notice === 'thinking' && this.answer.thinkingText !== '';
    const key = part.kind === 'tool' ? `c:${JSON.stringify(part.call)}`
      : `n:${part.notice}:${part.message}:${part.discarded ?? ''}:${merged}`;
    if (this.drawn[i]?.key === key) return;
    const el = part.kind === 'tool' ? this.toolEl(part)
      : merged ? h('div', { class: 'ai-notice-merged', hidden: '', 'data-kind': part.notice }) : noticeEl(part);
    this.place(i, { el, key });
  }

  private place(i: number, part: DrawnPart): void {
    const old = this.drawn[i];
    if (old) old.el.replaceWith(part.el);
    else this.body.append(part.el);
    this.drawn[i] = part;
  }

  /**
   * A text part, one top-level block at a time: a block that comes out as it did last frame keeps
   * its element, so the buttons of a closed code block take clicks and a selection in an earlier
   * paragraph survives while the block being written is built again.
   */
  private renderText(text: string, i: number): void {
    const final = this.answer.status !== 'streaming';
    const key = `t:${text}:${final}`;
    let part = this.drawn[i];
    if (part?.key === key) return;
    if (!part?.pieces) {
      part = { el: h('div', { class: 'ai-md' }), key, pieces: [] };
      this.place(i, part);
    }
    part.key = key;
    const drawn = part.pieces!;
    part.markdown = renderGrownMarkdown(text, part.markdown);
    const { pieces, blocks } = part.markdown;
    pieces.forEach((piece, j) => {
      // An open code block is highlighted once the answer ends: that changes its block too.
      const pieceKey = `${piece.blocks.map((b) => (blocks[b].closed || final ? 'c' : 'o')).join('')}:${piece.html}`;
      const old = drawn[j];
      if (old?.key === pieceKey) return;
      const el = this.pieceEl(piece.html, blocks);
      if (old) old.el.replaceWith(el);
      else part.el.append(el);
      drawn[j] = { el, key: pieceKey };
    });
    for (const stale of drawn.splice(pieces.length)) stale.el.remove();
  }

  /** One block's element from its HTML, with its code blocks' buttons. */
  private pieceEl(html: string, blocks: CodeBlock[]): HTMLElement {
    const template = document.createElement('template');
    // Safe by construction: renderMarkdown escapes raw HTML and filters link targets.
    template.innerHTML = html;
    const children = [...template.content.children] as HTMLElement[];
    const el = children.length === 1 ? children[0] : h('div', {}, ...template.content.childNodes);
    const boxes = [...(el.matches('.ai-code') ? [el] : []), ...el.querySelectorAll<HTMLElement>('.ai-code')];
    for (const box of boxes) {
      const block = blocks[Number(box.dataset.index)];
      if (block) this.decorateCode(box, block);
    }
    return el;
  }

  private decorateCode(box: HTMLElement, block: CodeBlock): void {
    const button = (testId: string, icon: string, label: string, run: () => void) => {
      const b = h('button', { class: 'icon-btn', type: 'button', title: label, 'aria-label': label, 'data-testid': testId },
        h('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
      b.addEventListener('click', run);
      return b;
    };
    const bar = h('div', { class: 'ai-code-bar' }, h('span', { class: 'ai-code-lang' }, block.lang),
      button('ai-code-copy', 'copy', 'Copy', () => this.actions.copy(block.text)),
      button('ai-code-insert', 'insert', 'Insert at cursor', () => this.actions.insert(block.text)));
    const apply = this.actions.apply;
    if (apply) bar.append(button('ai-code-apply', 'diff', 'Apply as edit (review first)', () => apply(block.text)));
    box.prepend(bar);
    // An open block still grows with every delta: it is highlighted once its fence closes.
    if (!block.closed && this.answer.status === 'streaming') return;
    const code = box.querySelector('code');
    if (!code) return;
    const cacheKey = `${block.lang}\n${block.text}`;
    const cached = colorized.get(cacheKey);
    if (cached !== undefined) {
      code.innerHTML = cached;
      return;
    }
    void this.actions.colorize(block.text, block.lang).then((html) => {
      if (html === undefined) return;
      if (colorized.size > 200) colorized.clear();
      colorized.set(cacheKey, html);
      // Monaco's colorizer escapes the code; its output is spans of token classes.
      code.innerHTML = html;
    }, () => undefined);
  }

  private toolEl(part: ToolPart): HTMLElement {
    const c = part.call;
    const args = JSON.stringify(toolArguments(c.arguments) ?? {}, null, 2);
    const el = h('div', { class: 'ai-tool-step', 'data-testid': 'ai-tool-step', 'data-state': c.state, 'data-call-id': c.callId,
      'data-step-key': stepKey(c) },
      h('div', { class: 'ai-tool-head' },
        h('span', { class: `codicon codicon-${TOOL_ICON[c.state] ?? 'tools'}`, 'aria-hidden': 'true' }),
        h('span', { class: 'ai-tool-name' }, c.name),
        h('span', { class: 'ai-tool-state' },
          c.state === 'pending' && c.requiresApproval ? 'waiting for approval' : TOOL_STATE_TEXT[c.state] ?? c.state)),
      ...commandLine(c.name, c.arguments),
      // What the user is asked to approve is shown, not folded away.
      details('Arguments', args, c.state === 'pending' && c.requiresApproval));
    if (c.result !== undefined) {
      // A failed step's result is why it failed, a repeat's why it was not run: shown, not folded away.
      el.append(details('Result', typeof c.result === 'string' ? c.result : JSON.stringify(c.result, null, 2),
        c.state === 'failed' || c.state === 'repeated'));
    }
    const proposal = proposedEdit(c.name, c.arguments);
    const isNew = typeof c.result === 'string' && c.result.startsWith(NEW_FILE_RESULT);
    if (proposal && c.state === 'done' && isNew && this.actions.create) {
      // The content to create is in the Arguments above; creating refuses to replace a file.
      const create = h('button', { class: 'btn primary', type: 'button', 'data-testid': 'ai-tool-create' }, `Create ${proposal.path}`);
      create.addEventListener('click', () => {
        create.disabled = true;
        this.actions.create?.(proposal.path, proposal.content);
      });
      el.append(h('div', { class: 'ai-tool-actions' }, create));
    } else if (c.name === 'propose_edit' && c.state === 'done' && c.argumentsCut) {
      el.append(h('div', { class: 'ai-tool-note', 'data-testid': 'ai-tool-cut' },
        'This proposal was too large to keep with the conversation; it cannot be reviewed again.'));
    } else if (c.edit && c.state === 'done' && this.actions.review) {
      // The edit, not the arguments: the model wrote those from the redacted file, placeholders for its secrets.
      const edit = c.edit;
      const review = h('button', { class: 'btn primary', type: 'button', 'data-testid': 'ai-tool-review' }, 'Review changes');
      review.addEventListener('click', () => this.actions.review?.(edit));
      el.append(h('div', { class: 'ai-tool-actions' }, review));
    } else if (proposal && c.state === 'done' && this.answer.isStored && this.actions.reviewAgain) {
      const review = h('button', { class: 'btn primary', type: 'button', 'data-testid': 'ai-tool-review' }, 'Review changes');
      review.addEventListener('click', () => this.actions.reviewAgain?.(proposal.path, proposal.content));
      el.append(h('div', { class: 'ai-tool-actions' }, review));
    }
    if (c.state === 'pending' && c.requiresApproval && this.answer.status === 'streaming') {
      const approve = h('button', { class: 'btn primary', type: 'button', 'data-testid': 'ai-tool-approve' }, 'Approve');
      const deny = h('button', { class: 'btn', type: 'button', 'data-testid': 'ai-tool-deny' }, 'Deny');
      const decide = (approved: boolean) => {
        approve.disabled = deny.disabled = true;
        const at = callAt(c);
        if (at) this.actions.approve(c.callId, approved, at);
        else this.actions.approve(c.callId, approved);
      };
      approve.addEventListener('click', () => decide(true));
      deny.addEventListener('click', () => decide(false));
      const command = commandOf(c.name, c.arguments);
      // Named by what is asked, so Approve and Deny say what they decide.
      el.append(h('div', { class: 'ai-tool-actions ai-tool-approval', role: 'group',
        'aria-label': command === undefined ? `Run the tool ${c.name}?` : `Run the command ${command}?` }, approve, deny));
    }
    return el;
  }

  private footerContent(): HTMLElement[] {
    const a = this.answer;
    const out: HTMLElement[] = [];
    if (a.status === 'streaming') {
      out.push(h('div', { class: 'ai-progress', 'data-testid': 'ai-progress' },
        h('span', { class: 'codicon codicon-loading codicon-modifier-spin', 'aria-hidden': 'true' }), a.reconnecting ? 'Connection lost: reconnecting…' : a.text ? 'Writing…' : 'Thinking…'));
    }
    if (a.error) {
      out.push(h('div', { class: 'ai-error', 'data-testid': 'ai-error', 'data-code': String(a.error.code), role: 'alert' },
        h('span', { class: 'codicon codicon-error', 'aria-hidden': 'true' }),
        h('span', { class: 'ai-error-message' }, a.error.message),
        h('span', { class: 'ai-error-meaning' }, errorMeaning(a.error.code, this.modelsConfigured()))));
    }
    // Under the error, or under a reopened answer whose stored text says how it ended.
    const retry = this.retry;
    if (retry) {
      const button = h('button', { class: 'btn', type: 'button', 'data-testid': 'ai-retry' }, 'Try again');
      button.addEventListener('click', () => retry());
      out.push(h('div', { class: 'ai-error-actions' }, button));
    }
    // The whole answer as Markdown, as VS Code's chat copies a response; its code blocks have their own.
    if (a.status !== 'streaming' && a.text.trim()) {
      const copy = h('button', { class: 'icon-btn', type: 'button', title: 'Copy answer', 'aria-label': 'Copy answer',
        'data-testid': 'ai-answer-copy' }, h('span', { class: 'codicon codicon-copy', 'aria-hidden': 'true' }));
      copy.addEventListener('click', () => this.actions.copy(a.text));
      out.push(h('div', { class: 'ai-answer-actions' }, copy));
    }
    if (a.route) out.push(routeEl(a));
    return out;
  }
}

function noticeEl(part: Extract<AnswerPart, { kind: 'notice' }>): HTMLElement {
  const el = h('div', { class: `ai-notice ai-notice-${part.notice}`, 'data-testid': 'ai-notice', 'data-kind': part.notice },
    h('span', { class: `codicon codicon-${NOTICE_ICON[part.notice] ?? 'info'}`, 'aria-hidden': 'true' }),
    h('span', {}, part.message));
  if (part.discarded && part.notice === 'thinking') {
    el.append(details('Thinking', part.discarded));
  } else if (part.discarded) {
    el.append(h('del', { class: 'ai-discarded', 'data-testid': 'ai-discarded', title: 'Text dropped when the answer restarted' },
      part.discarded));
  }
  return el;
}

function details(summary: string, text: string, open = false): HTMLElement {
  const el = h('details', { class: 'ai-details' }, h('summary', {}, summary), h('pre', {}, text));
  if (open) el.setAttribute('open', '');
  return el;
}

/** A `run_command` call's command line, as a shell would show it; nothing for other tools. */
function commandLine(name: string, args: unknown): HTMLElement[] {
  const command = commandOf(name, args);
  if (command === undefined) return [];
  const cwd = (toolArguments(args) as { cwd?: unknown }).cwd;
  return [h('pre', { class: 'ai-tool-command', 'data-testid': 'ai-tool-command' }, `${typeof cwd === 'string' && cwd ? `${cwd} ` : ''}$ ${command}`)];
}

/** A `run_command` call's command; undefined for other tools. */
function commandOf(name: string, args: unknown): string | undefined {
  const value = toolArguments(args) as { command?: unknown } | null;
  return name === 'run_command' && typeof value?.command === 'string' ? value.command : undefined;
}

/** "fast · gpt-4o-mini · 812 + 130 tokens", with the reasons and fallbacks expandable. */
function routeEl(a: Answer): HTMLElement {
  const r = a.route!;
  const summary = [r.tier, r.model || r.deployment].filter(Boolean).join(' · ');
  const tokens = a.usage ? ` · ${a.usage.promptTokens} + ${a.usage.completionTokens} tokens` : '';
  const why = h('ul', { class: 'ai-route-reasons' }, ...r.reasons.map((reason) => h('li', {}, reason)));
  const fallbacks = (r.fallbacks ?? []).map((f) => h('li', {}, `fell back from ${f.deployment}: ${f.reason}`));
  if (fallbacks.length) why.append(...fallbacks);
  return h('details', { class: 'ai-route', 'data-testid': 'ai-route', 'data-tier': r.tier },
    h('summary', { title: 'Why this model' }, `${summary}${r.deployment && r.model ? ` (${r.deployment})` : ''}${tokens}`
      + (fallbacks.length ? ` · ${fallbacks.length} fallback${fallbacks.length > 1 ? 's' : ''}` : '')), why);
}

/** The file and content of a `propose_edit` call, when its arguments hold both. */
export function proposedEdit(name: string, args: unknown): { path: string; content: string } | undefined {
  const value = toolArguments(args);
  if (name !== 'propose_edit' || typeof value !== 'object' || value === null) return undefined;
  const { path, content } = value as { path?: unknown; content?: unknown };
  return typeof path === 'string' && path !== '' && typeof content === 'string' ? { path, content } : undefined;
}

/** A call's arguments as a value: the server sends them as the model wrote them, a JSON string. */
function toolArguments(args: unknown): unknown {
  if (typeof args !== 'string') return args;
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return args;
  }
}
