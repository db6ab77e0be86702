import { describeError, ErrorCode, errorCode } from '../rpc/errors';
import type { GitClient, GitCommit } from '../rpc/git-client';
import { h } from '../ui/dom';

/** "3 min ago", "2 days ago", else the date. Pure. */
export function relativeTime(time: number, now = Date.now()): string {
  const s = Math.round((now - time) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const hours = Math.round(m / 60);
  if (hours < 24) return `${hours} h ago`;
  const d = Math.round(hours / 24);
  if (d < 30) return `${d} day${d === 1 ? '' : 's'} ago`;
  return new Date(time).toISOString().slice(0, 10);
}

/** The "Commits" section of the Source Control panel: `git/log`, newest first. */
export class LogView {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'log-list', 'data-testid': 'git-log' });
  private readonly header: HTMLButtonElement;
  private expanded = true;
  /** Whether the list shows the history (false until the first successful load). */
  loaded = false;

  constructor(private readonly git: GitClient) {
    this.header = h('button', { class: 'scm-group-header', type: 'button', 'aria-expanded': 'true', 'data-testid': 'log-header' },
      h('span', { class: 'codicon codicon-chevron-down twisty', 'aria-hidden': 'true' }), h('span', {}, 'Commits'));
    this.header.addEventListener('click', () => {
      this.expanded = !this.expanded;
      this.header.setAttribute('aria-expanded', String(this.expanded));
      this.header.firstElementChild!.className = `codicon codicon-chevron-${this.expanded ? 'down' : 'right'} twisty`;
      this.list.hidden = !this.expanded;
      if (this.expanded && !this.loaded) void this.load();
    });
    this.el = h('div', { class: 'scm-log' }, this.header, this.list);
  }

  async load(): Promise<void> {
    if (!this.expanded) {
      this.loaded = false;
      return;
    }
    this.loaded = true;
    let commits: GitCommit[];
    try {
      commits = await this.git.log(50);
    } catch (e) {
      this.loaded = false;
      // Offline: the next status refresh after reconnecting loads it.
      if (errorCode(e) !== ErrorCode.Offline) {
        this.list.replaceChildren(h('div', { class: 'scm-note' }, describeError('Cannot load the history', e)));
      }
      return;
    }
    if (commits.length === 0) {
      this.list.replaceChildren(h('div', { class: 'scm-note', 'data-testid': 'log-empty' }, 'No commits yet.'));
      return;
    }
    this.list.replaceChildren(...commits.map((c) => {
      const subject = c.message.split('\n', 1)[0];
      return h('div', { class: 'log-item', 'data-testid': 'log-item', 'data-id': c.id,
        title: `${c.id}\n${c.author} <${c.email}>\n${new Date(c.time).toLocaleString()}\n\n${c.message}` },
      h('span', { class: 'log-subject', 'data-testid': 'log-subject' }, subject),
      h('span', { class: 'log-meta' }, `${c.id.slice(0, 7)} · ${c.author} · ${relativeTime(c.time)}`));
    }));
  }
}
