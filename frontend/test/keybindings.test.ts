import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatKeybinding, matches, parseKeybinding, ShortcutRegistry, tryParseKeybinding } from '../src/workbench/keybindings';

const key = (code: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) =>
  ({ code, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('parseKeybinding', () => {
  it('reads modifiers in any order and case, and the key', () => {
    expect(parseKeybinding('Ctrl+Alt+T')).toEqual({ code: 'KeyT', ctrl: true, alt: true });
    expect(parseKeybinding('shift+mod+k')).toEqual({ code: 'KeyK', mod: true, shift: true });
    expect(parseKeybinding('Alt+F5')).toEqual({ code: 'F5', alt: true });
    expect(parseKeybinding('Cmd+Shift+7')).toEqual({ code: 'Digit7', meta: true, shift: true });
    expect(parseKeybinding('Ctrl+`')).toEqual({ code: 'Backquote', ctrl: true });
    expect(parseKeybinding('Mod+,')).toEqual({ code: 'Comma', mod: true });
    expect(parseKeybinding(' Mod + Enter ')).toEqual({ code: 'Enter', mod: true });
    expect(parseKeybinding('F12')).toEqual({ code: 'F12' });
    expect(parseKeybinding('Alt+Up')).toEqual({ code: 'ArrowUp', alt: true });
  });

  it('refuses unknown modifiers and keys, repeats, empty strings and bare typing keys', () => {
    for (const bad of ['', 'Ctrl+', 'Hyper+K', 'Ctrl+Ctrl+K', 'Ctrl+F25', 'Ctrl+ä', 'K', 'Shift+K', 'Ctrl++', 'Mod+Shift', 'Space']) {
      expect(() => parseKeybinding(bad), bad).toThrow();
    }
  });

  it('tryParseKeybinding warns instead of throwing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(tryParseKeybinding('Ctrl+Nope', 'command x.y')).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('command x.y'));
    warn.mockRestore();
  });
});

describe('matching', () => {
  it('Alt must match exactly', () => {
    const chord = parseKeybinding('Ctrl+Alt+T');
    expect(matches(chord, key('KeyT', { ctrlKey: true, altKey: true }), false)).toBe(true);
    expect(matches(chord, key('KeyT', { ctrlKey: true }), false)).toBe(false);
    expect(matches(parseKeybinding('Mod+T'), key('KeyT', { ctrlKey: true, altKey: true }), false)).toBe(false);
  });
  it('Mod is Cmd on macOS, Ctrl elsewhere; Cmd is the meta key everywhere', () => {
    const chord = parseKeybinding('Mod+Shift+K');
    expect(matches(chord, key('KeyK', { metaKey: true, shiftKey: true }), true)).toBe(true);
    expect(matches(chord, key('KeyK', { ctrlKey: true, shiftKey: true }), true)).toBe(false);
    expect(matches(chord, key('KeyK', { ctrlKey: true, shiftKey: true }), false)).toBe(true);
    expect(matches(parseKeybinding('Cmd+K'), key('KeyK', { metaKey: true }), false)).toBe(true);
  });
  it('a function key without modifiers matches only without them', () => {
    expect(matches(parseKeybinding('F5'), key('F5'), false)).toBe(true);
    expect(matches(parseKeybinding('F5'), key('F5', { shiftKey: true }), false)).toBe(false);
  });
});

describe('formatKeybinding', () => {
  it('shows Ctrl off macOS and symbols on it', () => {
    expect(formatKeybinding('Mod+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(formatKeybinding('Mod+Shift+P', true)).toBe('⇧⌘P');
    expect(formatKeybinding('Ctrl+`', false)).toBe('Ctrl+`');
    expect(formatKeybinding('Alt+F5', false)).toBe('Alt+F5');
    expect(formatKeybinding('nonsense+', false)).toBe('nonsense+');
  });
});

describe('ShortcutRegistry', () => {
  afterEach(() => vi.restoreAllMocks());
  it('adds and removes at runtime; the first added wins; terminal-owned keys are skipped there', () => {
    const reg = new ShortcutRegistry();
    const ran: string[] = [];
    const first = reg.add({ ...parseKeybinding('Mod+K'), run: () => ran.push('first') });
    reg.add({ ...parseKeybinding('Mod+K'), run: () => ran.push('second') });
    reg.add({ ...parseKeybinding('Mod+T'), notInTerminal: true, run: () => ran.push('t') });
    reg.find(key('KeyK', { ctrlKey: true }), false, false)?.run();
    first.dispose();
    first.dispose();
    reg.find(key('KeyK', { ctrlKey: true }), false, false)?.run();
    expect(ran).toEqual(['first', 'second']);
    expect(reg.find(key('KeyT', { ctrlKey: true }), true, false)).toBeUndefined();
    expect(reg.find(key('KeyT', { ctrlKey: true }), false, false)).toBeDefined();
  });
});
