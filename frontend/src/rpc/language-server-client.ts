import type { WorkspaceEdit } from '../lsp/protocol';
import type { ProcessState } from '../lsp/server-state';
import type { WorkspaceConnection } from './connection';

/** A server of the registry (built-in servers.json plus the install folder's overlay). */
export interface LanguageServerInfo {
  id: string;
  name: string;
  languages: string[];
  filePatterns: string[];
  installed: boolean;
  installMethod: 'npm' | 'apt' | 'external';
  default: boolean;
}

/** One language-server process of this workspace. */
export interface LanguageServerStatus {
  id: string;
  languageId: string;
  state: ProcessState;
  restarts: number;
  pid?: number;
}

export interface LanguageServerStateChange {
  id: string;
  state: ProcessState;
  restarts: number;
  message?: string;
}

export interface ApplyEditResult {
  applied: string[];
  failed: { path: string; code: number; message: string }[];
}

/** Typed `language-servers/*` calls of docs/protocol.md; LSP itself travels over the relay socket. */
export class LanguageServerClient {
  constructor(private readonly rpc: WorkspaceConnection) {}

  async list(): Promise<LanguageServerInfo[]> {
    const r = await this.rpc.request<{ servers?: LanguageServerInfo[] }>('language-servers/list', {});
    return r.servers ?? [];
  }

  async status(): Promise<LanguageServerStatus[]> {
    const r = await this.rpc.request<{ servers?: LanguageServerStatus[] }>('language-servers/status', {});
    return r.servers ?? [];
  }

  /** Applies a WorkspaceEdit (URIs `file:///workspace/...`) to files on disk. */
  async applyEdit(edit: WorkspaceEdit): Promise<ApplyEditResult> {
    const r = await this.rpc.request<Partial<ApplyEditResult>>('language-servers/applyEdit', { edit });
    return { applied: r.applied ?? [], failed: r.failed ?? [] };
  }

  onStateChanged(handler: (p: LanguageServerStateChange) => void): void {
    this.rpc.onNotification('language-servers/stateChanged', (p) => handler(p as LanguageServerStateChange));
  }
}
