import { describe, expect, it } from 'vitest';
import { discardQuestion, groupStatus, isFolderEntry } from '../src/git/status-groups';

describe('groupStatus', () => {
  it('puts a path in Staged and Changes when both sides changed, and counts it once', () => {
    const g = groupStatus([
      { path: 'a.txt', index: 'modified', worktree: 'modified' },
      { path: 'b.txt', index: 'added', worktree: 'unmodified' },
      { path: 'c.txt', index: 'unmodified', worktree: 'deleted' },
      { path: 'new.txt', index: 'untracked', worktree: 'untracked' },
      { path: 'merge.txt', index: 'conflicted', worktree: 'conflicted' },
    ]);
    expect(g.staged.map((e) => [e.path, e.state])).toEqual([['a.txt', 'modified'], ['b.txt', 'added']]);
    expect(g.changes.map((e) => [e.path, e.state])).toEqual([['a.txt', 'modified'], ['c.txt', 'deleted'], ['new.txt', 'untracked']]);
    expect(g.conflicts.map((e) => e.path)).toEqual(['merge.txt']);
    expect(g.count).toBe(5);
  });

  it('shows a staged deletion of a file still on disk as staged and untracked', () => {
    const g = groupStatus([{ path: 'kept.ts', index: 'deleted', worktree: 'untracked' }]);
    expect(g.staged.map((e) => [e.path, e.state])).toEqual([['kept.ts', 'deleted']]);
    expect(g.changes.map((e) => [e.path, e.state])).toEqual([['kept.ts', 'untracked']]);
    expect(g.count).toBe(1);
  });
});

describe('untracked folder entries', () => {
  it('keeps a folder entry as one untracked change, with its slash, and counts it once', () => {
    const g = groupStatus([
      { path: 'build/', index: 'untracked', worktree: 'untracked' },
      { path: 'src/new/', index: 'untracked', worktree: 'untracked' },
      { path: 'src/main.ts', index: 'unmodified', worktree: 'modified' },
    ]);
    expect(g.changes.map((e) => [e.path, e.state, isFolderEntry(e)])).toEqual([
      ['build/', 'untracked', true], ['src/new/', 'untracked', true], ['src/main.ts', 'modified', false]]);
    expect(g.staged).toEqual([]);
    expect(g.count).toBe(3);
  });

  it('asks before deleting a folder and says that ignored files stay', () => {
    const [folder, file, changed] = groupStatus([
      { path: 'build/', index: 'untracked', worktree: 'untracked' },
      { path: 'new.txt', index: 'untracked', worktree: 'untracked' },
      { path: 'a.txt', index: 'unmodified', worktree: 'modified' },
    ]).changes;
    expect(discardQuestion([folder])).toEqual({
      message: 'Delete the untracked folder build/ and every untracked file in it? Ignored files in it stay. This cannot be undone.',
      confirm: 'Delete',
    });
    expect(discardQuestion([file])).toEqual({ message: 'Delete the untracked file new.txt? This cannot be undone.', confirm: 'Delete' });
    expect(discardQuestion([changed])).toEqual({ message: 'Discard the changes in a.txt? This cannot be undone.', confirm: 'Discard' });
    expect(discardQuestion([folder, file]).message).toBe(
      'Delete 1 untracked file(s) and 1 untracked folder(s)? Ignored files in the folders stay. This cannot be undone.');
    expect(discardQuestion([folder, file, changed])).toEqual({
      message: 'Discard the changes in 3 files and folders? This cannot be undone. 1 untracked file(s) and 1 untracked folder(s) will be deleted.',
      confirm: 'Discard',
    });
  });
});
