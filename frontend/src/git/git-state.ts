import { ErrorCode, errorCode } from '../rpc/errors';
import type { GitClient, GitStatus } from '../rpc/git-client';
import { groupStatus, type StatusGroups } from './status-groups';

/**
 * The workspace's git status, shared by the Source Control panel, the activity bar badge and
 * the editor's change markers. Refreshes are coalesced: a burst of file changes costs one call.
 */
export class GitState {
  status: GitStatus | undefined;
  groups: StatusGroups = groupStatus([]);
  /** Why the last refresh failed (undefined when it worked). */
  error: unknown;
  /** Increases on every successful refresh, so dependants know their cached bases are stale. */
  generation = 0;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(readonly client: GitClient) {}

  get isRepository(): boolean {
    return this.status?.repository === true;
  }

  /** True when the server has no git service at all (older server): nothing to poll. */
  get unsupported(): boolean {
    return errorCode(this.error) === -32601;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Debounced refresh, for file-change bursts. */
  refreshSoon(delayMs = 300): void {
    if (this.unsupported) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delayMs);
  }

  /** Refreshes now; a call during a refresh runs once more after it, never in parallel. */
  refresh(): Promise<void> {
    clearTimeout(this.timer);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.load().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.running;
  }

  private async load(): Promise<void> {
    try {
      const status = await this.client.status();
      this.status = status;
      this.groups = groupStatus(status.repository ? status.files ?? [] : []);
      this.error = undefined;
      this.generation++;
    } catch (e) {
      if (errorCode(e) === ErrorCode.Offline) return;
      this.error = e;
    }
    for (const l of this.listeners) l();
  }
}
