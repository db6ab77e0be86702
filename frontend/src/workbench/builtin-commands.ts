import type { BuiltinCommand } from '../commands/commands';

/** What the workbench's own commands do. */
export interface WorkbenchActions {
  quickOpen(): void;
  goToSymbol(): void;
  commandPalette(): void;
  showView(id: 'explorer' | 'search' | 'scm' | 'outline' | 'extensions' | 'settings'): void;
  showSearch(): void;
  toggleTerminal(): void;
  newTerminal(): void;
  toggleProblems(): void;
}

/** The workbench's commands with their keybindings (README's shortcut table). */
export function builtinCommands(a: WorkbenchActions): BuiltinCommand[] {
  return [
    { id: 'workbench.commandPalette', category: 'View', title: 'Command Palette', keybinding: 'Mod+Shift+P', run: () => a.commandPalette() },
    { id: 'workbench.quickOpen', category: 'Go', title: 'Go to File', keybinding: 'Mod+P', run: () => a.quickOpen() },
    { id: 'workbench.goToSymbol', category: 'Go', title: 'Go to Symbol in Workspace', keybinding: 'Mod+T', notInTerminal: true, run: () => a.goToSymbol() },
    { id: 'workbench.view.explorer', category: 'View', title: 'Show Explorer', keybinding: 'Mod+Shift+E', run: () => a.showView('explorer') },
    { id: 'workbench.view.search', category: 'View', title: 'Show Search', keybinding: 'Mod+Shift+F', run: () => a.showSearch() },
    { id: 'workbench.view.scm', category: 'View', title: 'Show Source Control', keybinding: 'Mod+Shift+G', run: () => a.showView('scm') },
    { id: 'workbench.view.outline', category: 'View', title: 'Show Outline', run: () => a.showView('outline') },
    { id: 'workbench.view.extensions', category: 'View', title: 'Show Extensions', keybinding: 'Mod+Shift+X', run: () => a.showView('extensions') },
    { id: 'workbench.view.settings', category: 'Preferences', title: 'Open Settings', keybinding: 'Mod+,', run: () => a.showView('settings') },
    { id: 'workbench.terminal.toggle', category: 'View', title: 'Toggle Terminal', keybinding: 'Ctrl+`', run: () => a.toggleTerminal() },
    { id: 'workbench.terminal.new', category: 'Terminal', title: 'New Terminal', run: () => a.newTerminal() },
    { id: 'workbench.problems.toggle', category: 'View', title: 'Toggle Problems', keybinding: 'Mod+Shift+M', run: () => a.toggleProblems() },
  ];
}
