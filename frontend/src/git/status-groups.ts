import type { GitFileState, GitFileStatus } from '../rpc/git-client';

export type GroupId = 'conflicts' | 'staged' | 'changes';

export interface ChangeEntry {
  path: string;
  originalPath?: string | null;
  state: GitFileState;
  group: GroupId;
}

export interface StatusGroups {
  conflicts: ChangeEntry[];
  staged: ChangeEntry[];
  changes: ChangeEntry[];
  /** Distinct changed paths: the activity bar's badge. */
  count: number;
}

/** Sorts `git/status` files into Merge conflicts, Staged and Changes, the way editors show them. Pure. */
export function groupStatus(files: readonly GitFileStatus[]): StatusGroups {
  const groups: StatusGroups = { conflicts: [], staged: [], changes: [], count: 0 };
  const paths = new Set<string>();
  for (const f of files) {
    if (f.index === 'unmodified' && f.worktree === 'unmodified') continue;
    paths.add(f.path);
    if (f.index === 'conflicted' || f.worktree === 'conflicted') {
      groups.conflicts.push({ path: f.path, state: 'conflicted', group: 'conflicts' });
      continue;
    }
    // A staged deletion of a file that is still on disk is both staged and untracked.
    if (f.index !== 'unmodified' && f.index !== 'untracked') {
      groups.staged.push({ path: f.path, originalPath: f.originalPath, state: f.index, group: 'staged' });
    }
    if (f.index === 'untracked' || f.worktree === 'untracked') {
      groups.changes.push({ path: f.path, state: 'untracked', group: 'changes' });
    } else if (f.worktree !== 'unmodified') {
      groups.changes.push({ path: f.path, originalPath: f.originalPath, state: f.worktree, group: 'changes' });
    }
  }
  groups.count = paths.size;
  return groups;
}

/**
 * A whole untracked folder (`build/`, `src/new/`): `git/status` lists it as one entry, the way
 * `git status` does, instead of every file in it. Stage and discard take it as it is.
 */
export function isFolderEntry(entry: { path: string }): boolean {
  return entry.path.endsWith('/');
}

/** What the discard dialog asks, and its button: untracked files and folders are deleted, not reverted. */
export function discardQuestion(entries: readonly ChangeEntry[]): { message: string; confirm: string } {
  const untracked = entries.filter((e) => e.state === 'untracked');
  const folders = untracked.filter(isFolderEntry).length;
  const ignoredStay = folders ? ' Ignored files in it stay.' : '';
  if (entries.length === 1) {
    const [e] = entries;
    if (e.state !== 'untracked') return { message: `Discard the changes in ${e.path}? This cannot be undone.`, confirm: 'Discard' };
    const what = folders ? `folder ${e.path} and every untracked file in it` : `file ${e.path}`;
    return { message: `Delete the untracked ${what}?${ignoredStay} This cannot be undone.`, confirm: 'Delete' };
  }
  const files = untracked.length - folders;
  const counted = [files ? `${files} untracked file(s)` : '', folders ? `${folders} untracked folder(s)` : ''].filter(Boolean).join(' and ');
  if (untracked.length === entries.length) {
    return { message: `Delete ${counted}?${folders ? ' Ignored files in the folders stay.' : ''} This cannot be undone.`, confirm: 'Delete' };
  }
  return {
    message: `Discard the changes in ${entries.length} ${folders ? 'files and folders' : 'files'}? This cannot be undone.${counted ? ` ${counted} will be deleted.` : ''}`,
    confirm: 'Discard',
  };
}

const LETTERS: Record<GitFileState, string> = {
  unmodified: '', modified: 'M', added: 'A', deleted: 'D', renamed: 'R', untracked: 'U', conflicted: '!',
};

export function stateLetter(state: GitFileState): string {
  return LETTERS[state] ?? '?';
}

/** Which two versions the diff view compares for an entry. */
export function diffSides(entry: ChangeEntry): { original: 'HEAD' | 'INDEX'; modified: 'INDEX' | 'WORKTREE' } {
  return entry.group === 'staged' ? { original: 'HEAD', modified: 'INDEX' } : { original: 'INDEX', modified: 'WORKTREE' };
}
