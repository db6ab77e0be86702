import '../settings/settings.css';
import './extensions.css';
import type { ExtensionClient, ExtensionInfo } from '../rpc/extension-client';
import { describeError } from '../rpc/errors';
import { h } from '../ui/dom';

/**
 * The Extensions side view: every installed extension with its version, state, permissions and,
 * for a failed one, the reason. Listed again on `extensions/didChange` and each time it is shown.
 */
export class ExtensionsView {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'extensions-list', role: 'list', 'data-testid': 'extensions-list' });
  private request = 0;

  constructor(private readonly client: ExtensionClient) {
    const refresh = h('button', { class: 'icon-btn', type: 'button', title: 'Refresh', 'aria-label': 'Refresh', 'data-testid': 'extensions-refresh' },
      h('span', { class: 'codicon codicon-refresh', 'aria-hidden': 'true' }));
    refresh.addEventListener('click', () => void this.refresh());
    this.el = h('aside', { class: 'view extensions-view', 'data-testid': 'extensions-view' },
      h('div', { class: 'view-toolbar' }, h('span', { class: 'view-title' }, 'Extensions'), refresh), this.list);
    client.onDidChange(() => void this.refresh());
    void this.refresh();
  }

  shown(): void {
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const id = ++this.request;
    this.el.dataset.state = 'loading';
    let extensions: ExtensionInfo[];
    try {
      extensions = await this.client.list();
    } catch (e) {
      if (id !== this.request) return;
      this.list.replaceChildren(h('div', { class: 'view-note', 'data-testid': 'extensions-note' }, describeError('Cannot list the extensions', e)));
      this.el.dataset.state = 'error';
      return;
    }
    if (id !== this.request) return;
    this.list.replaceChildren(...(extensions.length === 0
      ? [h('div', { class: 'view-note', 'data-testid': 'extensions-note' }, 'No extensions are installed.')]
      : extensions.map((x) => row(x))));
    this.el.dataset.state = 'ready';
  }
}

function row(x: ExtensionInfo): HTMLElement {
  const id = x.id;
  const perms = x.permissions ?? [];
  return h('div', { class: `extension-row state-${x.state}`, role: 'listitem', 'data-testid': `extension-row-${id}`, 'data-state': x.state },
    h('div', { class: 'extension-head' },
      h('span', { class: 'extension-name' }, x.name || id),
      h('span', { class: 'extension-version', 'data-testid': `extension-version-${id}` }, x.version ? `v${x.version}` : ''),
      ...(x.builtIn ? [h('span', { class: 'extension-tag', 'data-testid': `extension-builtin-${id}` }, 'built-in')] : []),
      h('span', { class: `extension-state state-${x.state}`, 'data-testid': `extension-state-${id}` }, x.state)),
    h('div', { class: 'extension-id' }, id),
    ...(x.description ? [h('div', { class: 'extension-desc' }, x.description)] : []),
    ...(x.state === 'failed' && x.failure
      ? [h('div', { class: 'extension-failure', role: 'note', 'data-testid': `extension-failure-${id}` }, x.failure)] : []),
    h('div', { class: 'extension-perms', 'data-testid': `extension-permissions-${id}` },
      perms.length === 0 ? 'No permissions' : `Permissions: ${perms.join(', ')}`));
}
