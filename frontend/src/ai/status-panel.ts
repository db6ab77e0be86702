import type { AiClient, AiFoundServer, AiStatus, AiTier } from '../rpc/ai-client';
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

/**
 * The model a snippet for `server` names: a coding model when a name says so (what the small
 * tier's edits and completions want), else the first that is not for embeddings; undefined when
 * it lists none.
 */
export function pickModel(server: AiFoundServer): string | undefined {
  const chat = server.models.filter((m) => !/embed/i.test(m));
  return chat.find((m) => /cod(e|er|estral|egemma)|starcoder/i.test(m)) ?? chat[0] ?? server.models[0];
}

/** `text` as a YAML scalar: plain when that reads back the same, else double-quoted. */
function yamlScalar(text: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9._/:+@-]*$/.test(text) && !text.endsWith(':') ? text : JSON.stringify(text);
}

/** A `stratus.yaml` section configuring one small deployment on `server`, or undefined when it lists no model. Pure. */
export function snippetFor(server: AiFoundServer): string | undefined {
  const model = pickModel(server);
  if (model === undefined) return undefined;
  return `ai:
  deployments:
    - name: local-small
      tier: small
      provider: openai
      baseUrl: ${yamlScalar(server.baseUrl)}
      model: ${yamlScalar(model)}
`;
}

/** What the panel shows for an `ai/status` answer or failure. Pure. */
export type StatusNote =
  /** `tiers`: those with a deployment, smallest first. */
  | { kind: 'ready'; tiers: AiTier[] }
  | { kind: 'not-configured'; help: string; found?: AiFoundServer[] }
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
    return { kind: 'not-configured', help: status?.help?.trim() || 'No model is configured for the AI assistant yet.',
      found: status?.found?.length ? status.found : undefined };
  }
  const tiers = TIERS.filter((t) => status.deployments.some((d) => d.tier === t));
  return { kind: 'ready', tiers };
}

const TIERS: AiTier[] = ['small', 'medium', 'large'];

/**
 * The panel over the chat when the assistant cannot answer: no model is configured (with the
 * model servers found on the server's machine and a section to paste for each, the server's help
 * and an example), or the assistant is not there at all. Nothing here is an error.
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
    // A server found on the machine comes first, ready to paste; the general help is then the way to another model.
    const found = (note.found ?? []).map((f) => this.foundServer(f));
    const general: HTMLElement[] = found.some((f) => f.querySelector('pre'))
      ? [h('details', { 'data-testid': 'ai-other-model' }, h('summary', {}, 'Or configure another model'), help, ...example)]
      : [help, ...example];
    this.el.replaceChildren(h('div', { class: 'ai-panel', 'data-testid': 'ai-not-configured' },
      h('h3', {}, 'Connect a model to use the assistant'), ...found, ...general,
      h('p', { class: 'ai-muted' }, 'After changing the configuration, check again.'), again));
    if (hadFocus) again.focus();
  }

  /** A server found on the server's machine: what it serves, and a section to paste that uses it. */
  private foundServer(found: AiFoundServer): HTMLElement {
    const models = found.models.length ? ` with ${found.models.join(', ')}` : ', serving no model yet';
    const el = h('div', { class: 'ai-found', 'data-testid': 'ai-found' },
      h('p', {}, `Found on this machine: ${found.server} at ${found.baseUrl}${models}.`));
    const snippet = snippetFor(found);
    if (snippet === undefined) return el;
    const copy = h('button', { class: 'btn', type: 'button', 'data-testid': 'ai-found-copy',
      'aria-label': `Copy the configuration for ${found.server}` }, 'Copy');
    // Said where screen readers hear it; the button keeps its name.
    const said = h('span', { class: 'ai-muted', role: 'status', 'data-testid': 'ai-found-copied' });
    copy.addEventListener('click', () => {
      const done = (text: string) => { said.textContent = text; };
      // Without a clipboard (a page not served over HTTPS or localhost) the text can still be selected by hand.
      const clipboard = navigator.clipboard as Clipboard | undefined;
      if (!clipboard) return done('Cannot copy here: select the text and copy it.');
      clipboard.writeText(snippet).then(() => done('Copied.'), () => done('Cannot copy here: select the text and copy it.'));
    });
    el.append(
      h('p', {}, 'To use it, add this to stratus.yaml (saving the file is picked up within seconds, without a restart):'),
      h('pre', { class: 'ai-example', 'data-testid': 'ai-found-config' }, snippet), h('div', {}, copy, ' ', said),
      h('p', { class: 'ai-muted' }, 'Nothing is sent to it until it is configured.'));
    return el;
  }
}
