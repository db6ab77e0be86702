/**
 * Workbench shortcuts, handled in the capture phase so they work while Monaco or a terminal
 * has focus. `mod` is Ctrl, or Cmd on macOS.
 */
export interface Shortcut {
  /** `KeyboardEvent.code`, e.g. "KeyP", "Backquote". */
  code: string;
  mod?: boolean;
  shift?: boolean;
  /** Ctrl even on macOS (Ctrl+` toggles the terminal everywhere). */
  ctrl?: boolean;
  /** Left to the terminal when it has focus (Ctrl+T is a shell key). */
  notInTerminal?: boolean;
  run(): void;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function matches(s: Shortcut, e: Pick<KeyboardEvent, 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, mac = isMac): boolean {
  if (e.code !== s.code || e.altKey || e.shiftKey !== !!s.shift) return false;
  if (s.ctrl) return e.ctrlKey && !e.metaKey;
  if (s.mod) return mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  return !e.ctrlKey && !e.metaKey;
}

export function installShortcuts(shortcuts: Shortcut[]): void {
  window.addEventListener('keydown', (e) => {
    if (document.querySelector('.dialog-backdrop')) return;
    const inTerminal = (e.target as HTMLElement | null)?.closest?.('.xterm') != null;
    for (const s of shortcuts) {
      if (!matches(s, e) || (s.notInTerminal && inTerminal)) continue;
      e.preventDefault();
      e.stopPropagation();
      s.run();
      return;
    }
  }, true);
}
