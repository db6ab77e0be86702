import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Setting } from '../src/rpc/extension-client';
import { RpcError } from '../src/rpc/errors';
import { SettingField, UPDATE_DELAY_MS, valueAt, type FieldState } from '../src/settings/setting-field';
import { editorKind, formatValue, parseValue } from '../src/settings/setting-values';

const setting = (type: Setting['type'], extra: Partial<Setting> = {}): Setting =>
  ({ key: `todo.${type}`, extensionId: 'todo', type, default: undefined, value: undefined, ...extra });

describe('setting values', () => {
  it('picks an editor by type', () => {
    expect(editorKind(setting('boolean'))).toBe('checkbox');
    expect(editorKind(setting('string', { enum: ['a', 'b'] }))).toBe('select');
    expect(editorKind(setting('integer'))).toBe('input');
    expect(editorKind(setting('array', { items: { type: 'string' } }))).toBe('lines');
    expect(editorKind(setting('array', { items: { type: 'number' } }))).toBe('json');
    expect(editorKind(setting('object'))).toBe('json');
  });

  it('converts text to typed values and back', () => {
    expect(parseValue(setting('number'), ' 2.5 ')).toEqual({ ok: true, value: 2.5 });
    expect(parseValue(setting('integer'), '3')).toEqual({ ok: true, value: 3 });
    expect(parseValue(setting('integer'), '3.5')).toMatchObject({ ok: false, error: 'Expected a whole number' });
    expect(parseValue(setting('number'), 'abc')).toMatchObject({ ok: false });
    expect(parseValue(setting('number'), '')).toMatchObject({ ok: false });
    expect(parseValue(setting('string'), ' keep spaces ')).toEqual({ ok: true, value: ' keep spaces ' });
    expect(parseValue(setting('boolean'), 'true')).toEqual({ ok: true, value: true });
    expect(parseValue(setting('array', { items: { type: 'string' } }), 'a\n\n b \n')).toEqual({ ok: true, value: ['a', 'b'] });
    expect(parseValue(setting('object'), '{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseValue(setting('object'), '[1]')).toMatchObject({ ok: false, error: 'Expected a JSON object' });
    expect(parseValue(setting('array'), '{}')).toMatchObject({ ok: false, error: 'Expected a JSON array' });
    expect(parseValue(setting('object'), '{a')).toMatchObject({ ok: false, error: expect.stringMatching(/^Not valid JSON/) });
    expect(parseValue(setting('integer', { enum: [1, 2] }), '2')).toEqual({ ok: true, value: 2 });
    expect(formatValue(setting('array', { items: { type: 'string' } }), ['a', 'b'])).toBe('a\nb');
    expect(formatValue(setting('object'), { a: 1 })).toBe('{\n  "a": 1\n}');
    expect(formatValue(setting('integer'), 4)).toBe('4');
    expect(formatValue(setting('string', { enum: ['x'] }), 'x')).toBe('"x"');
  });

  it('shows the value a scope has or inherits', () => {
    const s = setting('integer', { default: 1, userValue: 2, value: 2 });
    expect(valueAt(s, 'user')).toBe(2);
    expect(valueAt(s, 'workspace')).toBe(2);
    expect(valueAt({ ...s, workspaceValue: 3, value: 3 }, 'user')).toBe(2);
    expect(valueAt({ ...s, userValue: undefined }, 'user')).toBe(1);
  });
});

describe('SettingField', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  function field(s: Setting, answer: (value: unknown) => Promise<void> = async () => undefined) {
    const sent: [string, string, unknown][] = [];
    const states: FieldState[] = [];
    const f = new SettingField(s, 'user', (key, scope, value) => { sent.push([key, scope, value]); return answer(value); },
      (st) => states.push(st));
    return { f, sent, states };
  }

  it('sends typed text once typing pauses, as a number', async () => {
    const { f, sent } = field(setting('integer', { default: 10, value: 10 }));
    expect(f.current).toEqual({ text: '10', error: undefined, modified: false });
    f.edit('1');
    f.edit('12');
    await vi.advanceTimersByTimeAsync(UPDATE_DELAY_MS - 1);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([['todo.integer', 'user', 12]]);
    expect(f.current).toEqual({ text: '12', error: undefined, modified: true });
  });

  it('shows a local parse error at once, keeps the text and sends nothing', async () => {
    const { f, sent } = field(setting('integer', { default: 10, value: 10 }));
    f.edit('12x');
    await vi.advanceTimersByTimeAsync(UPDATE_DELAY_MS * 2);
    expect(sent).toEqual([]);
    expect(f.current).toMatchObject({ text: '12x', error: 'Expected a number' });
  });

  it("shows the server's validation error and keeps the user's text, also across a refresh", async () => {
    const s = setting('integer', { default: 10, value: 10 });
    const { f } = field(s, async (v) => { if (v === 1000) throw new RpcError(-32602, 'must be at most 100'); });
    f.edit('1000');
    await vi.advanceTimersByTimeAsync(UPDATE_DELAY_MS);
    expect(f.current).toMatchObject({ text: '1000', error: 'must be at most 100' });
    f.refresh({ ...s }, 'user');
    expect(f.current).toMatchObject({ text: '1000', error: 'must be at most 100' });
    f.edit('50');
    expect(f.current.error).toBeUndefined();
    await vi.advanceTimersByTimeAsync(UPDATE_DELAY_MS);
    expect(f.current).toEqual({ text: '50', error: undefined, modified: true });
  });

  it('sends a checkbox at once, and a refresh confirming the value keeps the typed form', async () => {
    const { f, sent } = field(setting('boolean', { default: false, value: false }));
    f.edit('true');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([['todo.boolean', 'user', true]]);
    const n = field(setting('number', { default: 1, value: 1 }));
    n.f.edit('1.50');
    await vi.advanceTimersByTimeAsync(UPDATE_DELAY_MS);
    n.f.refresh(setting('number', { default: 1, userValue: 1.5, value: 1.5 }), 'user');
    expect(n.f.current).toEqual({ text: '1.50', error: undefined, modified: true });
  });

  it('resets the scope to what it inherits, and follows a scope switch', async () => {
    const s = setting('array', { items: { type: 'string' }, default: ['a'], userValue: ['b'], workspaceValue: ['c'], value: ['c'] });
    const { f, sent } = field(s);
    expect(f.current).toEqual({ text: 'b', error: undefined, modified: true });
    f.refresh(s, 'workspace');
    expect(f.current).toEqual({ text: 'c', error: undefined, modified: true });
    await f.reset();
    expect(sent).toEqual([['todo.array', 'workspace', undefined]]);
    expect(f.current).toEqual({ text: 'b', error: undefined, modified: false });
  });
});
