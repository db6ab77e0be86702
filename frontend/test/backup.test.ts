import { beforeEach, describe, expect, it } from 'vitest';
import { BufferBackup } from '../src/backup';

class MemoryStorage {
  data = new Map<string, string>();
  full = false;
  getItem(k: string) { return this.data.get(k) ?? null; }
  setItem(k: string, v: string) {
    if (this.full) throw new DOMException('quota', 'QuotaExceededError');
    this.data.set(k, v);
  }
  removeItem(k: string) { this.data.delete(k); }
}

describe('BufferBackup', () => {
  let storage: MemoryStorage;
  let backup: BufferBackup;

  beforeEach(() => {
    storage = new MemoryStorage();
    backup = new BufferBackup(storage, 'ws1');
  });

  it('stores and loads buffers per workspace with their base version', () => {
    backup.put('src/a.ts', 'edited', 'v7', 1000);
    expect(backup.load()).toEqual({ 'src/a.ts': { content: 'edited', baseVersion: 'v7', savedAt: 1000 } });
    expect(new BufferBackup(storage, 'other').load()).toEqual({});
  });

  it('removes entries and drops the key when empty', () => {
    backup.put('a', '1', 'v1');
    backup.put('b', '2', null);
    backup.remove('a');
    expect(Object.keys(backup.load())).toEqual(['b']);
    backup.remove('b');
    expect(storage.data.size).toBe(0);
  });

  it('follows renames', () => {
    backup.put('old.txt', 'x', 'v3');
    backup.rename('old.txt', 'new.txt');
    expect(backup.load()['new.txt']?.content).toBe('x');
    expect(backup.load()['old.txt']).toBeUndefined();
  });

  it('survives corrupt storage content', () => {
    storage.setItem('stratus.backup.ws1', '{not json');
    expect(backup.load()).toEqual({});
    storage.setItem('stratus.backup.ws1', JSON.stringify({ a: { content: 5 }, b: { content: 'ok' } }));
    expect(Object.keys(backup.load())).toEqual(['b']);
  });

  it('reports a full storage instead of throwing', () => {
    storage.full = true;
    expect(backup.put('a', 'x', 'v1')).toBe(false);
  });

  it('clear forgets everything', () => {
    backup.put('a', 'x', 'v1');
    backup.clear();
    expect(backup.load()).toEqual({});
  });
});
