import './styles.css';
import { checkSession, fetchMe, fetchWorkspaces, goToLogin, HttpError, logout, rpcUrl, type Me, type WorkspaceInfo } from './api';
import { BufferBackup } from './backup';
import { DocumentSync } from './editor/doc-sync';
import { EditorArea } from './editor/editor-area';
import { languageName } from './editor/monaco';
import { Explorer } from './explorer/explorer';
import { DiagnosticsStore } from './lsp/diagnostics';
import { LanguageServers } from './lsp/language-servers';
import { serverStatus } from './lsp/server-state';
import { offerRestore } from './restore';
import { WorkspaceConnection } from './rpc/connection';
import { describeError } from './rpc/errors';
import { FsClient } from './rpc/fs-client';
import { StatusBar } from './status-bar';
import { applyTheme, initialTheme, type Theme } from './theme';
import { ConnectionBanner } from './ui/banner';
import { confirmDialog } from './ui/dialog';
import { h } from './ui/dom';
import { toast } from './ui/toast';
import { Workbench } from './workbench/workbench';

const app = document.getElementById('app')!;
let theme: Theme = initialTheme();
applyTheme(theme, false);

function fatal(message: string): void {
  const retry = h('button', { class: 'btn primary', type: 'button' }, 'Try again');
  retry.addEventListener('click', () => location.reload());
  app.replaceChildren(h('div', { class: 'center-note', 'data-testid': 'fatal' }, h('p', {}, message), retry));
}

async function boot(): Promise<void> {
  let me: Me;
  let workspaces: WorkspaceInfo[];
  try {
    [me, workspaces] = await Promise.all([fetchMe(), fetchWorkspaces()]);
  } catch (e) {
    if (e instanceof HttpError && e.status === 401) goToLogin();
    else fatal(describeError('Cannot load Stratus', e));
    return;
  }
  const wanted = new URLSearchParams(location.search).get('ws');
  const ws = workspaces.find((w) => w.id === wanted) ?? workspaces[0];
  if (wanted && ws && ws.id !== wanted) toast(`Workspace "${wanted}" was not found; opened ${ws.name}.`, 'error');

  let area: EditorArea | undefined;
  let workbench: Workbench | undefined;
  let servers: LanguageServers | undefined;
  const status = new StatusBar({
    toggleTheme: () => {
      theme = theme === 'dark' ? 'light' : 'dark';
      applyTheme(theme, true);
      status.setTheme(theme);
      area?.setTheme(theme);
      workbench?.setTheme(theme);
    },
    logout: () => void signOut(area),
    toggleProblems: () => void workbench?.toggleProblems(),
    languageServer: () => {
      const lang = area?.active?.model.getLanguageId();
      if (lang) servers?.restart(lang);
    },
  }, languageName);
  status.setUser(me.name, me.role);
  status.setTheme(theme);

  if (!ws) {
    status.setWorkspace('No workspace');
    app.replaceChildren(h('div', { class: 'workbench' },
      h('div', { class: 'center-note', 'data-testid': 'no-workspaces' },
        h('h2', {}, 'No workspaces yet'),
        h('p', {}, 'Start the server with a folder (stratus serve DIR) or ask an administrator to create a workspace for you.')),
      status.el));
    return;
  }
  status.setWorkspace(ws.name);
  document.title = `${ws.name} · Stratus`;

  const connection = new WorkspaceConnection({
    url: rpcUrl(ws.id),
    checkAuth: checkSession,
    onUnauthorized: () => {
      area?.flushBackups();
      goToLogin();
    },
  });
  const fs = new FsClient(connection);
  const backup = new BufferBackup(localStorage, ws.id);
  area = new EditorArea(fs, backup, theme);
  const editorArea = area;
  const sync = new DocumentSync(editorArea, fs, connection);
  const explorer = new Explorer(fs, ws.name, {
    // Through reveal, as quick open and search do: a diff shown over the editor gives way to the file.
    open: (p) => editorArea.reveal(p),
    renamed: (from, to) => editorArea.renamed(from, to),
  });
  const banner = new ConnectionBanner(() => connection.retryNow());
  const diagnostics = new DiagnosticsStore();
  const languageServers = new LanguageServers({ workspaceId: ws.id, connection, area: editorArea, diagnostics, languageName });
  servers = languageServers;
  const bench = new Workbench({ workspaceId: ws.id, workspaceName: ws.name, connection, area: editorArea, explorer, servers: languageServers, diagnostics,
    status, theme: () => theme });
  workbench = bench;
  diagnostics.onChange(() => status.setProblems(diagnostics.counts));
  const showServer = () => {
    const view = editorArea.active && languageServers.view(editorArea.active.model.getLanguageId());
    status.setLanguageServer(view ? serverStatus(view) : undefined);
  };
  languageServers.onChange(showServer);

  fs.onDidChange((p) => {
    explorer.changed(p.changes ?? []);
    bench.filesChanged();
    for (const c of p.changes ?? []) {
      editorArea.fileChanged(c.path);
      sync.changed(c).catch((e) => toast(describeError(`Cannot follow changes to ${c.path}`, e), 'error'));
    }
  });
  editorArea.onCursor((c) => status.setCursor(c));
  connection.onState((info) => {
    banner.update(info);
    status.setConnection(info);
  });
  // A connection found gone without a close (a network that went away): the terminal and
  // language-server sockets went with it, though they too still look open.
  connection.onGone(() => {
    bench.connectionGone();
    languageServers.connectionGone();
  });

  let firstOpen = true;
  connection.onOpen(() => void (async () => {
    try {
      await fs.watch('', true);
    } catch (e) {
      toast(describeError('Live file updates are unavailable', e), 'error');
    }
    if (firstOpen) {
      firstOpen = false;
      try {
        await explorer.model.load('');
      } catch (e) {
        toast(describeError('Cannot list the workspace', e), 'error');
      }
      // Git, search and terminals come after the file tree: they must not delay the first file.
      void bench.connected();
      void languageServers.connected();
      await offerRestore(backup, editorArea, fs);
    } else {
      void bench.connected();
      void languageServers.connected();
      await explorer.refreshAll();
      await sync.reconnected();
      toast('Reconnected to the workspace.', 'success', 2500);
    }
  })());

  window.addEventListener('beforeunload', (e) => {
    editorArea.flushBackups();
    if (editorArea.list().some((d) => d.dirty)) e.preventDefault();
  });

  app.replaceChildren(h('div', { class: 'workbench' }, banner.el, bench.el, status.el));
  connection.start();
}

async function signOut(area: EditorArea | undefined): Promise<void> {
  const dirty = area?.list().filter((d) => d.dirty) ?? [];
  if (dirty.length > 0 && !(await confirmDialog('Sign out',
    `${dirty.length} file(s) have unsaved changes. They stay backed up in this browser. Sign out anyway?`, 'Sign out'))) {
    return;
  }
  area?.flushBackups();
  try {
    await logout();
  } finally {
    goToLogin();
  }
}

void boot();
