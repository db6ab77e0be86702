import { fuzzyMatch } from '../quick/fuzzy';
import type { QuickItem } from '../quick/quick-pick';
import { formatKeybinding } from '../workbench/keybindings';
import type { Command, CommandRegistry } from './commands';

const KEY = 'stratus.commands.recent';
const MAX_RECENT = 20;

export function paletteLabel(c: Pick<Command, 'title' | 'category'>): string {
  return c.category ? `${c.category}: ${c.title}` : c.title;
}

/**
 * The palette's rows for `query`: commands whose "Category: Title" fuzzy-matches it, the recently
 * used ones first (most recent first), then the best matches (alphabetical for an empty query).
 * Pure.
 */
export function paletteItems(commands: readonly Command[], query: string, recent: readonly string[], mac?: boolean): QuickItem<string>[] {
  const rank = new Map(recent.map((id, i) => [id, i]));
  const rows: { item: QuickItem<string>; score: number; recent: number }[] = [];
  for (const c of commands) {
    const label = paletteLabel(c);
    const m = fuzzyMatch(query, label);
    if (!m) continue;
    rows.push({
      item: { label, labelMatches: m.positions, value: c.id, keybinding: c.keybinding ? formatKeybinding(c.keybinding, mac) : undefined },
      score: m.score, recent: rank.get(c.id) ?? Infinity,
    });
  }
  rows.sort((a, b) => a.recent - b.recent || b.score - a.score || a.item.label.localeCompare(b.item.label));
  return rows.map((r) => r.item);
}

/** `recent` with `id` moved to the front, at most 20 long. Pure. */
export function remember(recent: readonly string[], id: string): string[] {
  return [id, ...recent.filter((r) => r !== id)].slice(0, MAX_RECENT);
}

function loadRecent(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Ctrl/Cmd+Shift+P: every command, fuzzy filtered; Enter runs the selected one. */
export async function showCommandPalette(registry: CommandRegistry): Promise<void> {
  const { showQuickPick } = await import('../quick/quick-pick');
  showQuickPick<string>({
    placeholder: 'Type the name of a command to run', testId: 'command-palette', emptyText: 'No matching commands.',
    items: (query) => paletteItems(registry.list(), query, loadRecent()),
    pick: (item) => {
      try { localStorage.setItem(KEY, JSON.stringify(remember(loadRecent(), item.value))); } catch { /* storage blocked */ }
      void registry.run(item.value);
    },
  });
}
