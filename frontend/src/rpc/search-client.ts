import type { WorkspaceConnection } from './connection';

export interface TextSearchParams {
  query: string;
  isRegex?: boolean;
  caseSensitive?: boolean;
  wholeWord?: boolean;
  include?: string[];
  exclude?: string[];
  maxResults?: number;
}

/** One match: 1-based line and column; column and length in UTF-16 code units. */
export interface TextMatch {
  path: string;
  line: number;
  column: number;
  length: number;
  preview: string;
}

export interface TextSearchResult {
  matches: TextMatch[];
  truncated: boolean;
  tookMs: number;
}

export interface SymbolMatch {
  name: string;
  kind: string;
  path: string;
  line: number;
}

export interface IndexStatus {
  state: 'indexing' | 'ready';
  indexedFiles: number;
  totalFiles: number;
}

/** Typed `search/*` calls of protocol v1. */
export class SearchClient {
  constructor(private readonly rpc: WorkspaceConnection) {}

  async text(params: TextSearchParams): Promise<TextSearchResult> {
    const r = await this.rpc.request<Partial<TextSearchResult>>('search/text', params);
    return { matches: r.matches ?? [], truncated: r.truncated ?? false, tookMs: r.tookMs ?? 0 };
  }

  async files(query: string, maxResults = 50): Promise<string[]> {
    const r = await this.rpc.request<{ paths?: string[] }>('search/files', { query, maxResults });
    return r.paths ?? [];
  }

  async symbols(query: string, maxResults = 100): Promise<SymbolMatch[]> {
    const r = await this.rpc.request<{ symbols?: SymbolMatch[] }>('search/symbols', { query, maxResults });
    return r.symbols ?? [];
  }

  status(): Promise<IndexStatus> {
    return this.rpc.request('search/status', {});
  }

  onIndexProgress(handler: (s: IndexStatus) => void): void {
    this.rpc.onNotification('search/indexProgress', (p) => handler(p as IndexStatus));
  }
}
