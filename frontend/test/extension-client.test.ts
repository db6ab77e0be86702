import { describe, expect, it } from 'vitest';
import type { WorkspaceConnection } from '../src/rpc/connection';
import { ExtensionClient } from '../src/rpc/extension-client';

/** A connection stub answering from a table; like the real one, it keeps one handler per method. */
function stub(answers: Record<string, unknown> = {}) {
  const calls: [string, object][] = [];
  const handlers = new Map<string, (p: unknown) => void>();
  const rpc = {
    request: async (method: string, params: object) => { calls.push([method, params]); return answers[method] ?? {}; },
    onNotification: (method: string, h: (p: unknown) => void) => handlers.set(method, h),
  } as unknown as WorkspaceConnection;
  return { client: new ExtensionClient(rpc), calls, handlers };
}

describe('ExtensionClient', () => {
  it('sends protocol v1 params and fills missing lists', async () => {
    const { client, calls } = stub({
      'extensions/list': { extensions: [{ id: 'todo', state: 'active' }] },
      'extensions/activate': { activated: ['py'] },
      'commands/execute': { result: 'done' },
    });
    expect(await client.list()).toEqual([{ id: 'todo', state: 'active' }]);
    expect(await client.contributions()).toEqual({ commands: [], settings: [], frontends: [], tools: [] });
    expect(await client.activate('onLanguage:python')).toEqual(['py']);
    expect(await client.execute('todo.scan')).toBe('done');
    await client.execute('todo.scan', [1]);
    await client.updateSetting('todo.level', 'workspace', 3);
    await client.updateSetting('todo.level', 'user', undefined);
    expect(calls).toEqual([
      ['extensions/list', {}],
      ['extensions/contributions', {}],
      ['extensions/activate', { event: 'onLanguage:python' }],
      ['commands/execute', { command: 'todo.scan' }],
      ['commands/execute', { command: 'todo.scan', arguments: [1] }],
      ['settings/update', { key: 'todo.level', scope: 'workspace', value: 3 }],
      ['settings/update', { key: 'todo.level', scope: 'user' }],
    ]);
  });

  it('fans notifications out to every listener until each is disposed', () => {
    const { client, handlers } = stub();
    const seen: string[] = [];
    const a = client.onDidChange(() => seen.push('a'));
    client.onDidChange(() => seen.push('b'));
    client.onSettingsDidChange((keys) => seen.push(keys.join(',')));
    handlers.get('extensions/didChange')!({});
    a.dispose();
    handlers.get('extensions/didChange')!({});
    handlers.get('settings/didChange')!({ keys: ['x.a', 'x.b'] });
    expect(seen).toEqual(['a', 'b', 'b', 'x.a,x.b']);
  });

  it('restricts an extension to its own ext/<id>/ methods', async () => {
    const { client, calls, handlers } = stub({ 'ext/todo/list': { items: [1] } });
    const rpc = client.forExtension('todo');
    expect(await rpc.request('ext/todo/list', { q: 1 })).toEqual({ items: [1] });
    for (const bad of ['fs/read', 'ext/other/list', 'ext/todox/list', 'ext/todo/', 'todo/list']) {
      expect(() => rpc.request(bad), bad).toThrow(/ext\/todo\//);
      expect(() => rpc.onNotification(bad, () => undefined), bad).toThrow();
    }
    const got: unknown[] = [];
    rpc.onNotification('ext/todo/changed', (p) => got.push(p));
    handlers.get('ext/todo/changed')!({ n: 2 });
    expect(got).toEqual([{ n: 2 }]);
    expect(calls).toEqual([['ext/todo/list', { q: 1 }]]);
  });
});
