import { describeError, ErrorCode, errorCode } from '../rpc/errors';
import type { GitClient, GitProgress, RemoteAuth } from '../rpc/git-client';
import { formDialog } from '../ui/form-dialog';
import { toast } from '../ui/toast';

export type RemoteOp = 'fetch' | 'pull' | 'push' | 'clone';

const VERB: Record<RemoteOp, string> = { fetch: 'Fetch', pull: 'Pull', push: 'Push', clone: 'Clone' };

/** "Receiving objects 40% (120/300)". Pure. */
export function describeProgress(p: GitProgress): string {
  const task = p.task || p.operation;
  if (p.total > 0) return `${task} ${Math.floor((100 * p.completed) / p.total)}% (${p.completed}/${p.total})`;
  return p.completed > 0 ? `${task} (${p.completed})` : task;
}

/** What to tell the user when an operation fails for a reason other than credentials. Pure. */
export function explainFailure(op: RemoteOp, e: unknown): string {
  const code = errorCode(e);
  const verb = VERB[op];
  if (code === ErrorCode.Unavailable) return `${verb} failed: the remote cannot be reached (${(e as Error).message}).`;
  if (code === ErrorCode.Conflict) {
    return `${verb} failed: local changes would be overwritten. Commit or stash them first. (${(e as Error).message})`;
  }
  if (code === ErrorCode.NotFound) return `${verb} failed: ${(e as Error).message || 'no such remote or branch'}.`;
  return describeError(`${verb} failed`, e);
}

export async function askCredentials(op: RemoteOp, retry: boolean, username = ''): Promise<RemoteAuth | undefined> {
  const v = await formDialog({
    title: 'Git credentials', testId: 'credentials-dialog', submitLabel: VERB[op],
    message: retry ? 'The remote refused these credentials. Try again:'
      : 'The remote needs a user name and a password or access token.',
    fields: [
      { id: 'username', label: 'User name', autocomplete: 'username', value: username },
      { id: 'password', label: 'Password or token', type: 'password', autocomplete: 'current-password' },
      { id: 'remember', label: 'Remember for this session (kept in server memory only)', type: 'checkbox' },
    ],
    validate: (x) => (String(x.username).trim() && x.password ? null : 'Both fields are required.'),
  });
  if (!v) return undefined;
  return { credentials: { username: String(v.username).trim(), password: String(v.password) }, rememberCredentials: !!v.remember };
}

/**
 * Runs fetch / pull / push / clone with `git/progress` shown while it runs, and a credentials
 * dialog (then a retry) when the remote refuses: PermissionDenied.
 */
export class RemoteOps {
  busy: RemoteOp | undefined;

  constructor(git: GitClient, private readonly progress: (text: string | undefined) => void) {
    git.onProgress((p) => { if (this.busy) this.progress(describeProgress(p)); });
  }

  /** Runs `op`; resolves to its result, or undefined when it failed (already reported) or was cancelled. */
  async run<T>(op: RemoteOp, call: (auth: RemoteAuth) => Promise<T>): Promise<T | undefined> {
    if (this.busy) {
      toast(`A ${this.busy} is still running.`, 'info');
      return undefined;
    }
    this.busy = op;
    this.progress(`${VERB[op]}…`);
    let auth: RemoteAuth = {};
    try {
      for (;;) {
        try {
          return await call(auth);
        } catch (e) {
          if (errorCode(e) !== ErrorCode.PermissionDenied) {
            toast(explainFailure(op, e), 'error');
            return undefined;
          }
          this.progress(`${VERB[op]}: waiting for credentials`);
          const answer = await askCredentials(op, auth.credentials !== undefined, auth.credentials?.username);
          if (!answer) return undefined;
          auth = answer;
          this.progress(`${VERB[op]}…`);
        }
      }
    } finally {
      this.busy = undefined;
      this.progress(undefined);
    }
  }
}
