/**
 * Workspace files are `file:///workspace/<path>` to the editor's models and to the language-server
 * relay (docs/protocol.md), which maps that prefix to the workspace's real root and back.
 *
 * Two spellings of one URI meet here. Monaco's LSP client writes `model.uri.toString(true)`, where
 * only `#` and `?` are escaped (and lower-cases it in didOpen/didChange); a language server writes
 * the fully percent-encoded form. The "client" form is the one that matches a model's URI; the
 * "server" form is the one a server can parse.
 */

export const WORKSPACE_URI = 'file:///workspace';
const PREFIX = `${WORKSPACE_URI}/`;

/** The workspace-relative path of a `file:///workspace/...` URI (either spelling), else undefined. */
export function pathOfUri(uri: string): string | undefined {
  if (!uri.startsWith(PREFIX)) return undefined;
  const path = decodeLenient(uri.slice(PREFIX.length));
  return path === '' || path.split('/').some((s) => s === '..') ? undefined : path;
}

/** The URI of a workspace path in the form `Uri.toString(true)` gives for the model. */
export function clientUriOfPath(path: string): string {
  return PREFIX + path.replace(/[#?]/g, (c) => (c === '#' ? '%23' : '%3F'));
}

/** The fully encoded URI of a workspace path, for a language server. */
export function serverUriOfPath(path: string): string {
  return PREFIX + path.split('/').map(encodeURIComponent).join('/');
}

/** Any spelling of a workspace URI in the client form; other URIs are returned unchanged. */
export function toClientUri(uri: string): string {
  const path = pathOfUri(uri);
  return path === undefined ? uri : clientUriOfPath(path);
}

/** Any spelling of a workspace URI in the server form; other URIs are returned unchanged. */
export function toServerUri(uri: string): string {
  const path = pathOfUri(uri);
  return path === undefined ? uri : serverUriOfPath(path);
}

// JSON files that allow comments, like VS Code's list: a JSON server reports comments as errors
// in a document of language `json`.
const JSONC_NAMES = /(^|\/)(tsconfig(\.[^/]*)?|jsconfig(\.[^/]*)?|\.eslintrc|\.babelrc|settings|extensions|launch|tasks)\.json$/;

/**
 * The LSP language id of a document. Monaco has one language where servers tell two apart:
 * `typescript` / `javascript` cover `.tsx` / `.jsx` (typescript-language-server parses JSX only
 * under the *react ids), and `json` covers JSON with comments.
 */
export function lspLanguageId(path: string, languageId: string): string {
  const lower = path.toLowerCase();
  if (languageId === 'typescript' && lower.endsWith('.tsx')) return 'typescriptreact';
  if (languageId === 'javascript' && lower.endsWith('.jsx')) return 'javascriptreact';
  if (languageId === 'json' && (lower.endsWith('.jsonc') || JSONC_NAMES.test(lower))) return 'jsonc';
  return languageId;
}

/** `decodeURIComponent`, except that a `%` that starts no valid escape stays as it is. */
function decodeLenient(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/%[0-9a-fA-F]{2}/g, (m) => {
      try { return decodeURIComponent(m); } catch { return m; }
    });
  }
}
