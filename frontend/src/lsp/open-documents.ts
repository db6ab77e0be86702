import type { JsonRpcMessage, SyncedDocument } from './relay-transport';
import { lspLanguageId, pathOfUri, toServerUri } from './uris';

interface OpenDocument {
  doc: SyncedDocument;
  serverUri: string;
  languageId: string;
}

type TextDocumentParams = { textDocument?: { uri: string; languageId?: string; version?: number; text?: string } };

/**
 * The documents one relay socket's server has open, and the translation of the client's document
 * notifications for it. The client syncs every model to every server and lower-cases URIs in
 * didOpen / didChange; only workspace documents of the socket's languages are passed on, in their
 * real case and with the language id the server expects. After a reconnect the server gets them
 * again with their current text (`reopen`).
 */
export class OpenDocuments {
  private readonly docs = new Map<string, OpenDocument>();

  constructor(
    private readonly languageIds: readonly string[],
    /** The workspace document behind a URI the client sent (lower-cased), if it is one. */
    private readonly document: (lowerUri: string) => SyncedDocument | undefined,
  ) {}

  /** Whether the server has this document (URI in any case) open. */
  has(uri: string): boolean {
    return this.docs.has(uri.toLowerCase());
  }

  /**
   * The client's didOpen / didChange / didClose as the server should get it, after noting what it
   * opens and closes; undefined when it is not for this server. `changed` is true when the set of
   * open documents changed.
   */
  translate(m: JsonRpcMessage): { message?: JsonRpcMessage; changed: boolean } {
    const params = m.params as TextDocumentParams | undefined;
    const td = params?.textDocument;
    if (!td) return { changed: false };
    const lower = td.uri.toLowerCase();
    if (m.method === 'textDocument/didOpen') {
      const doc = this.document(lower);
      const path = doc && pathOfUri(doc.uri);
      if (!doc || path === undefined || !this.languageIds.includes(doc.languageId)) return { changed: false };
      const open: OpenDocument = { doc, serverUri: toServerUri(doc.uri), languageId: lspLanguageId(path, doc.languageId) };
      this.docs.set(lower, open);
      return { message: openMessage(open, td.text ?? doc.getValue(), td.version ?? doc.getVersionId()), changed: true };
    }
    const open = this.docs.get(lower);
    if (!open) return { changed: false };
    const closed = m.method === 'textDocument/didClose';
    if (closed) this.docs.delete(lower);
    return { message: { ...m, params: { ...params, textDocument: { ...td, uri: open.serverUri } } }, changed: closed };
  }

  /** didOpen for every open document with its current text: for a new socket's server. */
  reopen(): JsonRpcMessage[] {
    return [...this.docs.values()].map((open) => openMessage(open, open.doc.getValue(), open.doc.getVersionId()));
  }
}

function openMessage(open: OpenDocument, text: string, version: number): JsonRpcMessage {
  return {
    jsonrpc: '2.0', method: 'textDocument/didOpen',
    params: { textDocument: { uri: open.serverUri, languageId: open.languageId, version, text } },
  };
}
