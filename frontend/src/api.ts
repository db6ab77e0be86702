/** Plain HTTP endpoints of the gateway (everything except the workspace JSON-RPC socket). */

export interface Me {
  id: string;
  name: string;
  role: string;
}

export interface WorkspaceInfo {
  id: string;
  name: string;
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new HttpError(res.status, `${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export function goToLogin(): void {
  location.replace('/login');
}

export const fetchMe = () => getJson<Me>('/api/me');

export async function fetchWorkspaces(): Promise<WorkspaceInfo[]> {
  const r = await getJson<{ workspaces?: WorkspaceInfo[] }>('/api/workspaces');
  return r.workspaces ?? [];
}

export async function logout(): Promise<void> {
  await fetch('/api/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-Requested-With': 'stratus' } });
}

/** Distinguishes an expired session from a server that is simply unreachable. */
export async function checkSession(): Promise<'ok' | 'unauthorized' | 'unreachable'> {
  try {
    const res = await fetch('/api/me', { credentials: 'same-origin', cache: 'no-store' });
    if (res.status === 401) return 'unauthorized';
    return res.ok ? 'ok' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}

export function rpcUrl(workspaceId: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/workspaces/${encodeURIComponent(workspaceId)}/rpc`;
}

/**
 * The terminal byte socket, resuming at output byte `from`; `lines`: how many lines the view keeps,
 * so the server may skip plain lines a flood would push out of them anyway (docs/protocol.md).
 */
export function terminalSocketUrl(workspaceId: string, terminalId: string, from: number, lines?: number): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/workspaces/${encodeURIComponent(workspaceId)}/terminals/`
    + `${encodeURIComponent(terminalId)}?from=${from}${lines ? `&lines=${lines}` : ''}`;
}

/** The language-server relay socket of one language (docs/protocol.md). */
export function lspSocketUrl(workspaceId: string, languageId: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/workspaces/${encodeURIComponent(workspaceId)}/lsp/${encodeURIComponent(languageId)}`;
}
