import { toDisposable, type Disposable, type DisposableStore } from '../disposable';
import type { ExtensionRpc } from '../rpc/extension-client';
import { tryParseKeybinding, type Shortcut } from '../workbench/keybindings';
import type { Stratus, StatusBarItem, StatusBarItemOptions, ViewOptions } from './stratus-browser-api';

/** A view as the workbench adds it: `id` is already `<extension-id>.<id>`. */
export interface HostView extends Omit<ViewOptions, 'icon'> {
  icon: string;
}

/** What the workbench lends the browser API; faked in tests. */
export interface ApiHost {
  workspaceId: string;
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable;
  executeCommand(id: string, args: unknown[]): Promise<unknown>;
  /** Runs a command for the user (keybinding, status bar click): results and errors are shown. */
  runCommand(id: string): void;
  bindKey(s: Shortcut): Disposable;
  addView(view: HostView): Disposable;
  showView(id: string, location: 'side' | 'panel'): Promise<void>;
  addStatusItem(owner: string, options: StatusBarItemOptions): StatusBarItem;
  extensionRpc(extensionId: string): ExtensionRpc;
  setting(key: string): unknown;
  onSettingsChange(listener: (keys: string[]) => void): Disposable;
  openFile(path: string, line?: number, column?: number): Promise<void>;
  toast(message: string, kind: 'info' | 'success' | 'error'): void;
}

/**
 * The `stratus` object of one browser module. Everything it registers goes into `owned`, which
 * the loader disposes when the module is deactivated; a registration disposed by the module
 * leaves `owned`.
 */
export function createStratusApi(host: ApiHost, extensionId: string, owned: DisposableStore): Stratus {
  const track = (d: Disposable): Disposable => {
    owned.add(d);
    return toDisposable(() => {
      owned.delete(d);
      d.dispose();
    });
  };
  const prefix = `${extensionId}.`;
  const fullKey = (key: string) => (key.startsWith(prefix) ? key : prefix + key);
  const views = new Map<string, 'side' | 'panel'>();
  const rpc = host.extensionRpc(extensionId);
  const method = (m: string) => `ext/${extensionId}/${m.replace(/^\/+/, '')}`;

  return Object.freeze({
    extensionId,
    workspaceId: host.workspaceId,
    commands: Object.freeze({
      register(id: string, handler: (...args: unknown[]) => unknown) {
        if (!id.startsWith(prefix)) throw new Error(`Command ids of ${extensionId} start with "${prefix}": "${id}"`);
        if (typeof handler !== 'function') throw new TypeError(`The handler of ${id} is not a function`);
        return track(host.registerCommand(id, handler));
      },
      execute: (id: string, ...args: unknown[]) => host.executeCommand(id, args),
    }),
    keybindings: Object.freeze({
      add(binding: { key: string; command: string }) {
        const chord = tryParseKeybinding(String(binding?.key), `${extensionId} (${binding?.command})`);
        if (!chord) return toDisposable(() => undefined);
        const command = binding.command;
        return track(host.bindKey({ ...chord, run: () => host.runCommand(command) }));
      },
    }),
    views: Object.freeze({
      register(view: ViewOptions) {
        const id = prefix + view.id;
        if (views.has(id)) throw new Error(`View ${id} is already registered`);
        if (view.location !== 'side' && view.location !== 'panel') throw new Error(`View ${id}: location must be "side" or "panel"`);
        const added = host.addView({ id, title: view.title, icon: view.icon ?? 'extensions', location: view.location, render: view.render });
        views.set(id, view.location);
        return track(toDisposable(() => {
          views.delete(id);
          added.dispose();
        }));
      },
      async show(id: string) {
        const full = id.startsWith(prefix) ? id : prefix + id;
        const location = views.get(full);
        if (!location) throw new Error(`${extensionId} has no view "${id}"`);
        await host.showView(full, location);
      },
    }),
    statusBar: Object.freeze({
      add(options: StatusBarItemOptions): StatusBarItem {
        const item = host.addStatusItem(extensionId, options);
        const d = track(item);
        return { update: (o) => item.update(o), dispose: () => d.dispose() };
      },
    }),
    rpc: Object.freeze({
      request: <T>(m: string, params?: object) => rpc.request<T>(method(m), params ?? {}),
      onNotification: (m: string, handler: (params: unknown) => void) => track(rpc.onNotification(method(m), handler)),
    }),
    settings: Object.freeze({
      get: <T>(key: string) => host.setting(fullKey(key)) as T | undefined,
      onDidChange(handler: (keys: string[]) => void) {
        return track(host.onSettingsChange((keys) => {
          const mine = keys.filter((k) => k.startsWith(prefix));
          if (mine.length > 0) handler(mine);
        }));
      },
    }),
    workspace: Object.freeze({
      openFile: (path: string, position?: { line?: number; column?: number }) => host.openFile(path, position?.line, position?.column),
    }),
    ui: Object.freeze({
      toast: (message: string, kind: 'info' | 'success' | 'error' = 'info') => host.toast(String(message), kind),
    }),
  });
}
