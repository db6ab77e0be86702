import type { WorkspaceConnection } from './connection';

export type FileType = 'file' | 'directory' | 'symlink';
export type Version = string;

export interface FileStat {
  path: string;
  type: FileType;
  /** For a symlink, what it points to inside the workspace (absent if dangling or outside). */
  targetType?: FileType;
  size: number;
  mtime: number;
  version: Version;
}

export interface ReadResult {
  content: string;
  encoding: 'utf8' | 'base64';
  version: Version;
}

export interface WriteParams {
  path: string;
  content: string;
  encoding?: 'utf8' | 'base64';
  expectedVersion?: Version;
  create?: boolean;
  overwrite?: boolean;
}

export type ChangeType = 'created' | 'changed' | 'deleted';

export interface FileChange {
  type: ChangeType;
  path: string;
}

export interface DidChangeParams {
  watchId: string;
  changes: FileChange[];
}

/** Typed `fs/*` calls of protocol v1 over a workspace connection. */
export class FsClient {
  constructor(private readonly rpc: WorkspaceConnection) {}

  async stat(path: string): Promise<FileStat> {
    return this.rpc.request<FileStat>('fs/stat', { path });
  }

  async list(path: string): Promise<FileStat[]> {
    const r = await this.rpc.request<{ entries: FileStat[] }>('fs/list', { path });
    return r.entries ?? [];
  }

  read(path: string, encoding: 'utf8' | 'base64' = 'utf8'): Promise<ReadResult> {
    return this.rpc.request<ReadResult>('fs/read', { path, encoding });
  }

  write(params: WriteParams): Promise<{ version: Version }> {
    return this.rpc.request('fs/write', { encoding: 'utf8', ...params });
  }

  mkdir(path: string): Promise<unknown> {
    return this.rpc.request('fs/mkdir', { path });
  }

  delete(path: string, recursive = false): Promise<unknown> {
    return this.rpc.request('fs/delete', { path, recursive });
  }

  move(from: string, to: string, overwrite = false): Promise<unknown> {
    return this.rpc.request('fs/move', { from, to, overwrite });
  }

  copy(from: string, to: string, overwrite = false): Promise<unknown> {
    return this.rpc.request('fs/copy', { from, to, overwrite });
  }

  async watch(path = '', recursive = true): Promise<string> {
    const r = await this.rpc.request<{ watchId: string }>('fs/watch', { path, recursive });
    return r.watchId;
  }

  onDidChange(handler: (params: DidChangeParams) => void): void {
    this.rpc.onNotification('fs/didChange', (p) => handler(p as DidChangeParams));
  }
}
