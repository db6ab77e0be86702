import { fuzzyMatch } from '../quick/fuzzy';
import { showQuickPick, type QuickItem } from '../quick/quick-pick';
import { describeError, ErrorCode, errorCode } from '../rpc/errors';
import type { GitBranch, GitClient } from '../rpc/git-client';
import { confirmDialog, showDialog } from '../ui/dialog';
import { formDialog } from '../ui/form-dialog';
import { toast } from '../ui/toast';
import type { GitState } from './git-state';
import type { RemoteOps } from './remote-ops';
import { discardQuestion, type ChangeEntry } from './status-groups';

/** The Source Control panel's commands; each refreshes the status when it is done. */
export class ScmActions {
  private readonly git: GitClient;
  /** Called after anything that changes history (commit, pull, checkout): the log reloads. */
  historyChanged: () => void = () => {};

  constructor(private readonly state: GitState, private readonly remote: RemoteOps) {
    this.git = state.client;
  }

  private async attempt(action: string, run: () => Promise<unknown>): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (e) {
      const conflict = errorCode(e) === ErrorCode.Conflict;
      toast(conflict ? `${action}: local changes or conflicts are in the way (${(e as Error).message}).`
        : describeError(action, e), 'error');
      return false;
    } finally {
      await this.state.refresh();
    }
  }

  stage(paths: string[]): Promise<boolean> {
    return this.attempt('Cannot stage', () => this.git.stage(paths));
  }

  unstage(paths: string[]): Promise<boolean> {
    return this.attempt('Cannot unstage', () => this.git.unstage(paths));
  }

  async discard(entries: ChangeEntry[]): Promise<boolean> {
    if (entries.length === 0) return false;
    const { message, confirm } = discardQuestion(entries);
    if (!(await confirmDialog('Discard changes', message, confirm, true))) return false;
    return this.attempt('Cannot discard', () => this.git.discard(entries.map((e) => e.path)));
  }

  /** Commits the index; with nothing staged, offers to stage every change first. */
  async commit(message: string, amend: boolean): Promise<boolean> {
    if (message.trim() === '') {
      toast('Write a commit message first.', 'info');
      return false;
    }
    const { staged, changes, conflicts } = this.state.groups;
    if (conflicts.length > 0) {
      toast('Resolve the merge conflicts (and stage the files) before committing.', 'error');
      return false;
    }
    if (staged.length === 0 && !amend) {
      if (changes.length === 0) {
        toast('There is nothing to commit.', 'info');
        return false;
      }
      if (!(await confirmDialog('Nothing staged', 'There are no staged changes. Stage all changes and commit them?', 'Stage all and commit'))) {
        return false;
      }
      if (!(await this.stage(changes.map((c) => c.path)))) return false;
    }
    const ok = await this.attempt('Cannot commit', () => this.git.commit(message, amend));
    if (ok) this.historyChanged();
    return ok;
  }

  /** The branch picker: check out a local or remote branch, or create one. */
  async pickBranch(): Promise<void> {
    let branches: GitBranch[];
    let current: string | null;
    try {
      ({ branches, current } = await this.git.branches());
    } catch (e) {
      toast(describeError('Cannot list branches', e), 'error');
      return;
    }
    type Choice = { kind: 'create' } | { kind: 'branch'; branch: GitBranch };
    showQuickPick<Choice>({
      placeholder: `Select a branch to check out (current: ${current ?? 'detached HEAD'})`, testId: 'branch-picker',
      items: (query) => {
        const out: QuickItem<Choice>[] = [{ label: query ? `Create new branch "${query.trim()}"` : 'Create new branch…',
          icon: 'add', value: { kind: 'create' } }];
        for (const b of branches) {
          const m = fuzzyMatch(query, b.name);
          if (!m) continue;
          out.push({ label: b.name, labelMatches: m.positions, icon: b.remote ? 'cloud' : 'git-branch', value: { kind: 'branch', branch: b },
            description: `${b.name === current ? 'current · ' : ''}${b.remote ? 'remote' : ''}${b.id ? ` ${b.id.slice(0, 7)}` : ''}`.trim() });
        }
        return out;
      },
      pick: (item, query) => {
        if (item.value.kind === 'create') void this.createBranch(query.trim());
        else if (item.value.branch.name !== current) void this.checkout(item.value.branch.name);
      },
    });
  }

  async checkout(ref: string): Promise<void> {
    if (await this.attempt(`Cannot check out ${ref}`, () => this.git.checkout(ref))) {
      toast(`Switched to ${ref}.`, 'success', 2500);
      this.historyChanged();
    }
  }

  async createBranch(initial = ''): Promise<void> {
    const r = await showDialog({
      title: 'Create branch', testId: 'branch-dialog', message: 'The new branch starts at HEAD and is checked out.',
      input: { value: initial, label: 'Branch name' },
      validate: (v) => (/^(?!-)(?!.*\.\.)(?!.*\/\/)[^\s~^:?*[\\]+(?<![./])$/.test(v.trim()) ? null : 'Not a valid branch name.'),
      buttons: [{ id: 'cancel', label: 'Cancel' }, { id: 'ok', label: 'Create', primary: true }],
    });
    if (r.button !== 'ok') return;
    const name = r.value.trim();
    if (await this.attempt(`Cannot create branch ${name}`, () => this.git.createBranch(name))) this.historyChanged();
  }

  async fetch(): Promise<void> {
    await this.remote.run('fetch', (auth) => this.git.fetch(auth));
    await this.state.refresh();
    this.historyChanged();
  }

  async pull(): Promise<void> {
    const r = await this.remote.run('pull', (auth) => this.git.pull(auth));
    await this.state.refresh();
    this.historyChanged();
    if (r && r.conflicts?.length) toast(`Pull left merge conflicts in ${r.conflicts.length} file(s): ${r.conflicts.slice(0, 5).join(', ')}`, 'error');
    else if (r) toast(r.updated ? 'Pulled.' : 'Already up to date.', 'success', 2500);
  }

  async push(): Promise<void> {
    const setUpstream = !this.state.status?.upstream;
    const r = await this.remote.run('push', (auth) => this.git.push({ ...auth, setUpstream }));
    await this.state.refresh();
    if (r && r.rejected?.length) toast(`The remote rejected: ${r.rejected.join('; ')}. Pull first, then push again.`, 'error');
    else if (r) toast('Pushed.', 'success', 2500);
  }

  async clone(): Promise<void> {
    const v = await formDialog({
      title: 'Clone a repository', testId: 'clone-dialog', submitLabel: 'Clone',
      message: 'Clones into the workspace root, which must be empty. Credentials are only needed for private repositories.',
      fields: [
        { id: 'url', label: 'Repository URL', placeholder: 'https://example.com/team/project.git' },
        { id: 'username', label: 'User name (optional)', autocomplete: 'username' },
        { id: 'password', label: 'Password or token (optional)', type: 'password' },
        { id: 'remember', label: 'Remember the credentials for this session', type: 'checkbox' },
      ],
      validate: (x) => (String(x.url).trim() ? null : 'A URL is required.'),
    });
    if (!v) return;
    const given = v.username || v.password
      ? { credentials: { username: String(v.username), password: String(v.password) }, rememberCredentials: !!v.remember } : {};
    const r = await this.remote.run('clone', (auth) => this.git.clone(String(v.url).trim(), auth.credentials ? auth : given));
    await this.state.refresh();
    this.historyChanged();
    if (r) toast(`Cloned into ${r.path || 'the workspace'}.`, 'success');
  }
}
