import type { CommandRegistry } from '../commands/commands';
import { toDisposable, type Disposable } from '../disposable';
import type { EditorArea } from '../editor/editor-area';
import type { ExtensionClient } from '../rpc/extension-client';
import type { SettingsStore } from '../settings/settings-store';
import type { StatusBar } from '../status-bar';
import { h } from '../ui/dom';
import { toast } from '../ui/toast';
import type { BottomPanel } from '../workbench/bottom-panel';
import type { ShortcutRegistry } from '../workbench/keybindings';
import type { SideBar } from '../workbench/side-bar';
import type { ApiHost, HostView } from './browser-api';

export interface WorkbenchParts {
  workspaceId: string;
  commands: CommandRegistry;
  keys: ShortcutRegistry;
  side: SideBar;
  panel: BottomPanel;
  status: StatusBar;
  client: ExtensionClient;
  settings: SettingsStore;
  area: EditorArea;
}

/** Fills a view's container with the extension's `render`; a failure shows in the view, not further. */
function renderInto(view: HostView, container: HTMLElement): Disposable | undefined {
  try {
    const r = view.render(container);
    return r && typeof r.dispose === 'function' ? r : undefined;
  } catch (e) {
    console.error(`The view ${view.id} failed to render`, e);
    container.replaceChildren(h('div', { class: 'view-note' }, `This view failed to render: ${(e as Error)?.message ?? e}`));
    return undefined;
  }
}

function safeDispose(d: Disposable | undefined, what: string): void {
  try {
    d?.dispose();
  } catch (e) {
    console.error(`Disposing ${what} failed`, e);
  }
}

/** The workbench as the browser extension API sees it. */
export function workbenchApiHost(p: WorkbenchParts): ApiHost {
  const panelRenders = new Map<string, () => void>();
  return {
    workspaceId: p.workspaceId,
    registerCommand: (id, handler) => p.commands.registerHandler(id, handler),
    executeCommand: (id, args) => p.commands.execute(id, ...args),
    runCommand: (id) => void p.commands.run(id),
    bindKey: (s) => p.keys.add(s),
    addView(view) {
      if (view.location === 'side') {
        return p.side.add({
          id: view.id, label: view.title, icon: view.icon,
          create: () => {
            const el = h('aside', { class: 'view ext-view', 'data-testid': `view-${view.id}` });
            const rendered = renderInto(view, el);
            return { el, dispose: () => safeDispose(rendered, view.id) };
          },
        });
      }
      const body = () => p.panel.view(view.id).body;
      let rendered: Disposable | undefined;
      let done = false;
      const render = () => {
        if (done) return;
        done = true;
        const el = h('div', { class: 'ext-panel-view', 'data-testid': `view-${view.id}` });
        body().append(el);
        rendered = renderInto(view, el);
      };
      panelRenders.set(view.id, render);
      const added = p.panel.add({ id: view.id, label: view.title }, (id) => { p.panel.show(id); render(); });
      return toDisposable(() => {
        panelRenders.delete(view.id);
        safeDispose(rendered, view.id);
        added.dispose();
      });
    },
    async showView(id, location) {
      if (location === 'side') {
        await p.side.show(id);
        return;
      }
      p.panel.show(id);
      panelRenders.get(id)?.();
    },
    addStatusItem: (owner, options) => p.status.addItem(owner, options, (command) => void p.commands.run(command)),
    extensionRpc: (id) => p.client.forExtension(id),
    setting: (key) => p.settings.get(key)?.value,
    onSettingsChange: (listener) => p.settings.onChange(listener),
    async openFile(path, line, column) {
      await p.area.reveal(path, line, column ?? 1);
    },
    toast: (message, kind) => toast(message, kind),
  };
}
