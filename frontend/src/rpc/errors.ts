/** Error codes of protocol v1 (ARCHITECTURE.md §3). */
export const ErrorCode = {
  NotFound: 1001,
  AlreadyExists: 1002,
  Conflict: 1003,
  OutsideWorkspace: 1004,
  PermissionDenied: 1005,
  TooLarge: 1006,
  NotADirectory: 1007,
  IsADirectory: 1008,
  Unavailable: 1009,
  RateLimited: 1010,
  Cancelled: 1011,
  /** Client-side: the socket is down, the request was never sent or its answer was lost. */
  Offline: -1,
} as const;

const TITLES: Record<number, string> = {
  1001: 'Not found',
  1002: 'Already exists',
  1003: 'Changed on disk',
  1004: 'Outside the workspace',
  1005: 'Permission denied',
  1006: 'Too large',
  1007: 'Not a directory',
  1008: 'Is a directory',
  1009: 'Unavailable',
  1010: 'Rate limited',
  1011: 'Cancelled',
  [-1]: 'Offline',
  [-32600]: 'Invalid request',
  [-32601]: 'Not supported by the server',
  [-32602]: 'Invalid parameters',
  [-32603]: 'Server error',
};

/** An error from the workspace connection, with the protocol code when there is one. */
export class RpcError extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
    this.name = 'RpcError';
  }
}

export function errorCode(e: unknown): number | undefined {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'number') {
    return (e as { code: number }).code;
  }
  return undefined;
}

/** A sentence for the user: "Cannot save src/a.ts: Permission denied (…server message…)". */
export function describeError(action: string, e: unknown): string {
  const code = errorCode(e);
  const raw = e instanceof Error ? e.message : String(e);
  const title = code !== undefined ? TITLES[code] : undefined;
  if (!title) return `${action}: ${raw || 'unknown error'}`;
  const detail = raw && raw.toLowerCase() !== title.toLowerCase() ? ` (${raw})` : '';
  return `${action}: ${title}${detail}`;
}
