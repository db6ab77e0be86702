import type { WorkspaceConnection } from './connection';

/** Per-side state of a path (docs/protocol.md, git service). */
export type GitFileState = 'unmodified' | 'modified' | 'added' | 'deleted' | 'renamed' | 'untracked' | 'conflicted';

export interface GitFileStatus {
  /** Ends in "/" for a whole untracked folder, listed as one entry like `git status` does. */
  path: string;
  index: GitFileState;
  worktree: GitFileState;
  originalPath?: string | null;
}

export interface GitStatus {
  repository: boolean;
  branch: string | null;
  head: string | null;
  upstream: string | null;
  ahead: number;
  behind: number;
  files: GitFileStatus[];
}

export interface GitShowResult {
  exists: boolean;
  binary: boolean;
  content: string | null;
}

export interface GitCommit {
  id: string;
  author: string;
  email: string;
  /** Milliseconds since the epoch. */
  time: number;
  message: string;
}

export interface GitBlameLine {
  line: number;
  id: string | null;
  author: string;
  email: string;
  time: number;
  summary: string;
}

export interface GitBranch {
  name: string;
  remote: boolean;
  id: string;
  upstream: string | null;
}

export interface GitCredentials {
  username: string;
  password: string;
}

export interface RemoteAuth {
  credentials?: GitCredentials;
  rememberCredentials?: boolean;
}

export interface GitProgress {
  operation: string;
  task: string;
  completed: number;
  total: number;
}

/** `"HEAD"`, `"INDEX"` or any commit-ish. */
export type GitRef = string;

/** Typed `git/*` calls of protocol v1. */
export class GitClient {
  constructor(private readonly rpc: WorkspaceConnection) {}

  status(): Promise<GitStatus> {
    return this.rpc.request('git/status', {});
  }

  show(path: string, ref: GitRef = 'HEAD'): Promise<GitShowResult> {
    return this.rpc.request('git/show', { path, ref });
  }

  stage(paths: string[]): Promise<unknown> {
    return this.rpc.request('git/stage', { paths });
  }

  unstage(paths: string[]): Promise<unknown> {
    return this.rpc.request('git/unstage', { paths });
  }

  discard(paths: string[]): Promise<unknown> {
    return this.rpc.request('git/discard', { paths });
  }

  commit(message: string, amend = false): Promise<{ id: string }> {
    return this.rpc.request('git/commit', { message, amend });
  }

  async log(maxCount = 50, path?: string): Promise<GitCommit[]> {
    const r = await this.rpc.request<{ commits?: GitCommit[] }>('git/log', { path, maxCount });
    return r.commits ?? [];
  }

  async blame(path: string): Promise<GitBlameLine[]> {
    const r = await this.rpc.request<{ lines?: GitBlameLine[] }>('git/blame', { path });
    return r.lines ?? [];
  }

  branches(): Promise<{ current: string | null; branches: GitBranch[] }> {
    return this.rpc.request('git/branches', {});
  }

  checkout(ref: string): Promise<unknown> {
    return this.rpc.request('git/checkout', { ref });
  }

  createBranch(name: string, startPoint?: string): Promise<unknown> {
    return this.rpc.request('git/createBranch', { name, startPoint, checkout: true });
  }

  clone(url: string, auth: RemoteAuth = {}): Promise<{ path: string }> {
    return this.rpc.request('git/clone', { url, ...auth });
  }

  fetch(auth: RemoteAuth = {}): Promise<unknown> {
    return this.rpc.request('git/fetch', { ...auth });
  }

  pull(auth: RemoteAuth = {}): Promise<{ updated: boolean; conflicts: string[] }> {
    return this.rpc.request('git/pull', { ...auth });
  }

  push(auth: RemoteAuth & { setUpstream?: boolean } = {}): Promise<{ rejected: string[] }> {
    return this.rpc.request('git/push', { ...auth });
  }

  onProgress(handler: (p: GitProgress) => void): void {
    this.rpc.onNotification('git/progress', (p) => handler(p as GitProgress));
  }
}
