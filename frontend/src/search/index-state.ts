import type { IndexStatus, SearchClient } from '../rpc/search-client';

/** The search index's progress (`search/status`, then `search/indexProgress` notifications). */
export class IndexState {
  status: IndexStatus | undefined;
  private readonly listeners = new Set<(s: IndexStatus) => void>();

  constructor(private readonly client: SearchClient) {
    client.onIndexProgress((s) => this.set(s));
  }

  onChange(listener: (s: IndexStatus) => void): void {
    this.listeners.add(listener);
  }

  /** Asks the server (after every connect: notifications may have been missed). */
  async refresh(): Promise<void> {
    try {
      this.set(await this.client.status());
    } catch {
      // An older server without search/status: the view simply shows no progress.
    }
  }

  private set(s: IndexStatus): void {
    this.status = s;
    for (const l of this.listeners) l(s);
  }
}

export function describeIndex(s: IndexStatus | undefined): string {
  if (!s || s.state === 'ready') return '';
  if (s.totalFiles > 0) return `Indexing… ${s.indexedFiles} of ${s.totalFiles} files (${Math.floor((100 * s.indexedFiles) / s.totalFiles)}%)`;
  return `Indexing… ${s.indexedFiles} files`;
}
