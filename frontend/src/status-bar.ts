import type { CursorInfo } from './editor/editor-area';
import { describeCounts, type ProblemCounts } from './lsp/diagnostics';
import type { StatusText } from './lsp/server-state';
import type { StateInfo } from './rpc/connection';
import { h } from './ui/dom';

const STATE_LABEL: Record<StateInfo['state'], string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  waiting: 'Offline',
  closed: 'Disconnected',
};

export interface StatusItemOptions {
  text: string;
  tooltip?: string;
  command?: string;
  alignment?: 'left' | 'right';
}

export interface StatusItem {
  update(patch: Partial<StatusItemOptions>): void;
  dispose(): void;
}

export interface StatusBarActions {
  toggleTheme(): void;
  logout(): void;
  toggleProblems(): void;
  /** The language server item was clicked (reconnect a server that gave up). */
  languageServer(): void;
}

export class StatusBar {
  readonly el: HTMLElement;
  private readonly connection = h('span', { class: 'status-item conn', 'data-testid': 'status-connection', 'data-state': 'connecting' }, 'Connecting…');
  private readonly workspace = h('span', { class: 'status-item', 'data-testid': 'status-workspace' });
  private readonly language = h('span', { class: 'status-item', 'data-testid': 'status-language' });
  private readonly position = h('span', { class: 'status-item', 'data-testid': 'status-position' });
  private readonly user = h('span', { class: 'status-item', 'data-testid': 'status-user' });
  private readonly theme = h('button', { class: 'status-item status-btn', type: 'button', 'data-testid': 'theme-toggle' });
  private readonly problems = h('button', { class: 'status-item status-btn', type: 'button', 'data-testid': 'status-problems' });
  private readonly server = h('button', { class: 'status-item status-btn', type: 'button', 'data-testid': 'status-language-server', hidden: true });

  private readonly leftItems = h('span', { class: 'status-items' });
  private readonly rightItems = h('span', { class: 'status-items' });
  private itemCount = 0;

  constructor(actions: StatusBarActions, private readonly languageName: (id: string) => string) {
    const logout = h('button', { class: 'status-item status-btn', type: 'button', 'data-testid': 'logout-button', title: 'Sign out' }, 'Sign out');
    this.theme.addEventListener('click', () => actions.toggleTheme());
    logout.addEventListener('click', () => actions.logout());
    this.problems.addEventListener('click', () => actions.toggleProblems());
    this.server.addEventListener('click', () => actions.languageServer());
    this.el = h('footer', { class: 'status-bar', 'data-testid': 'status-bar' },
      h('div', { class: 'status-left' }, this.connection, this.workspace, this.problems, this.leftItems),
      h('div', { class: 'status-right' }, this.rightItems, this.position, this.language, this.server, this.user, this.theme, logout));
    this.setProblems({ errors: 0, warnings: 0, infos: 0 });
  }

  /**
   * An item of a browser extension (`owner`), `data-testid="status-item-<owner>-<n>"`; with a
   * `command` it is a button that runs it.
   */
  addItem(owner: string, options: StatusItemOptions, run: (command: string) => void): StatusItem {
    let o = { ...options };
    const el = h('button', { class: 'status-item status-btn status-ext', type: 'button',
      'data-testid': `status-item-${owner}-${++this.itemCount}`, 'data-extension': owner });
    el.addEventListener('click', () => { if (o.command) run(o.command); });
    const draw = () => {
      el.textContent = String(o.text ?? '');
      el.title = o.tooltip ?? '';
      el.disabled = !o.command;
      const side = o.alignment === 'right' ? this.rightItems : this.leftItems;
      if (el.parentElement !== side) side.append(el);
    };
    draw();
    let disposed = false;
    return {
      update: (patch) => { if (!disposed) { o = { ...o, ...patch }; draw(); } },
      dispose: () => { disposed = true; el.remove(); },
    };
  }

  /** Error and warning counts of the whole workspace; a click shows the Problems panel. */
  setProblems(c: ProblemCounts): void {
    const icon = (name: string) => h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
    this.problems.replaceChildren(icon('error'), ` ${c.errors} `, icon('warning'), ` ${c.warnings}`);
    this.problems.title = `${describeCounts(c)} (Ctrl+Shift+M)`;
    this.problems.dataset.errors = String(c.errors);
    this.problems.dataset.warnings = String(c.warnings);
  }

  /** The active editor's language server; undefined hides the item (no server for the language). */
  setLanguageServer(s: StatusText | undefined): void {
    this.server.hidden = s === undefined;
    if (!s) return;
    const spin = s.tone === 'busy' && s.icon === 'sync' ? ' codicon-modifier-spin' : '';
    this.server.replaceChildren(h('span', { class: `codicon codicon-${s.icon}${spin}`, 'aria-hidden': 'true' }), ` ${s.text}`);
    this.server.title = s.tooltip;
    this.server.dataset.tone = s.tone;
  }

  setConnection(info: StateInfo): void {
    this.connection.dataset.state = info.state;
    this.connection.textContent = `● ${STATE_LABEL[info.state]}`;
  }

  setWorkspace(name: string): void {
    this.workspace.textContent = name;
    this.workspace.title = `Workspace ${name}`;
  }

  setUser(name: string, role: string): void {
    this.user.textContent = name;
    this.user.title = `Signed in as ${name} (${role})`;
  }

  setTheme(theme: 'dark' | 'light'): void {
    this.theme.textContent = theme === 'dark' ? '☾ Dark' : '☀ Light';
    this.theme.title = `Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`;
    this.theme.dataset.theme = theme;
  }

  setCursor(c: CursorInfo): void {
    this.position.hidden = this.language.hidden = c.path === undefined;
    this.position.textContent = `Ln ${c.line}, Col ${c.column}`;
    this.language.textContent = c.languageId ? this.languageName(c.languageId) : '';
  }
}
