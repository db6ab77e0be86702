import type { WorkspaceConnection } from './connection';

export interface TerminalInfo {
  terminalId: string;
  title: string;
  cwd: string;
  pid: number;
  cols: number;
  rows: number;
  running: boolean;
  exitCode?: number | null;
}

/** Typed `terminal/*` calls of protocol v1; the bytes travel over the terminal socket. */
export class TerminalClient {
  constructor(private readonly rpc: WorkspaceConnection) {}

  /** `shell` must be listed in the server's /etc/shells; default: the account's login shell. */
  async create(cols: number, rows: number, cwd?: string, shell?: string): Promise<string> {
    const r = await this.rpc.request<{ terminalId: string }>('terminal/create', { cols, rows, cwd, shell });
    return r.terminalId;
  }

  resize(terminalId: string, cols: number, rows: number): Promise<unknown> {
    return this.rpc.request('terminal/resize', { terminalId, cols, rows });
  }

  close(terminalId: string): Promise<unknown> {
    return this.rpc.request('terminal/close', { terminalId });
  }

  rename(terminalId: string, title: string): Promise<unknown> {
    return this.rpc.request('terminal/rename', { terminalId, title });
  }

  async list(): Promise<TerminalInfo[]> {
    const r = await this.rpc.request<{ terminals?: TerminalInfo[] }>('terminal/list', {});
    return r.terminals ?? [];
  }

  onExited(handler: (p: { terminalId: string; exitCode: number }) => void): void {
    this.rpc.onNotification('terminal/exited', (p) => handler(p as { terminalId: string; exitCode: number }));
  }
}
