import { describe, expect, it } from 'vitest';
import { blameLabel } from '../src/git/blame';
import { relativeTime } from '../src/git/log-view';
import { describeProgress, explainFailure } from '../src/git/remote-ops';
import { diffSides } from '../src/git/status-groups';
import { fileItem, splitLineSuffix } from '../src/quick/quick-open';
import { RpcError } from '../src/rpc/errors';
import { matches } from '../src/workbench/keybindings';

const key = (code: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) =>
  ({ code, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('shortcuts', () => {
  it('use Ctrl on Linux and Windows, Cmd on macOS', () => {
    const quickOpen = { code: 'KeyP', mod: true, run: () => {} };
    expect(matches(quickOpen, key('KeyP', { ctrlKey: true }), false)).toBe(true);
    expect(matches(quickOpen, key('KeyP', { metaKey: true }), false)).toBe(false);
    expect(matches(quickOpen, key('KeyP', { metaKey: true }), true)).toBe(true);
    expect(matches(quickOpen, key('KeyP', { ctrlKey: true, shiftKey: true }), false)).toBe(false);
  });
  it('Ctrl+` is Ctrl everywhere', () => {
    const terminal = { code: 'Backquote', ctrl: true, run: () => {} };
    expect(matches(terminal, key('Backquote', { ctrlKey: true }), true)).toBe(true);
    expect(matches(terminal, key('Backquote', { metaKey: true }), true)).toBe(false);
  });
  it('Shift must match exactly', () => {
    const search = { code: 'KeyF', mod: true, shift: true, run: () => {} };
    expect(matches(search, key('KeyF', { ctrlKey: true, shiftKey: true }), false)).toBe(true);
    expect(matches(search, key('KeyF', { ctrlKey: true }), false)).toBe(false);
  });
});

describe('quick open', () => {
  it('splits a :line suffix', () => {
    expect(splitLineSuffix('src/a.ts:42')).toEqual({ query: 'src/a.ts', line: 42 });
    expect(splitLineSuffix(' main ')).toEqual({ query: 'main' });
  });
  it('highlights name and folder parts separately', () => {
    const item = fileItem('src/app/main.ts', 'sam');
    expect(item.label).toBe('main.ts');
    expect(item.description).toBe('src/app');
    expect(item.labelMatches).toEqual([0]);
    expect(item.descriptionMatches).toEqual([0, 4]);
  });
});

describe('git helpers', () => {
  it('formats blame labels, blank for a line from the same commit as the one above', () => {
    const a = { line: 1, id: 'abcdef1234', author: 'Ann', email: '', time: Date.UTC(2026, 0, 2), summary: '' };
    const label = blameLabel(a, 1);
    expect(label).toMatch(/^abcdef1 Ann 2026-01-02 +1$/);
    expect(label.length).toBe(blameLabel(undefined, 100).length);
    expect(blameLabel({ ...a, line: 2 }, 2, a).trim()).toBe('2');
    expect(blameLabel({ ...a, id: null }, 3)).toMatch(/^uncommitted +3$/);
  });
  it('describes progress and failures', () => {
    expect(describeProgress({ operation: 'fetch', task: 'Receiving objects', completed: 30, total: 120 })).toBe('Receiving objects 25% (30/120)');
    expect(describeProgress({ operation: 'push', task: '', completed: 0, total: 0 })).toBe('push');
    expect(explainFailure('pull', new RpcError(1009, 'timeout'))).toMatch(/cannot be reached/);
    expect(explainFailure('pull', new RpcError(1003, 'dirty'))).toMatch(/Commit or stash/);
  });
  it('diffs staged entries against HEAD and changes against the index', () => {
    expect(diffSides({ path: 'a', state: 'modified', group: 'staged' })).toEqual({ original: 'HEAD', modified: 'INDEX' });
    expect(diffSides({ path: 'a', state: 'modified', group: 'changes' })).toEqual({ original: 'INDEX', modified: 'WORKTREE' });
  });
  it('tells commit times relative to now', () => {
    const now = Date.UTC(2026, 5, 1);
    expect(relativeTime(now - 10_000, now)).toBe('just now');
    expect(relativeTime(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(relativeTime(now - 3 * 86_400_000, now)).toBe('3 days ago');
    expect(relativeTime(Date.UTC(2025, 0, 1), now)).toBe('2025-01-01');
  });
});
