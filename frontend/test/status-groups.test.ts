import { describe, expect, it } from 'vitest';
import { groupStatus } from '../src/git/status-groups';

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
