import { describe, expect, it, vi } from 'vitest';
import { CommandRegistry } from '../src/commands/commands';
import { aiCommands } from '../src/ai/ai-commands';
import type { AiController } from '../src/ai/ai-controller';
import { paletteItems, remember } from '../src/commands/command-palette';
import { toDisposable } from '../src/disposable';
import { RpcError } from '../src/rpc/errors';
import type { ContributedCommand } from '../src/rpc/extension-client';
import type { Shortcut } from '../src/workbench/keybindings';

function registry(server: (id: string, args: unknown[]) => Promise<unknown> = async () => undefined) {
  const notes: [string, string][] = [];
  const keys: Shortcut[] = [];
  const serverCalls: [string, unknown[]][] = [];
  const reg = new CommandRegistry({
    executeOnServer: (id, args) => { serverCalls.push([id, args]); return server(id, args); },
    bindKey: (s) => { keys.push(s); return toDisposable(() => keys.splice(keys.indexOf(s), 1)); },
    notify: (message, kind) => notes.push([kind, message]),
  });
  return { reg, notes, keys, serverCalls };
}

const cmd = (id: string, extra: Partial<ContributedCommand> = {}): ContributedCommand =>
  ({ id, title: id.split('.').pop()!, extensionId: id.split('.')[0], ...extra });

describe('CommandRegistry', () => {
  it('runs contributed commands on the server with their arguments', async () => {
    const t = registry(async () => 42);
    t.reg.setContributed([cmd('todo.scan')]);
    expect(await t.reg.execute('todo.scan', 'a', 1)).toBe(42);
    expect(t.serverCalls).toEqual([['todo.scan', ['a', 1]]]);
  });

  it('lets a browser handler take over a contributed command, and gives it back when disposed', async () => {
    const t = registry(async () => 'server');
    t.reg.setContributed([cmd('todo.scan')]);
    const d = t.reg.registerHandler('todo.scan', (x) => `browser ${x}`);
    expect(await t.reg.execute('todo.scan', 1)).toBe('browser 1');
    expect(t.reg.list().find((c) => c.id === 'todo.scan')?.inBrowser).toBe(true);
    d.dispose();
    expect(await t.reg.execute('todo.scan', 1)).toBe('server');
    expect(t.serverCalls).toHaveLength(1);
  });

  it('rejects unknown commands and refuses to shadow workbench commands', async () => {
    const t = registry();
    t.reg.addBuiltin({ id: 'workbench.quickOpen', title: 'Go to File', run: () => 'opened' });
    await expect(t.reg.execute('nope.x')).rejects.toThrow(/not found/);
    expect(() => t.reg.registerHandler('workbench.quickOpen', () => 1)).toThrow();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    t.reg.setContributed([cmd('workbench.quickOpen')]);
    warn.mockRestore();
    expect(await t.reg.execute('workbench.quickOpen')).toBe('opened');
  });

  it('shows a non-empty string result, nothing else, and errors with their description', async () => {
    const results: unknown[] = ['Found 3 TODOs', '', '  ', 7, { a: 1 }, undefined];
    const t = registry(async () => results.shift());
    t.reg.setContributed([cmd('todo.scan', { title: 'Scan', category: 'TODO' })]);
    for (let i = 0; i < 6; i++) await t.reg.run('todo.scan');
    expect(t.notes).toEqual([['info', 'Found 3 TODOs']]);

    const failing = registry(async () => { throw new RpcError(1009, 'timed out after 30 s'); });
    failing.reg.setContributed([cmd('todo.scan', { title: 'Scan', category: 'TODO' })]);
    await failing.reg.run('todo.scan');
    expect(failing.notes).toEqual([['error', 'Command "TODO: Scan" failed: Unavailable (timed out after 30 s)']]);

    const throwing = registry();
    throwing.reg.registerHandler('x.y', () => { throw new Error('boom'); });
    await expect(throwing.reg.run('x.y')).resolves.toBeUndefined();
    expect(throwing.notes[0]).toEqual(['error', 'Command "x.y" failed: boom']);
  });

  it('binds contributed keybindings, ignores bad ones, and replaces them with the next contributions', async () => {
    const t = registry(async () => 'ran');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    t.reg.setContributed([cmd('a.one', { keybinding: 'Ctrl+Alt+T' }), cmd('a.two', { keybinding: 'Ctrl+Bogus' }), cmd('a.three')]);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    expect(t.keys).toHaveLength(1);
    expect(t.keys[0]).toMatchObject({ code: 'KeyT', ctrl: true, alt: true });
    t.keys[0].run();
    await vi.waitFor(() => expect(t.serverCalls).toEqual([['a.one', []]]));
    t.reg.setContributed([cmd('a.three', { keybinding: 'Alt+F5' })]);
    expect(t.keys.map((k) => k.code)).toEqual(['F5']);
    expect(t.reg.has('a.one')).toBe(false);
  });
});

describe('command palette', () => {
  const commands = [
    { id: 'workbench.quickOpen', title: 'Go to File', category: 'Go', keybinding: 'Mod+P', inBrowser: true },
    { id: 'workbench.terminal.toggle', title: 'Toggle Terminal', category: 'View', keybinding: 'Ctrl+`', inBrowser: true },
    { id: 'workbench.terminal.new', title: 'New Terminal', category: 'Terminal', inBrowser: true },
    { id: 'todo.scan', title: 'Scan for TODOs', inBrowser: false },
  ];

  it('lists everything alphabetically for an empty query, recently used first', () => {
    expect(paletteItems(commands, '', [], false).map((i) => i.label))
      .toEqual(['Go: Go to File', 'Scan for TODOs', 'Terminal: New Terminal', 'View: Toggle Terminal']);
    expect(paletteItems(commands, '', ['todo.scan', 'workbench.terminal.new'], false).map((i) => i.value))
      .toEqual(['todo.scan', 'workbench.terminal.new', 'workbench.quickOpen', 'workbench.terminal.toggle']);
  });

  it('filters fuzzily on "Category: Title" and shows keybindings', () => {
    const items = paletteItems(commands, 'togterm', [], false);
    expect(items.map((i) => i.value)).toEqual(['workbench.terminal.toggle']);
    expect(items[0].keybinding).toBe('Ctrl+`');
    expect(items[0].labelMatches?.length).toBe(7);
    const term = paletteItems(commands, 'terminal', ['workbench.terminal.toggle'], false).map((i) => i.value);
    expect(term).toEqual(['workbench.terminal.toggle', 'workbench.terminal.new']);
    expect(paletteItems(commands, 'zzz', [], false)).toEqual([]);
  });

  it('finds Edit with AI by that name, the one its dialog and the README give it', () => {
    const ai = aiCommands(() => undefined).map((c) => ({ ...c, inBrowser: true }));
    expect(paletteItems(ai, 'Edit with AI', [], false).map((i) => i.value)).toEqual(['ai.edit']);
  });

  it('finds AI: Export Conversation, which exports the conversation the chat shows', () => {
    const run = vi.fn();
    const ai = aiCommands((f) => f({ exportConversation: run } as unknown as AiController)).map((c) => ({ ...c, inBrowser: true }));
    const items = paletteItems(ai, 'AI: Export Conversation', [], false);
    expect(items.map((i) => i.value)).toEqual(['ai.exportConversation']);
    ai.find((c) => c.id === 'ai.exportConversation')!.run();
    expect(run).toHaveBeenCalledOnce();
  });

  it('remembers the most recent first, without repeats, at most 20', () => {
    expect(remember(['a', 'b', 'c'], 'b')).toEqual(['b', 'a', 'c']);
    const many = Array.from({ length: 25 }, (_, i) => `c${i}`);
    expect(remember(many, 'new')).toHaveLength(20);
  });
});
