import { describe, expect, it } from 'vitest';
import { EditsInFlight } from '../src/ai/edits-in-flight';

function storage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => { items.set(k, v); },
  };
}

describe('the Edit with AI requests a reload takes up', () => {
  it('keeps each edit being written until it came, failed or was closed', () => {
    const s = storage();
    let now = 1_000_000;
    const edits = new EditsInFlight(s, () => now);
    edits.add({ requestId: 'r1', path: 'src/A.java', instruction: 'Rename x', selection: { startLine: 2, endLine: 3 }, at: now });
    edits.add({ requestId: 'r2', path: 'src/B.java', instruction: 'Document it', task: 'document', at: now });
    // A reloaded page reads what the tab kept.
    expect(new EditsInFlight(s, () => now).list().map((e) => [e.requestId, e.path, e.selection?.startLine, e.task]))
      .toEqual([['r1', 'src/A.java', 2, undefined], ['r2', 'src/B.java', undefined, 'document']]);

    edits.remove('r1');
    expect(edits.list().map((e) => e.requestId)).toEqual(['r2']);
    edits.add({ requestId: 'r2', path: 'src/B.java', instruction: 'Document it', at: now });
    expect(edits.list()).toHaveLength(1);

    // Older than any server waits for its page: nothing to take up.
    now += 12 * 60_000;
    expect(edits.list()).toEqual([]);
  });

  it('keeps a shown review with its decisions for a day, and drops decisions it cannot read', () => {
    const s = storage();
    let now = 1_000_000;
    const edits = new EditsInFlight(s, () => now);
    edits.add({ requestId: 'r1', path: 'src/A.java', instruction: 'Rename x', at: now });
    now += 10 * 60_000;
    edits.reviewed('r1', ['accepted', 'pending']);
    edits.reviewed('unknown', ['accepted']);
    expect(new EditsInFlight(s, () => now).list()).toEqual([
      { requestId: 'r1', path: 'src/A.java', instruction: 'Rename x', at: now, shown: true, decisions: ['accepted', 'pending'] }]);

    // Reviewed for longer than an edit is written: still shown again after a reload, until a day passes.
    now += 60 * 60_000;
    expect(edits.list().map((e) => e.requestId)).toEqual(['r1']);
    now += 24 * 60 * 60_000;
    expect(edits.list()).toEqual([]);

    s.setItem('stratus.ai.editsInFlight', JSON.stringify([
      { requestId: 'r2', path: 'a', instruction: 'b', at: now, shown: true, decisions: ['accepted', 'maybe'] }]));
    expect(new EditsInFlight(s, () => now).list()).toEqual([
      { requestId: 'r2', path: 'a', instruction: 'b', at: now, shown: true, decisions: undefined }]);
  });

  it('reads nothing from what it cannot use, and works without storage', () => {
    const s = storage();
    s.setItem('stratus.ai.editsInFlight', '{not json');
    expect(new EditsInFlight(s).list()).toEqual([]);
    s.setItem('stratus.ai.editsInFlight', JSON.stringify([{ requestId: 'r1' }, 'x', null, { requestId: 'r2', path: 'a', instruction: 'b', at: Date.now() }]));
    expect(new EditsInFlight(s).list().map((e) => e.requestId)).toEqual(['r2']);

    const blocked = { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('blocked'); } };
    const edits = new EditsInFlight(blocked);
    edits.add({ requestId: 'r1', path: 'a', instruction: 'b', at: Date.now() });
    expect(edits.list()).toEqual([]);
    const none = new EditsInFlight(undefined);
    none.add({ requestId: 'r1', path: 'a', instruction: 'b', at: Date.now() });
    expect(none.list()).toEqual([]);
  });
});
