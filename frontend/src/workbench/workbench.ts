import type { AiController } from '../ai/ai-controller';
import { sessionStore } from '../ai/answer-in-flight';
import { EditsInFlight } from '../ai/edits-in-flight';
import { addEditorActions, aiCommands, type WithAi } from '../ai/ai-commands';
import { AiAvailability } from '../ai/ai-availability';
import { registerAiQuickFixes } from '../ai/ai-quick-fix';
import { installInlineCompletion } from '../ai/inline-completion-provider';
import { terminalSocketUrl } from '../api';
import { CommandRegistry } from '../commands/commands';
import type { EditorArea } from '../editor/editor-area';
import { editor, languages } from '../editor/monaco';
import { workbenchApiHost } from '../extensions/api-host';
import { Extensions } from '../extensions/extensions';
import type { Explorer } from '../explorer/explorer';
import { describeCounts, type DiagnosticsStore } from '../lsp/diagnostics';
import type { LanguageServers } from '../lsp/language-servers';
import type { ProblemsView } from '../lsp/problems-view';
import { BlameAnnotations } from '../git/blame';
import { ChangeMarkers } from '../git/change-markers';
import { GitState } from '../git/git-state';
import type { WorkspaceConnection } from '../rpc/connection';
import { AiClient } from '../rpc/ai-client';
import { describeError } from '../rpc/errors';
import { ExtensionClient } from '../rpc/extension-client';
import { GitClient } from '../rpc/git-client';
import { SearchClient } from '../rpc/search-client';
import { TerminalClient } from '../rpc/terminal-client';
import { IndexState } from '../search/index-state';
import { SettingsStore } from '../settings/settings-store';
import type { StatusBar } from '../status-bar';
import type { TerminalPanel } from '../terminal/terminal-panel';
import type { Theme } from '../theme';
import { h } from '../ui/dom';
import { toast } from '../ui/toast';
import { BottomPanel } from './bottom-panel';
import { builtinCommands } from './builtin-commands';
import { ShortcutRegistry } from './keybindings';
import { SideBar } from './side-bar';

export interface WorkbenchCore {
  workspaceId: string;
  workspaceName: string;
  connection: WorkspaceConnection;
  area: EditorArea;
  explorer: Explorer;
  servers: LanguageServers;
  diagnostics: DiagnosticsStore;
  status: StatusBar;
  theme(): Theme;
}

/**
 * Composes the workbench around the editor: activity bar and side views (Explorer, Search,
 * Source Control, Outline, Extensions, Settings), the bottom panel (Problems, Terminal), change
 * markers, blame, the commands with their shortcuts, and the extensions' contributions and
 * browser modules. Search, Source Control, Outline, Extensions, Settings, Problems, quick pickers,
 * the diff editor and xterm are loaded on first use.
 */
export class Workbench {
  readonly el: HTMLElement;
  readonly git: GitState;
  readonly side: SideBar;
  readonly panel: BottomPanel;
  readonly keys = new ShortcutRegistry();
  readonly commands: CommandRegistry;
  readonly extensionClient: ExtensionClient;
  readonly settings: SettingsStore;
  readonly extensions: Extensions;
  private readonly search: SearchClient;
  private readonly index: IndexState;
  private readonly terminals: TerminalClient;
  private readonly blame: BlameAnnotations;
  private terminalPanel: Promise<TerminalPanel> | undefined;
  private problemsView: Promise<ProblemsView> | undefined;
  private ai: Promise<AiController> | undefined;
  private readonly aiAvailable: AiAvailability;
  private readonly inlineCompletion: ReturnType<typeof installInlineCompletion>;
  private firstOpen = true;

  constructor(private readonly core: WorkbenchCore) {
    const { connection, area } = core;
    this.git = new GitState(new GitClient(connection));
    this.search = new SearchClient(connection);
    this.index = new IndexState(this.search);
    this.terminals = new TerminalClient(connection);
    this.blame = new BlameAnnotations(area, this.git.client);
    new ChangeMarkers(area, this.git);
    this.panel = new BottomPanel([{ id: 'problems', label: 'Problems' }, { id: 'terminal', label: 'Terminal' }],
      (id) => void (id === 'terminal' ? this.showTerminal() : this.showProblems()));
    core.diagnostics.onChange(() => {
      const c = core.diagnostics.counts;
      this.panel.setBadge('problems', c.errors + c.warnings + c.infos, describeCounts(c));
    });
    this.side = new SideBar([
      { id: 'explorer', label: 'Explorer (Ctrl+Shift+E)', icon: 'files', create: () => core.explorer },
      { id: 'search', label: 'Search (Ctrl+Shift+F)', icon: 'search', create: () => this.createSearch() },
      { id: 'scm', label: 'Source Control (Ctrl+Shift+G)', icon: 'source-control', create: () => this.createScm() },
      { id: 'outline', label: 'Outline', icon: 'list-tree', create: () => this.createOutline() },
      { id: 'extensions', label: 'Extensions', icon: 'extensions', create: () => this.createExtensionsView() },
      { id: 'settings', label: 'Settings (Ctrl+,)', icon: 'settings-gear', create: () => this.createSettingsView() },
      { id: 'ai', label: 'AI Assistant (Ctrl+Alt+I)', icon: 'sparkle', create: () => this.aiController().then((c) => c.view) },
    ]);
    this.git.onChange(() => this.side.activity.setBadge('scm', this.git.groups.count));
    const center = h('div', { class: 'center' }, area.el, this.panel.el);
    this.el = h('div', { class: 'main' }, this.side.activity.el, this.side.el, center);
    void this.side.restore();
    // Edits with AI this tab was waiting for when it was reloaded: taken up and reviewed.
    if (new EditsInFlight(sessionStore()).list().length) this.withAi((ai) => ai.takeUpEdits());
    window.addEventListener('focus', () => this.git.refreshSoon(100));

    this.extensionClient = new ExtensionClient(connection);
    this.settings = new SettingsStore(this.extensionClient);
    this.commands = new CommandRegistry({
      executeOnServer: (id, args) => this.extensionClient.execute(id, args),
      bindKey: (s) => this.keys.add(s),
      notify: (message, kind) => toast(message, kind),
    });
    for (const c of builtinCommands({
      quickOpen: () => void this.quickOpen('files'),
      goToSymbol: () => void this.quickOpen('symbols'),
      commandPalette: () => void import('../commands/command-palette').then((m) => m.showCommandPalette(this.commands)),
      showView: (id) => void this.side.show(id).then((v) => { if (id === 'settings') (v as { focus?(): void } | undefined)?.focus?.(); }),
      showSearch: () => void this.showSearch(),
      toggleTerminal: () => void this.toggleTerminal(),
      newTerminal: () => void this.newTerminal(),
      toggleProblems: () => void this.toggleProblems(),
    })) this.commands.addBuiltin(c);
    for (const c of aiCommands(this.withAi)) this.commands.addBuiltin(c);
    addEditorActions(area.codeEditor, this.withAi);
    const aiClient = new AiClient(connection);
    this.aiAvailable = new AiAvailability(() => aiClient.status());
    this.inlineCompletion = installInlineCompletion({ client: aiClient, settings: this.settings, extensions: this.extensionClient,
      isWorkspaceFile: (model) => area.list().some((d) => d.model === model) });
    this.commands.addBuiltin(this.inlineCompletion.command);
    this.extensionClient.onDidChange(() => {
      this.aiAvailable.invalidate();
      this.inlineCompletion.recheck();
    });
    registerAiQuickFixes({
      registerCodeActionProvider: (selector, provider, metadata) => languages.registerCodeActionProvider(selector, provider, metadata),
      registerCommand: (id, handler) => editor.registerCommand(id, handler),
    }, {
      available: () => this.aiAvailable.check(),
      pathOf: (model) => area.list().find((d) => d.model === model)?.path,
      fix: (path, p) => this.withAi((ai) => ai.fixProblem(path, p)),
    });
    this.keys.install();
    this.extensions = new Extensions({
      client: this.extensionClient, settings: this.settings, commands: this.commands, area,
      host: workbenchApiHost({
        workspaceId: core.workspaceId, commands: this.commands, keys: this.keys, side: this.side, panel: this.panel,
        status: core.status, client: this.extensionClient, settings: this.settings, area,
      }),
    });
  }

  /** After every (re)connect. */
  async connected(): Promise<void> {
    this.aiAvailable.invalidate();
    this.inlineCompletion.recheck();
    void this.git.refresh();
    void this.index.refresh();
    this.extensions.connected(this.firstOpen);
    if (!this.firstOpen) return;
    this.firstOpen = false;
    // Fetch the small view modules once the page has settled, so a shortcut never waits for them.
    setTimeout(() => {
      void import('../search/search-view').catch(() => undefined);
      void import('../quick/quick-open').catch(() => undefined);
      void import('../git/scm-view').catch(() => undefined);
      void import('../lsp/problems-view').catch(() => undefined);
      void import('../commands/command-palette').catch(() => undefined);
    }, 1500);
    if (!this.panel.wasVisible) return;
    if (this.panel.active === 'problems') {
      await this.showProblems();
      return;
    }
    try {
      if ((await this.terminals.list()).length > 0) {
        this.panel.show('terminal');
        await this.ensureTerminals();
      }
    } catch {
      // No terminal service: the panel stays closed.
    }
  }

  /** `fs/didChange` paths: git status follows (debounced). */
  filesChanged(): void {
    this.git.refreshSoon();
  }

  setTheme(theme: Theme): void {
    void this.terminalPanel?.then((p) => p.setTheme(theme));
  }

  /** The workspace connection stopped answering: the terminals' sockets, likely dead too, are replaced. */
  connectionGone(): void {
    void this.terminalPanel?.then((p) => p.connectionGone());
  }

  async toggleTerminal(): Promise<void> {
    if (this.panel.visible && this.panel.active === 'terminal') this.hidePanel();
    else await this.showTerminal();
  }

  async toggleProblems(): Promise<void> {
    if (this.panel.visible && this.panel.active === 'problems') this.hidePanel();
    else await this.showProblems();
  }

  private hidePanel(): void {
    this.panel.setVisible(false);
    this.core.area.codeEditor.focus();
  }

  private async showTerminal(): Promise<void> {
    this.panel.show('terminal');
    const p = await this.ensureTerminals();
    if (p.count === 0) await p.create();
    else p.focus();
  }

  private async newTerminal(): Promise<void> {
    this.panel.show('terminal');
    const p = await this.ensureTerminals();
    await p.create();
  }

  private async showProblems(): Promise<void> {
    this.panel.show('problems');
    this.problemsView ??= import('../lsp/problems-view').then(({ ProblemsView }) => new ProblemsView({
      panel: this.panel.view('problems'), store: this.core.diagnostics,
      reveal: (path, p) => void this.core.area.revealRange(path,
        { startLineNumber: p.line, startColumn: p.column, endLineNumber: p.endLine, endColumn: p.endColumn }),
      fix: (path, p) => this.withAi((ai) => ai.fixProblem(path, p)),
    }));
    this.problemsView.catch((e) => {
      this.problemsView = undefined;
      toast(describeError('Cannot show the problems', e), 'error');
    });
    await this.problemsView;
  }

  private ensureTerminals(): Promise<TerminalPanel> {
    if (!this.terminalPanel) {
      this.terminalPanel = import('../terminal/terminal-panel').then(async ({ TerminalPanel }) => {
        const panel = new TerminalPanel({
          panel: this.panel.view('terminal'), client: this.terminals, theme: this.core.theme(),
          socketUrl: (id, from, lines) => terminalSocketUrl(this.core.workspaceId, id, from, lines),
          // Changes under .git are not watched: a git command run in a terminal shows up once
          // its output has settled.
          output: () => this.git.refreshSoon(1000),
        });
        await panel.restore();
        return panel;
      });
      this.terminalPanel.catch((e) => {
        this.terminalPanel = undefined;
        toast(describeError('Cannot load the terminal', e), 'error');
      });
    }
    return this.terminalPanel;
  }

  private async showSearch(): Promise<void> {
    const view = await this.side.show('search');
    const ed = this.core.area.codeEditor;
    const sel = ed.getSelection();
    const text = sel && !sel.isEmpty() && sel.startLineNumber === sel.endLineNumber ? ed.getModel()?.getValueInRange(sel) : undefined;
    (view as { focus?(t?: string): void } | undefined)?.focus?.(text);
  }

  private async createSearch() {
    const { SearchView } = await import('../search/search-view');
    return new SearchView({
      search: this.search, index: this.index,
      reveal: (path, line, column, length) => void this.core.area.reveal(path, line, column, length),
    });
  }

  private readonly withAi: WithAi = (run) => {
    void this.aiController().then(run).catch((e) => toast(describeError('The AI assistant failed', e), 'error'));
  };

  private aiController(): Promise<AiController> {
    this.ai ??= import('../ai/ai-controller').then(({ AiController }) => new AiController({
      connection: this.core.connection, area: this.core.area, search: this.search, diagnostics: this.core.diagnostics,
      showView: () => this.side.show('ai'), workspaceName: this.core.workspaceName,
    }));
    this.ai.catch(() => { this.ai = undefined; });
    return this.ai;
  }

  private async createExtensionsView() {
    const { ExtensionsView } = await import('../extensions/extensions-view');
    return new ExtensionsView(this.extensionClient);
  }

  private async createSettingsView() {
    const { SettingsView } = await import('../settings/settings-view');
    return new SettingsView({ store: this.settings, client: this.extensionClient, extensionName: (id) => this.extensions.name(id) });
  }

  private async createOutline() {
    const { OutlineView } = await import('../lsp/outline-view');
    return new OutlineView({ area: this.core.area, servers: this.core.servers });
  }

  private async createScm() {
    const [{ ScmView }, { ScmActions }, { RemoteOps }] = await Promise.all([
      import('../git/scm-view'), import('../git/scm-actions'), import('../git/remote-ops')]);
    let view: InstanceType<typeof ScmView> | undefined;
    const remote = new RemoteOps(this.git.client, (text) => view?.setProgress(text));
    const actions = new ScmActions(this.git, remote);
    const area = this.core.area;
    view = new ScmView({
      state: this.git, actions, blame: this.blame,
      openFile: (path) => void area.reveal(path),
      openChange: (entry) => void import('../git/diff-view').then(({ openDiff }) => openDiff(area, this.git, entry)),
      revealFolder: (path) => void this.side.show('explorer').then(() => this.core.explorer.reveal(path)),
    });
    return view;
  }

  private async quickOpen(kind: 'files' | 'symbols'): Promise<void> {
    const { showQuickOpen, showGoToSymbol } = await import('../quick/quick-open');
    const area = this.core.area;
    const deps = {
      search: this.search,
      recent: () => {
        const docs = area.list().map((d) => d.path);
        const active = area.active?.path;
        return active ? [active, ...docs.filter((p) => p !== active)] : docs;
      },
      reveal: (path: string, line?: number) => void area.reveal(path, line),
    };
    if (kind === 'files') showQuickOpen(deps);
    else showGoToSymbol(deps);
  }
}
