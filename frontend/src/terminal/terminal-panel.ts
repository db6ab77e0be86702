import { describeError } from '../rpc/errors';
import type { TerminalClient, TerminalInfo } from '../rpc/terminal-client';
import { showDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { toast } from '../ui/toast';
import type { PanelView } from '../workbench/bottom-panel';
import { TerminalView } from './terminal-view';

/** The shell for new terminals, when the user set one (an entry of the server's /etc/shells). */
function preferredShell(): string | undefined {
  try {
    return localStorage.getItem('stratus.terminal.shell')?.trim() || undefined;
  } catch {
    return undefined;
  }
}

interface Tab {
  view: TerminalView;
  title: string;
}

export interface TerminalPanelOptions {
  panel: PanelView;
  client: TerminalClient;
  socketUrl(terminalId: string, from: number, lines: number): string;
  theme: 'dark' | 'light';
  /** Called on terminal output (debounce it). */
  output(): void;
}

/** The Terminal panel: tabs of terminals (create, close, rename), reattached after a reload. */
export class TerminalPanel {
  private readonly tabs: Tab[] = [];
  private active: Tab | undefined;
  private readonly tabStrip = h('div', { class: 'panel-tabs', role: 'tablist', 'data-testid': 'terminal-tabs' });
  private theme: 'dark' | 'light';

  constructor(private readonly opts: TerminalPanelOptions) {
    this.theme = opts.theme;
    const button = (id: string, label: string, icon: string, run: () => void) => {
      const b = h('button', { class: 'icon-btn', type: 'button', title: label, 'aria-label': label, 'data-testid': id },
        h('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
      b.addEventListener('click', run);
      return b;
    };
    opts.panel.header.replaceChildren(this.tabStrip,
      button('terminal-new', 'New Terminal', 'add', () => void this.create()),
      button('terminal-kill', 'Close Terminal', 'trash', () => { if (this.active) void this.close(this.active); }));
    opts.client.onExited((p) => {
      const tab = this.tabs.find((t) => t.view.id === p.terminalId);
      if (tab && tab.view.exitCode === undefined) tab.view.exitCode = p.exitCode;
      this.renderTabs();
    });
    opts.panel.onVisibility((visible) => {
      if (visible && this.active) requestAnimationFrame(() => { this.active?.view.mount(); this.active?.view.focus(); });
    });
  }

  get count(): number {
    return this.tabs.length;
  }

  /** Reattaches to the workspace's terminals, each replayed from the start of the server's buffer. */
  async restore(): Promise<void> {
    let list: TerminalInfo[];
    try {
      list = await this.opts.client.list();
    } catch (e) {
      toast(describeError('Cannot list terminals', e), 'error');
      return;
    }
    for (const info of list) {
      if (this.tabs.some((t) => t.view.id === info.terminalId)) continue;
      const tab = this.add(info.title || 'Terminal');
      if (!info.running && typeof info.exitCode === 'number') tab.view.exitCode = info.exitCode;
      tab.view.attach(info.terminalId, 0);
      if (this.opts.panel.visible && tab === this.active) {
        const size = tab.view.mount();
        if (size.cols !== info.cols || size.rows !== info.rows) this.resized(info.terminalId, size.cols, size.rows);
      }
    }
    this.renderTabs();
  }

  /** Opens a new terminal sized to the panel. */
  async create(): Promise<void> {
    this.opts.panel.setVisible(true);
    const tab = this.add(`Terminal ${this.tabs.length + 1}`);
    const size = tab.view.mount();
    try {
      const id = await this.opts.client.create(size.cols, size.rows, undefined, preferredShell());
      tab.view.attach(id, 0);
      // The server's default title may differ: keep ours consistent with it.
      void this.opts.client.rename(id, tab.title).catch(() => undefined);
      tab.view.focus();
    } catch (e) {
      toast(describeError('Cannot open a terminal', e), 'error');
      this.remove(tab);
    }
    this.renderTabs();
  }

  setTheme(theme: 'dark' | 'light'): void {
    this.theme = theme;
    for (const t of this.tabs) t.view.setTheme(theme);
  }

  focus(): void {
    this.active?.view.focus();
  }

  /** The workspace connection stopped answering: the terminals' sockets, likely dead too, are replaced. */
  connectionGone(): void {
    for (const t of this.tabs) t.view.dropped();
  }

  private add(title: string): Tab {
    const view = new TerminalView({
      theme: this.theme,
      socketUrl: this.opts.socketUrl,
      stillExists: async (id) => (await this.opts.client.list()).some((t) => t.terminalId === id),
      resized: (id, cols, rows) => this.resized(id, cols, rows),
      stateChanged: () => this.renderTabs(),
      output: () => this.opts.output(),
    });
    const tab: Tab = { view, title };
    this.tabs.push(tab);
    this.opts.panel.body.append(view.el);
    this.select(tab);
    return tab;
  }

  private resized(id: string, cols: number, rows: number): void {
    this.opts.client.resize(id, cols, rows).catch(() => undefined);
  }

  private select(tab: Tab): void {
    this.active = tab;
    for (const t of this.tabs) t.view.el.hidden = t !== tab;
    if (this.opts.panel.visible) {
      tab.view.mount();
      tab.view.focus();
    }
    this.renderTabs();
  }

  private async close(tab: Tab): Promise<void> {
    const id = tab.view.id;
    this.remove(tab);
    if (id) await this.opts.client.close(id).catch((e) => toast(describeError('Cannot close the terminal', e), 'error'));
  }

  private remove(tab: Tab): void {
    const i = this.tabs.indexOf(tab);
    if (i < 0) return;
    this.tabs.splice(i, 1);
    tab.view.dispose();
    if (this.active === tab) {
      this.active = undefined;
      const next = this.tabs[i] ?? this.tabs[i - 1];
      if (next) this.select(next);
      else this.opts.panel.setVisible(false);
    }
    this.renderTabs();
  }

  private async rename(tab: Tab): Promise<void> {
    const r = await showDialog({
      title: 'Rename terminal', testId: 'terminal-rename-dialog', input: { value: tab.title, label: 'Name' },
      validate: (v) => (v.trim() === '' ? 'A name is required.' : v.length > 100 ? 'At most 100 characters.' : null),
      buttons: [{ id: 'cancel', label: 'Cancel' }, { id: 'ok', label: 'Rename', primary: true }],
    });
    if (r.button !== 'ok') return;
    tab.title = r.value.trim();
    this.renderTabs();
    if (tab.view.id) await this.opts.client.rename(tab.view.id, tab.title).catch((e) => toast(describeError('Cannot rename', e), 'error'));
  }

  private renderTabs(): void {
    this.tabStrip.replaceChildren(...this.tabs.map((t) => {
      const v = t.view;
      const status = v.exitCode !== undefined ? ` (exited ${v.exitCode})`
        : v.state === 'reconnecting' ? ' (reconnecting)' : v.state === 'closed' ? ' (gone)' : '';
      const close = h('button', { class: 'tab-close', type: 'button', 'aria-label': `Close ${t.title}`, title: 'Close' }, '×');
      const el = h('div', { class: `panel-tab${t === this.active ? ' active' : ''}`, role: 'tab', 'aria-selected': String(t === this.active),
        title: 'Double-click to rename', 'data-testid': 'terminal-tab', 'data-terminal-id': v.id ?? '',
        'data-exit-code': v.exitCode !== undefined ? String(v.exitCode) : undefined },
      h('span', { class: 'codicon codicon-terminal', 'aria-hidden': 'true' }),
      h('span', { class: 'panel-tab-title' }, t.title + status), close);
      el.addEventListener('mousedown', (e) => { if (e.target !== close) this.select(t); });
      el.addEventListener('dblclick', () => void this.rename(t));
      close.addEventListener('click', () => void this.close(t));
      return el;
    }));
  }
}
