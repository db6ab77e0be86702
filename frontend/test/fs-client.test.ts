import { describe, expect, it } from 'vitest';
import type { WorkspaceConnection } from '../src/rpc/connection';
import { FsClient, type DidChangeParams } from '../src/rpc/fs-client';

/** A connection stub answering from a table and capturing notification handlers. */
function stub(answers: Record<string, unknown>) {
  const calls: [string, object][] = [];
  const handlers = new Map<string, (p: unknown) => void>();
  const rpc = {
    request: async (method: string, params: object) => { calls.push([method, params]); return answers[method]; },
    onNotification: (method: string, h: (p: unknown) => void) => handlers.set(method, h),
  } as unknown as WorkspaceConnection;
  return { fs: new FsClient(rpc), calls, handlers };
}

describe('FsClient', () => {
  it('sends protocol v1 params, writing utf8 by default', async () => {
    const { fs, calls } = stub({ 'fs/write': { version: 'v2' }, 'fs/watch': { watchId: 'w' } });
    expect(await fs.write({ path: 'a', content: 'x', expectedVersion: 'v1' })).toEqual({ version: 'v2' });
    expect(await fs.watch()).toBe('w');
    expect(calls).toEqual([
      ['fs/write', { encoding: 'utf8', path: 'a', content: 'x', expectedVersion: 'v1' }],
      ['fs/watch', { path: '', recursive: true }],
    ]);
  });

  it('passes stats and change notifications through as the protocol sends them', async () => {
    const { fs, handlers } = stub({ 'fs/list': { entries: [{ path: 'a', type: 'file' }, { path: 'l', type: 'symlink', targetType: 'directory' }] } });
    expect((await fs.list('')).map((e) => [e.type, e.targetType])).toEqual([['file', undefined], ['symlink', 'directory']]);
    const seen: DidChangeParams[] = [];
    fs.onDidChange((p) => seen.push(p));
    handlers.get('fs/didChange')!({ watchId: 'w', changes: [{ type: 'deleted', path: 'a' }] });
    expect(seen).toEqual([{ watchId: 'w', changes: [{ type: 'deleted', path: 'a' }] }]);
  });
});
