import type { Disposable } from '../disposable';
import type { WorkspaceConnection } from './connection';
import { subscribe } from './notifications';

/** `ExtensionInfo` of docs/protocol.md, "Extensions, commands and settings". */
export interface ExtensionInfo {
  id: string;
  name: string;
  version: string;
  description: string;
  api: string;
  builtIn: boolean;
  state: 'inactive' | 'active' | 'failed';
  failure?: string;
  permissions: string[];
  activationEvents: string[];
}

/** A command an extension contributes; its id starts with `<extensionId>.`. */
export interface ContributedCommand {
  id: string;
  title: string;
  category?: string;
  /** `Ctrl+Alt+T`, `Mod+Shift+K` (`Mod` = Ctrl, Cmd on macOS). */
  keybinding?: string;
  extensionId: string;
}

export type SettingType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
export type SettingScope = 'user' | 'workspace';

export interface Setting {
  key: string;
  extensionId: string;
  type: SettingType;
  default: unknown;
  description?: string;
  enum?: unknown[];
  items?: { type: SettingType };
  /** The effective value: the workspace's, else the user's, else `default`. */
  value: unknown;
  userValue?: unknown;
  workspaceValue?: unknown;
}

export interface FrontendModule {
  extensionId: string;
  /** Same-origin absolute path, `/api/extensions/{id}/frontend/...`. */
  url: string;
}

export interface Tool {
  name: string;
  description: string;
  parameters: unknown;
  requiresApproval: boolean;
  extensionId: string;
}

export interface Contributions {
  commands: ContributedCommand[];
  settings: Setting[];
  frontends: FrontendModule[];
  tools: Tool[];
}

/** Calls and notifications of one extension's own RPC service, `ext/<extensionId>/...` only. */
export interface ExtensionRpc {
  request<T = unknown>(method: string, params?: object): Promise<T>;
  onNotification(method: string, handler: (params: unknown) => void): Disposable;
}

type Connection = Pick<WorkspaceConnection, 'request' | 'onNotification'>;

/** Typed `extensions/*`, `commands/*` and `settings/*` calls of protocol v1. */
export class ExtensionClient {
  constructor(private readonly rpc: Connection) {}

  async list(): Promise<ExtensionInfo[]> {
    const r = await this.rpc.request<{ extensions?: ExtensionInfo[] }>('extensions/list', {});
    return r.extensions ?? [];
  }

  async contributions(): Promise<Contributions> {
    const r = await this.rpc.request<Partial<Contributions>>('extensions/contributions', {});
    return { commands: r.commands ?? [], settings: r.settings ?? [], frontends: r.frontends ?? [], tools: r.tools ?? [] };
  }

  /** Activates the extensions waiting for `event` (`onLanguage:python`); answers the ones activated now. */
  async activate(event: string): Promise<string[]> {
    const r = await this.rpc.request<{ activated?: string[] }>('extensions/activate', { event });
    return r.activated ?? [];
  }

  /** Runs a contributed command on the server (which activates its extension first). */
  async execute(command: string, args: unknown[] = []): Promise<unknown> {
    const r = await this.rpc.request<{ result?: unknown }>('commands/execute', args.length ? { command, arguments: args } : { command });
    return r?.result;
  }

  async settings(): Promise<Setting[]> {
    const r = await this.rpc.request<{ settings?: Setting[] }>('settings/list', {});
    return r.settings ?? [];
  }

  /** Sets `key` at `scope`; `undefined` removes the value there. Fails with -32602 and the reason for an invalid value. */
  async updateSetting(key: string, scope: SettingScope, value: unknown): Promise<void> {
    await this.rpc.request('settings/update', value === undefined ? { key, scope } : { key, scope, value });
  }

  /** An extension was added, removed, activated, deactivated or failed. */
  onDidChange(handler: () => void): Disposable {
    return subscribe(this.rpc, 'extensions/didChange', () => handler());
  }

  onSettingsDidChange(handler: (keys: string[]) => void): Disposable {
    return subscribe(this.rpc, 'settings/didChange', (p) => handler((p as { keys?: string[] } | undefined)?.keys ?? []));
  }

  /** Generic calls restricted to `ext/<extensionId>/`: any other method throws. */
  forExtension(extensionId: string): ExtensionRpc {
    const prefix = `ext/${extensionId}/`;
    const check = (method: string) => {
      if (!method.startsWith(prefix) || method.length === prefix.length) {
        throw new Error(`Extension ${extensionId} may only use methods under ${prefix}, not "${method}"`);
      }
    };
    return {
      request: <T>(method: string, params: object = {}) => {
        check(method);
        return this.rpc.request<T>(method, params);
      },
      onNotification: (method, handler) => {
        check(method);
        return subscribe(this.rpc, method, handler);
      },
    };
  }
}
