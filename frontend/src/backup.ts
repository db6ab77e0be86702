/**
 * Keeps unsaved buffers in localStorage so a reload, crash or expired session does not lose
 * work. One key per workspace; each entry remembers the disk version the edit was based on.
 */
export interface BackupEntry {
  content: string;
  /** Version the buffer was read at, or null for a file that did not exist on disk. */
  baseVersion: string | null;
  savedAt: number;
}

export type BackupMap = Record<string, BackupEntry>;

export class BufferBackup {
  private readonly key: string;

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
              workspaceId: string) {
    this.key = `stratus.backup.${workspaceId}`;
  }

  load(): BackupMap {
    try {
      const raw = this.storage.getItem(this.key);
      if (!raw) return {};
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
      const out: BackupMap = {};
      for (const [path, value] of Object.entries(parsed as Record<string, unknown>)) {
        const v = value as Partial<BackupEntry> | null;
        if (v && typeof v.content === 'string') {
          out[path] = { content: v.content, baseVersion: v.baseVersion ?? null, savedAt: Number(v.savedAt) || 0 };
        }
      }
      return out;
    } catch {
      return {};
    }
  }

  /** Stores (or replaces) the backup of one path. Returns false when storage is full. */
  put(path: string, content: string, baseVersion: string | null, now = Date.now()): boolean {
    const all = this.load();
    all[path] = { content, baseVersion, savedAt: now };
    return this.write(all);
  }

  remove(path: string): void {
    const all = this.load();
    if (!(path in all)) return;
    delete all[path];
    this.write(all);
  }

  /** Moves a backup after a rename. */
  rename(from: string, to: string): void {
    const all = this.load();
    if (!(from in all)) return;
    all[to] = all[from];
    delete all[from];
    this.write(all);
  }

  clear(): void {
    this.storage.removeItem(this.key);
  }

  private write(all: BackupMap): boolean {
    try {
      if (Object.keys(all).length === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify(all));
      return true;
    } catch {
      return false;
    }
  }
}
