import { toDisposable, type Disposable } from '../disposable';

/**
 * Workbench shortcuts, handled in the capture phase so they work while Monaco or a terminal
 * has focus. `mod` is Ctrl, or Cmd on macOS.
 */
export interface Shortcut {
  /** `KeyboardEvent.code`, e.g. "KeyP", "Backquote". */
  code: string;
  mod?: boolean;
  shift?: boolean;
  alt?: boolean;
  /** Ctrl even on macOS (Ctrl+` toggles the terminal everywhere). */
  ctrl?: boolean;
  /** Cmd on macOS, the Windows key elsewhere. */
  meta?: boolean;
  /** Left to the terminal when it has focus (Ctrl+T is a shell key). */
  notInTerminal?: boolean;
  run(): void;
}

export type KeyChord = Omit<Shortcut, 'run' | 'notInTerminal'>;

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

type KeyEventLike = Pick<KeyboardEvent, 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>;

export function matches(s: KeyChord, e: KeyEventLike, mac = isMac): boolean {
  if (e.code !== s.code || e.shiftKey !== !!s.shift || e.altKey !== !!s.alt) return false;
  const ctrl = !!s.ctrl || (!!s.mod && !mac);
  const meta = !!s.meta || (!!s.mod && mac);
  return e.ctrlKey === ctrl && e.metaKey === meta;
}

const NAMED_CODES: Record<string, string> = {
  enter: 'Enter', return: 'Enter', escape: 'Escape', esc: 'Escape', tab: 'Tab', space: 'Space',
  backspace: 'Backspace', delete: 'Delete', del: 'Delete', insert: 'Insert', home: 'Home', end: 'End',
  pageup: 'PageUp', pagedown: 'PageDown', up: 'ArrowUp', down: 'ArrowDown', left: 'ArrowLeft', right: 'ArrowRight',
  arrowup: 'ArrowUp', arrowdown: 'ArrowDown', arrowleft: 'ArrowLeft', arrowright: 'ArrowRight',
  '`': 'Backquote', '-': 'Minus', '=': 'Equal', '[': 'BracketLeft', ']': 'BracketRight', '\\': 'Backslash',
  ';': 'Semicolon', "'": 'Quote', ',': 'Comma', '.': 'Period', '/': 'Slash',
};

/** Keys that type text: bound without Ctrl, Cmd or Alt they would break typing. */
const TYPING = /^(Key[A-Z]|Digit\d|Backquote|Minus|Equal|BracketLeft|BracketRight|Backslash|Semicolon|Quote|Comma|Period|Slash|Space|Enter|Tab|Backspace|Delete)$/;

function codeOf(key: string): string | undefined {
  if (/^[a-z]$/i.test(key)) return `Key${key.toUpperCase()}`;
  if (/^\d$/.test(key)) return `Digit${key}`;
  if (/^f([1-9]|1\d|2[0-4])$/i.test(key)) return key.toUpperCase();
  return NAMED_CODES[key.toLowerCase()];
}

/**
 * Parses a keybinding as extensions write it: modifiers and one key joined by `+`, e.g.
 * `Ctrl+Alt+T`, `Mod+Shift+K`, `Alt+F5`, `Ctrl+``. `Mod` is Ctrl, or Cmd on macOS; `Ctrl` is
 * Ctrl everywhere; `Cmd` (or `Meta`) is Cmd / the Windows key. Throws on anything else, and on a
 * typing key without Ctrl, Cmd or Alt. Pure.
 */
export function parseKeybinding(text: string): KeyChord {
  const parts = text.trim().split(/\s*\+\s*/);
  // "Ctrl++" ends in an empty part: the key is "+", which has no layout-independent code.
  const key = parts.pop() ?? '';
  const chord: KeyChord = { code: '' };
  for (const raw of parts) {
    const m = raw.toLowerCase();
    const flag = m === 'mod' ? 'mod' : m === 'ctrl' || m === 'control' ? 'ctrl' : m === 'shift' ? 'shift'
      : m === 'alt' || m === 'option' || m === 'opt' ? 'alt' : m === 'cmd' || m === 'meta' || m === 'command' || m === 'super' ? 'meta'
        : undefined;
    if (!flag) throw new Error(`unknown modifier "${raw}" in "${text}"`);
    if (chord[flag]) throw new Error(`"${raw}" appears twice in "${text}"`);
    chord[flag] = true;
  }
  const code = codeOf(key);
  if (!code) throw new Error(`unknown key "${key}" in "${text}"`);
  chord.code = code;
  if (TYPING.test(code) && !chord.mod && !chord.ctrl && !chord.meta && !chord.alt) {
    throw new Error(`"${text}" would take a key away from typing: add Ctrl, Mod or Alt`);
  }
  return chord;
}

/** `parseKeybinding`, or undefined and a console warning for a bad string. */
export function tryParseKeybinding(text: string, owner: string): KeyChord | undefined {
  try {
    return parseKeybinding(text);
  } catch (e) {
    console.warn(`Ignoring the keybinding of ${owner}: ${(e as Error).message}`);
    return undefined;
  }
}

/** A keybinding for display: `Ctrl+Shift+P`, or `⌘⇧P` on macOS. */
export function formatKeybinding(text: string, mac = isMac): string {
  let chord: KeyChord;
  try {
    chord = parseKeybinding(text);
  } catch {
    return text;
  }
  const key = chord.code.replace(/^Key|^Digit/, '').replace(/^Arrow/, '');
  const shown = Object.entries(NAMED_CODES).find(([k, c]) => c === chord.code && k.length === 1)?.[0] ?? key;
  if (mac) {
    return `${chord.ctrl ? '⌃' : ''}${chord.alt ? '⌥' : ''}${chord.shift ? '⇧' : ''}${chord.mod || chord.meta ? '⌘' : ''}${shown}`;
  }
  const mods = [chord.ctrl || chord.mod ? 'Ctrl' : '', chord.meta ? 'Meta' : '', chord.shift ? 'Shift' : '', chord.alt ? 'Alt' : ''];
  return [...mods.filter(Boolean), shown].join('+');
}

/**
 * The live set of shortcuts: workbench commands, extension keybindings. Added ones can be removed;
 * the first added shortcut matching a key wins, so built-in shortcuts keep their keys.
 */
export class ShortcutRegistry {
  private readonly shortcuts: Shortcut[] = [];

  add(s: Shortcut): Disposable {
    this.shortcuts.push(s);
    return toDisposable(() => {
      const i = this.shortcuts.indexOf(s);
      if (i >= 0) this.shortcuts.splice(i, 1);
    });
  }

  /** The shortcut a key event triggers, if any. */
  find(e: KeyEventLike, inTerminal: boolean, mac = isMac): Shortcut | undefined {
    return this.shortcuts.find((s) => matches(s, e, mac) && !(s.notInTerminal && inTerminal));
  }

  install(target: Window = window): void {
    target.addEventListener('keydown', (e) => {
      if (document.querySelector('.dialog-backdrop')) return;
      const inTerminal = (e.target as HTMLElement | null)?.closest?.('.xterm') != null;
      const s = this.find(e, inTerminal);
      if (!s) return;
      e.preventDefault();
      e.stopPropagation();
      s.run();
    }, true);
  }
}
