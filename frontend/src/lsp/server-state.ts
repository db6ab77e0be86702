/** What the status bar says about the language server of the active editor's language. */

export type ProcessState = 'starting' | 'ready' | 'crashed' | 'restarting' | 'stopped';
export type LinkState = 'connecting' | 'open' | 'waiting' | 'closed';

export interface ServerView {
  /** The language's display name ("TypeScript"). */
  language: string;
  /**
   * The registry's server for the language; `installed` is undefined when the server could not
   * say. `installMethod` and `default` tell which install command applies.
   */
  server: { id: string; name: string; installed?: boolean; installMethod?: 'npm' | 'apt' | 'external'; default?: boolean };
  /** This tab's relay socket, once there is one; `reason` is the close reason of a refused socket. */
  link?: { state: LinkState; reason?: string };
  /** The server process, from `language-servers/status` and `language-servers/stateChanged`. */
  process?: { state: ProcessState; restarts: number; message?: string };
}

export type Tone = 'ready' | 'busy' | 'error' | 'missing';

export interface StatusText {
  text: string;
  tooltip: string;
  tone: Tone;
  /** A codicon name. */
  icon: string;
}

export const INSTALL_COMMAND = './stratus language-servers install';

export function serverStatus(v: ServerView): StatusText {
  const { id, name } = v.server;
  const say = (tone: Tone, icon: string, word: string | undefined, tooltip: string): StatusText =>
    ({ text: word ? `${id}: ${word}` : id, tooltip, tone, icon });
  if (v.server.installed === false) {
    return { text: `${v.language}: no language server`, tone: 'missing', icon: 'circle-slash', tooltip: `${name} is not installed. ${howToInstall(v.server)}` };
  }
  const p = v.process;
  const restarts = p && p.restarts > 0 ? ` It restarted ${p.restarts} time${p.restarts === 1 ? '' : 's'}.` : '';
  const message = p?.message ? ` ${p.message}` : '';
  if (p?.state === 'crashed') {
    return say('error', 'error', 'crashed', `${name} crashed and is not restarted any more.${message}${restarts} Click to start it again.`);
  }
  const link = v.link;
  if (link?.state === 'closed') {
    return say('error', 'error', 'unavailable', `${name} is not available${link.reason ? `: ${link.reason}` : '.'} Click to try again.`);
  }
  if (link?.state === 'waiting') {
    const why = link.reason ? ` (${link.reason})` : '';
    return say('busy', 'sync', 'reconnecting', `Lost the connection to ${name}${why}; reconnecting. Click to retry now.`);
  }
  if (p?.state === 'restarting') return say('busy', 'sync', 'restarting', `${name} stopped unexpectedly and is restarting.${message}${restarts}`);
  if (p?.state === 'stopped') return say('busy', 'circle-slash', 'stopped', `${name} is stopped; it starts again with the next file of its language.`);
  if (p?.state === 'starting' || !link || link.state === 'connecting') {
    return say('busy', 'sync', 'starting', `${name} is starting.`);
  }
  return say('ready', 'check', undefined, `${name} is ready for ${v.language}.${restarts}`);
}

function howToInstall(server: ServerView['server']): string {
  if (server.installMethod === 'external') {
    return `It is installed by hand, not by ${INSTALL_COMMAND}: see "Language servers" in the README.`;
  }
  if (server.default === false) return `Install it on the server with ${INSTALL_COMMAND} ${server.id}`;
  return `Install the default language servers on the server with ${INSTALL_COMMAND}`;
}
