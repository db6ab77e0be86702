import './scm.css';
import { basename, dirname } from '../paths';
import { describeError } from '../rpc/errors';
import { h } from '../ui/dom';
import type { BlameAnnotations } from './blame';
import type { GitState } from './git-state';
import { LogView } from './log-view';
import type { ScmActions } from './scm-actions';
import { isFolderEntry, stateLetter, type ChangeEntry, type GroupId } from './status-groups';

export interface ScmViewDeps {
  state: GitState;
  actions: ScmActions;
  blame: BlameAnnotations;
  /** Opens the side-by-side diff of an entry (conflicts open the file itself). */
  openChange(entry: ChangeEntry): void;
  openFile(path: string): void;
  /** Shows an untracked folder entry in the explorer: it has no diff of its own. */
  revealFolder(path: string): void;
}

/** Rows per group: a build folder of untracked files must not freeze the panel. */
const MAX_ROWS = 1000;

const GROUP_TITLE: Record<GroupId, string> = { conflicts: 'Merge Conflicts', staged: 'Staged Changes', changes: 'Changes' };

function iconButton(id: string, label: string, icon: string, run: () => void): HTMLButtonElement {
  const b = h('button', { class: 'icon-btn', type: 'button', title: label, 'aria-label': label, 'data-testid': `scm-${id}` },
    h('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
  b.addEventListener('click', (e) => { e.stopPropagation(); run(); });
  return b;
}

/** The Source Control view: branch, remote actions, commit box, changed files by group, history. */
export class ScmView {
  readonly el: HTMLElement;
  readonly log: LogView;
  private readonly branch = h('button', { class: 'scm-branch', type: 'button', title: 'Check out or create a branch', 'data-testid': 'scm-branch' });
  private readonly progress = h('div', { class: 'scm-progress', 'data-testid': 'scm-progress', role: 'status', hidden: true });
  private readonly message = h('textarea', { class: 'scm-message', rows: '3', spellcheck: 'true', 'data-testid': 'commit-message',
    'aria-label': 'Commit message' });
  private readonly amend = h('input', { type: 'checkbox', 'data-testid': 'commit-amend' });
  private readonly commitButton = h('button', { class: 'btn primary scm-commit', type: 'button', 'data-testid': 'commit-button' }, 'Commit');
  private readonly groups = h('div', { class: 'scm-groups', 'data-testid': 'scm-groups' });
  private readonly repoBody: HTMLElement;
  private readonly note = h('div', { class: 'scm-note', 'data-testid': 'scm-note', hidden: true });

  constructor(private readonly deps: ScmViewDeps) {
    const { actions, state } = deps;
    this.log = new LogView(state.client);
    actions.historyChanged = () => void this.log.load();
    const toolbar = h('div', { class: 'view-toolbar' }, h('span', { class: 'view-title' }, 'Source Control'),
      iconButton('blame', 'Toggle Blame for the Current File', 'person', () => void deps.blame.toggle()),
      iconButton('fetch', 'Fetch', 'repo-fetch', () => void actions.fetch()),
      iconButton('pull', 'Pull', 'repo-pull', () => void actions.pull()),
      iconButton('push', 'Push', 'repo-push', () => void actions.push()),
      iconButton('refresh', 'Refresh', 'refresh', () => { void state.refresh(); void this.log.load(); }));
    this.branch.addEventListener('click', () => void actions.pickBranch());
    this.commitButton.addEventListener('click', () => void this.commit());
    this.message.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void this.commit();
      }
    });
    this.amend.addEventListener('change', () => void this.prefillAmend());
    this.repoBody = h('div', { class: 'scm-repo' },
      this.branch, this.progress,
      h('div', { class: 'scm-commit-box' }, this.message,
        h('div', { class: 'scm-commit-row' }, h('label', { class: 'form-check' }, this.amend, 'Amend last commit'), this.commitButton)),
      this.groups, this.log.el);
    this.el = h('aside', { class: 'view scm-view', 'data-testid': 'scm-view' }, toolbar, this.note, this.repoBody);
    this.groups.addEventListener('click', (e) => this.onRowClick(e));
    this.groups.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.target as HTMLElement).classList.contains('scm-row')) this.onRowClick(e);
    });
    state.onChange(() => {
      this.render();
      if (!this.log.loaded && state.isRepository) void this.log.load();
    });
    this.render();
  }

  shown(): void {
    void this.deps.state.refresh();
    void this.log.load();
    if (this.deps.state.isRepository) this.message.focus();
  }

  setProgress(text: string | undefined): void {
    this.progress.hidden = text === undefined;
    this.progress.textContent = text ?? '';
    this.el.dataset.busy = String(text !== undefined);
  }

  private async commit(): Promise<void> {
    this.commitButton.disabled = true;
    try {
      if (await this.deps.actions.commit(this.message.value, this.amend.checked)) {
        this.message.value = '';
        this.amend.checked = false;
      }
    } finally {
      this.commitButton.disabled = false;
    }
  }

  private async prefillAmend(): Promise<void> {
    if (!this.amend.checked || this.message.value.trim() !== '') return;
    const [last] = await this.deps.state.client.log(1).catch(() => []);
    if (last && this.amend.checked && this.message.value.trim() === '') this.message.value = last.message.trimEnd();
  }

  private render(): void {
    const { state } = this.deps;
    const showNote = (text: string, clone = false) => {
      this.note.hidden = false;
      this.repoBody.hidden = true;
      const children: (Node | string)[] = [h('p', {}, text)];
      if (clone) {
        const b = h('button', { class: 'btn primary', type: 'button', 'data-testid': 'scm-clone' }, 'Clone Repository…');
        b.addEventListener('click', () => void this.deps.actions.clone());
        children.push(b);
      }
      this.note.replaceChildren(...children);
    };
    if (state.unsupported) return showNote('This server has no git support.');
    if (!state.status) {
      return state.error ? showNote(describeError('Cannot read the git status', state.error)) : showNote('Reading the git status…');
    }
    if (!state.status.repository) {
      return showNote('This workspace is not a git repository. Clone one into it (the workspace must be empty), or run git init in a terminal.', true);
    }
    this.note.hidden = true;
    this.repoBody.hidden = false;
    const s = state.status;
    const sync = [s.ahead ? `↑${s.ahead}` : '', s.behind ? `↓${s.behind}` : ''].filter(Boolean).join(' ');
    this.branch.replaceChildren(h('span', { class: 'codicon codicon-git-branch', 'aria-hidden': 'true' }),
      h('span', { 'data-testid': 'scm-branch-name' }, s.branch ?? (s.head ? `${s.head.slice(0, 7)} (detached)` : 'no commits yet')),
      ...(sync ? [h('span', { class: 'scm-sync', title: `${s.ahead} to push, ${s.behind} to pull` }, sync)] : []));
    this.message.placeholder = `Message (Ctrl+Enter to commit on "${s.branch ?? 'HEAD'}")`;
    const { conflicts, staged, changes } = state.groups;
    const sections: HTMLElement[] = [];
    if (conflicts.length) sections.push(this.group('conflicts', conflicts));
    if (staged.length) sections.push(this.group('staged', staged));
    sections.push(this.group('changes', changes));
    this.groups.replaceChildren(...sections);
  }

  private group(id: GroupId, entries: ChangeEntry[]): HTMLElement {
    const { actions } = this.deps;
    const paths = entries.map((e) => e.path);
    const groupActions = id === 'staged'
      ? [iconButton('unstage-all', 'Unstage All', 'remove', () => void actions.unstage(paths))]
      : id === 'changes'
        ? [iconButton('discard-all', 'Discard All Changes', 'discard', () => void actions.discard(entries)),
          iconButton('stage-all', 'Stage All Changes', 'add', () => void actions.stage(paths))]
        : [iconButton('stage-conflicts', 'Mark All Resolved (Stage)', 'add', () => void actions.stage(paths))];
    return h('div', { class: 'scm-group', 'data-testid': `scm-group-${id}`, 'data-group': id },
      h('div', { class: 'scm-group-header' }, h('span', { class: 'scm-group-title' }, GROUP_TITLE[id]),
        h('span', { class: 'scm-group-actions' }, ...(entries.length ? groupActions : [])),
        h('span', { class: 'result-count', 'data-testid': `scm-count-${id}` }, String(entries.length))),
      ...entries.slice(0, MAX_ROWS).map((e) => this.row(e)),
      ...(entries.length > MAX_ROWS ? [h('div', { class: 'scm-note' }, `…and ${entries.length - MAX_ROWS} more (not shown).`)] : []));
  }

  private row(e: ChangeEntry): HTMLElement {
    const { actions } = this.deps;
    const folder = isFolderEntry(e);
    const buttons = [folder ? iconButton('reveal', 'Reveal in Explorer', 'folder-opened', () => this.deps.revealFolder(e.path))
      : iconButton('open', 'Open File', 'go-to-file', () => this.deps.openFile(e.path))];
    if (e.group === 'staged') buttons.push(iconButton('unstage', 'Unstage', 'remove', () => void actions.unstage([e.path])));
    else {
      if (e.group === 'changes') buttons.push(iconButton('discard', 'Discard Changes', 'discard', () => void actions.discard([e])));
      buttons.push(iconButton('stage', e.group === 'conflicts' ? 'Mark Resolved (Stage)' : 'Stage', 'add', () => void actions.stage([e.path])));
    }
    const title = e.originalPath ? `${e.originalPath} → ${e.path}` : folder ? `${e.path} (untracked folder)` : e.path;
    return h('div', { class: `scm-row state-${e.state}${folder ? ' folder' : ''}`, role: 'button', tabindex: '0', title,
      'data-testid': 'scm-row', 'data-path': e.path, 'data-group': e.group, 'data-state': e.state, 'data-folder': String(folder) },
    ...(folder ? [h('span', { class: 'codicon codicon-folder scm-folder-icon', 'aria-hidden': 'true' })] : []),
    h('span', { class: 'scm-name' }, folder ? `${basename(e.path)}/` : basename(e.path)),
    h('span', { class: 'scm-dir' }, dirname(e.path)),
    h('span', { class: 'scm-actions' }, ...buttons),
    h('span', { class: 'scm-letter', title: e.state }, stateLetter(e.state)));
  }

  private onRowClick(ev: Event): void {
    const row = (ev.target as HTMLElement).closest<HTMLElement>('.scm-row');
    if (!row) return;
    const list = row.dataset.group === 'staged' ? this.deps.state.groups.staged
      : row.dataset.group === 'conflicts' ? this.deps.state.groups.conflicts : this.deps.state.groups.changes;
    const entry = list.find((x) => x.path === row.dataset.path);
    if (!entry) return;
    if (isFolderEntry(entry)) this.deps.revealFolder(entry.path);
    else if (entry.group === 'conflicts') this.deps.openFile(entry.path);
    else this.deps.openChange(entry);
  }
}
