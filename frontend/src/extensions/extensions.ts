import type { CommandRegistry } from '../commands/commands';
import type { EditorArea } from '../editor/editor-area';
import type { ExtensionClient } from '../rpc/extension-client';
import { describeError, ErrorCode, errorCode } from '../rpc/errors';
import type { SettingsStore } from '../settings/settings-store';
import { toast } from '../ui/toast';
import { createStratusApi, type ApiHost } from './browser-api';
import { ExtensionLoader } from './loader';

export interface ExtensionsDeps {
  client: ExtensionClient;
  settings: SettingsStore;
  commands: CommandRegistry;
  area: Pick<EditorArea, 'onActiveChange'>;
  host: ApiHost;
}

/** `extensions/didChange` often comes in bursts (activate, then the next extension): one refresh. */
const REFRESH_DELAY_MS = 150;

/**
 * Keeps the workbench in step with the server's extensions: contributed commands and keybindings,
 * browser modules (loaded and unloaded on `extensions/didChange`), and `onLanguage:` activation
 * the first time a document of a language is shown.
 */
export class Extensions {
  readonly loader: ExtensionLoader;
  private readonly names = new Map<string, string>();
  private readonly languages = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<void> | undefined;
  private again = false;

  constructor(private readonly deps: ExtensionsDeps) {
    this.loader = new ExtensionLoader({
      importModule: (url) => import(/* @vite-ignore */ url),
      origin: location.origin,
      createApi: (id, owned) => createStratusApi(deps.host, id, owned),
      report: (message, error) => {
        console.error(message, error);
        toast(error === undefined ? message : describeError(message, error), 'error');
      },
    });
    deps.client.onDidChange(() => this.refreshSoon());
    deps.area.onActiveChange((doc) => {
      const lang = doc?.model.getLanguageId();
      if (lang) this.activateLanguage(lang);
    });
  }

  /** An extension's display name, once listed. */
  name(id: string): string | undefined {
    return this.names.get(id);
  }

  /** After every (re)connect: extensions may have changed while the socket was down. */
  connected(first: boolean): void {
    if (first) {
      this.deps.client.activate('onWorkspaceOpened').catch((e) => console.warn('onWorkspaceOpened activation failed', e));
    }
    void this.refresh();
  }

  refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  /** Lists contributions again and applies them; concurrent calls collapse into one more run. */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        await this.apply();
      } while (this.again);
    })().finally(() => { this.refreshing = undefined; });
    return this.refreshing;
  }

  private async apply(): Promise<void> {
    const { client, commands, settings } = this.deps;
    try {
      const [contributions, list] = await Promise.all([client.contributions(), client.list()]);
      this.names.clear();
      for (const x of list) this.names.set(x.id, x.name || x.id);
      commands.setContributed(contributions.commands);
      await settings.reload().catch((e) => console.warn('Cannot list the settings', e));
      await this.loader.sync(contributions.frontends);
    } catch (e) {
      // An older server has no extension host: the workbench works without it.
      console.warn('Cannot list the extensions', e);
    }
  }

  /**
   * `extensions/activate onLanguage:<id>`, once per language and page; failures are only logged,
   * and one that never reached the server is tried again with the next document of the language.
   */
  activateLanguage(languageId: string): void {
    if (this.languages.has(languageId)) return;
    this.languages.add(languageId);
    this.deps.client.activate(`onLanguage:${languageId}`).catch((e) => {
      if (errorCode(e) === ErrorCode.Offline) this.languages.delete(languageId);
      console.warn(`onLanguage:${languageId} activation failed`, e);
    });
  }
}
