import { describe, expect, it, vi } from 'vitest';
import { toDisposable, type Disposable } from '../src/disposable';
import { createStratusApi, type ApiHost } from '../src/extensions/browser-api';
import { ExtensionLoader } from '../src/extensions/loader';
import type { Stratus } from '../src/extensions/stratus-browser-api';

/** A workbench stand-in that records what is registered and whether it was disposed. */
function fakeHost() {
  const live = new Set<string>();
  const reg = (what: string): Disposable => { live.add(what); return toDisposable(() => live.delete(what)); };
  const requests: [string, object][] = [];
  const host: ApiHost = {
    workspaceId: 'ws1',
    registerCommand: (id) => reg(`command ${id}`),
    executeCommand: async (id, args) => [id, ...args],
    runCommand: () => undefined,
    bindKey: (s) => reg(`key ${s.code}`),
    addView: (v) => reg(`view ${v.id} ${v.location}`),
    showView: async () => undefined,
    addStatusItem: (owner, o) => { const d = reg(`status ${owner} ${o.text}`); return { update: () => undefined, dispose: () => d.dispose() }; },
    extensionRpc: () => ({
      request: async <T>(m: string, p?: object) => { requests.push([m, p ?? {}]); return undefined as T; },
      onNotification: (m) => reg(`notification ${m}`),
    }),
    setting: (key) => (key === 'todo.level' ? 3 : undefined),
    onSettingsChange: () => reg('settings listener'),
    openFile: async () => undefined,
    toast: () => undefined,
  };
  return { host, live, requests };
}

type Mod = { activate?(s: Stratus): unknown; deactivate?(): unknown };

function loader(modules: Record<string, Mod | Error>, host = fakeHost().host) {
  const reports: string[] = [];
  const imported: string[] = [];
  const l = new ExtensionLoader({
    origin: 'http://ide.test',
    importModule: async (url) => {
      imported.push(url);
      const m = modules[url];
      if (m instanceof Error) throw m;
      if (!m) throw new TypeError(`Failed to fetch dynamically imported module: ${url}`);
      return m;
    },
    createApi: (id, owned) => createStratusApi(host, id, owned),
    report: (message) => reports.push(message),
  });
  return { l, reports, imported };
}

const url = (id: string) => `/api/extensions/${id}/frontend/main.js`;
const abs = (id: string) => `http://ide.test${url(id)}`;

describe('ExtensionLoader', () => {
  it('activates each module with its own stratus object', async () => {
    const { host, live, requests } = fakeHost();
    const seen: string[] = [];
    const { l } = loader({
      [abs('todo')]: {
        async activate(s) {
          seen.push(s.extensionId, s.workspaceId, String(s.settings.get('level')), String(s.settings.get('todo.level')));
          s.commands.register('todo.show', () => 1);
          s.keybindings.add({ key: 'Ctrl+Alt+T', command: 'todo.show' });
          s.views.register({ id: 'list', title: 'TODOs', location: 'side', render: () => undefined });
          s.statusBar.add({ text: '3 TODOs' });
          s.rpc.onNotification('changed', () => undefined);
          await s.rpc.request('listTodos');
          expect(() => s.commands.register('other.cmd', () => 1)).toThrow(/todo\./);
        },
      },
    }, host);
    await l.sync([{ extensionId: 'todo', url: url('todo') }]);
    expect(seen).toEqual(['todo', 'ws1', '3', '3']);
    expect(requests).toEqual([['ext/todo/listTodos', {}]]);
    expect([...live].sort()).toEqual(['command todo.show', 'key KeyT', 'notification ext/todo/changed', 'status todo 3 TODOs', 'view todo.list side']);
    expect(l.active).toEqual(['todo']);
  });

  it('isolates a module that fails to load, lacks activate or throws, and reports each once', async () => {
    const { host, live } = fakeHost();
    const { l, reports } = loader({
      [abs('broken')]: new SyntaxError('Unexpected token'),
      [abs('empty')]: {},
      [abs('thrower')]: { activate(s) { s.commands.register('thrower.a', () => 1); throw new Error('boom'); } },
      [abs('good')]: { activate(s) { s.commands.register('good.a', () => 1); } },
    }, host);
    const all = ['broken', 'empty', 'thrower', 'good'].map((id) => ({ extensionId: id, url: url(id) }));
    await l.sync(all);
    expect(l.active).toEqual(['good']);
    expect([...live]).toEqual(['command good.a']);
    expect(reports).toHaveLength(3);
    expect(reports.join('\n')).toMatch(/Cannot load the browser module of broken/);
    expect(reports.join('\n')).toMatch(/empty does not export an activate/);
    expect(reports.join('\n')).toMatch(/thrower failed to activate/);
    await l.sync(all);
    expect(reports).toHaveLength(3);
    expect(l.stateOf('thrower')).toBe('failed');
  });

  it('refuses modules from another origin', async () => {
    const { l, reports, imported } = loader({});
    await l.sync([{ extensionId: 'evil', url: 'https://evil.test/x.js' }]);
    expect(imported).toEqual([]);
    expect(reports[0]).toMatch(/invalid address/);
  });

  it('deactivates a module whose extension disappears and disposes what it registered', async () => {
    const { host, live } = fakeHost();
    const calls: string[] = [];
    const { l } = loader({
      [abs('todo')]: {
        activate(s) {
          s.commands.register('todo.a', () => 1);
          const own = s.statusBar.add({ text: 'x' });
          own.dispose();
          s.views.register({ id: 'p', title: 'P', location: 'panel', render: () => undefined });
        },
        deactivate() { calls.push(`deactivate with ${live.size} live`); },
      },
      [abs('other')]: { activate(s) { s.commands.register('other.a', () => 1); } },
    }, host);
    await l.sync([{ extensionId: 'todo', url: url('todo') }, { extensionId: 'other', url: url('other') }]);
    expect(live.size).toBe(3);
    await l.sync([{ extensionId: 'other', url: url('other') }]);
    expect(calls).toEqual(['deactivate with 3 live']);
    expect([...live]).toEqual(['command other.a']);
    expect(l.active).toEqual(['other']);
  });

  it('a module removed while it activates keeps nothing, and a failing deactivate is reported', async () => {
    const { host, live } = fakeHost();
    let release!: () => void;
    const { l, reports } = loader({
      [abs('slow')]: {
        async activate(s) {
          s.commands.register('slow.a', () => 1);
          await new Promise<void>((r) => { release = r; });
          s.commands.register('slow.b', () => 1);
        },
        deactivate() { throw new Error('cannot'); },
      },
    }, host);
    const loading = l.sync([{ extensionId: 'slow', url: url('slow') }]);
    await vi.waitFor(() => expect(live.size).toBe(1));
    await l.sync([]);
    expect(live.size).toBe(0);
    release();
    await loading;
    expect(live.size).toBe(0);
    expect(reports).toEqual(['The browser module of slow failed to deactivate']);
  });
});
