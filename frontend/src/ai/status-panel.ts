import type { AiClient, AiStatus } from '../rpc/ai-client';
import { describeError, errorCode, ErrorCode } from '../rpc/errors';
import { h } from '../ui/dom';
import { renderMarkdown } from './markdown';

/** One OpenAI-compatible deployment, the smallest useful configuration. */
export const EXAMPLE_CONFIG = `ai:
  deployments:
    - name: local
      tier: small
      provider: openai          # any OpenAI-compatible server: Ollama, vLLM, llama.cpp, LM Studio
      baseUrl: http://127.0.0.1:11434/v1
      model: qwen2.5-coder:7b
      # apiKeyEnv: OPENAI_API_KEY   # the variable holding the key, when the server needs one
`;

/** What the panel shows for an `ai/status` answer or failure. Pure. */
export type StatusNote =
  | { kind: 'ready' }
  | { kind: 'not-configured'; help: string }
  | { kind: 'unavailable'; message: string };

export function describeStatus(status: AiStatus | undefined, error?: unknown): StatusNote {
  if (error !== undefined) {
    const code = errorCode(error);
    const message = code === -32601 || code === ErrorCode.Unavailable
      ? 'The AI assistant is not available on this server (its extension is not installed, turned off, or failed to start).'
      : describeError('Cannot reach the AI assistant', error);
    return { kind: 'unavailable', message };
  }
  if (!status?.configured) {
    return { kind: 'not-configured', help: status?.help?.trim() || 'No model is configured for the AI assistant yet.' };
  }
  return { kind: 'ready' };
}

/**
 * The panel over the chat when the assistant cannot answer: no model is configured (with the
 * server's help and an example), or the assistant is not there at all. Nothing here is an error.
 */
export class StatusPanel {
  readonly el = h('div', { class: 'ai-status', hidden: true });
  /** The latest check: an earlier one that ends after it (say, one sent before the connection opened) is not shown. */
  private latest = 0;

  /**
   * `configured` hears after every check whether the assistant can answer, and what the check
   * found; `hadFocus` says the keyboard was on the panel, which goes once the assistant can answer.
   */
  constructor(private readonly client: AiClient,
              private readonly configured: (ready: boolean, note: StatusNote, hadFocus: boolean) => void) {}

  async refresh(): Promise<StatusNote> {
    const check = ++this.latest;
    let note: StatusNote;
    try {
      note = describeStatus(await this.client.status());
    } catch (e) {
      note = describeStatus(undefined, e);
    }
    if (check === this.latest) this.show(note);
    return note;
  }

  private show(note: StatusNote): void {
    // Check again draws the panel anew: the keyboard on its button stays on the new one.
    const hadFocus = this.el.contains(document.activeElement);
    this.el.hidden = note.kind === 'ready';
    this.configured(note.kind === 'ready', note, hadFocus);
    if (note.kind === 'ready') {
      this.el.replaceChildren();
      return;
    }
    const again = h('button', { class: 'btn', type: 'button', 'data-testid': 'ai-status-refresh' }, 'Check again');
    again.addEventListener('click', () => void this.refresh());
    if (note.kind === 'unavailable') {
      this.el.replaceChildren(h('div', { class: 'ai-panel', 'data-testid': 'ai-unavailable' },
        h('h3', {}, 'AI assistant unavailable'), h('p', {}, note.message), again));
      if (hadFocus) again.focus();
      return;
    }
    const help = h('div', { class: 'ai-md' });
    // The server's help is Markdown; rendered like an answer, so it cannot carry live HTML.
    help.innerHTML = renderMarkdown(note.help).html;
    // A help with its own example needs no second one; one without (an older server) gets ours.
    const own = help.querySelector('pre');
    own?.setAttribute('data-testid', 'ai-config-example');
    const example = own ? [] : [
      h('p', {}, 'For example, one OpenAI-compatible deployment in the server configuration:'),
      h('pre', { class: 'ai-example', 'data-testid': 'ai-config-example' }, EXAMPLE_CONFIG)];
    this.el.replaceChildren(h('div', { class: 'ai-panel', 'data-testid': 'ai-not-configured' },
      h('h3', {}, 'Connect a model to use the assistant'), help, ...example,
      h('p', { class: 'ai-muted' }, 'After changing the configuration, check again.'), again));
    if (hadFocus) again.focus();
  }
}
