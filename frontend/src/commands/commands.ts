import { DisposableStore, toDisposable, type Disposable } from '../disposable';
import type { ContributedCommand } from '../rpc/extension-client';
import { describeError } from '../rpc/errors';
import { tryParseKeybinding, type Shortcut } from '../workbench/keybindings';

export type CommandHandler = (...args: unknown[]) => unknown;

/** A command as the palette shows it. */
export interface Command {
  id: string;
  title: string;
  category?: string;
  /** `Mod+Shift+P`; see `parseKeybinding`. */
  keybinding?: string;
  /** Whether a browser handler runs it; otherwise the server does (`commands/execute`). */
  inBrowser: boolean;
}

/** A workbench command: always in the browser. */
export interface BuiltinCommand {
  id: string;
  title: string;
  category?: string;
  keybinding?: string;
  /** The keybinding is left to a focused terminal (Ctrl+T is a shell key). */
  notInTerminal?: boolean;
  run(...args: unknown[]): unknown;
}

export interface CommandRegistryDeps {
  /** `commands/execute`. */
  executeOnServer(id: string, args: unknown[]): Promise<unknown>;
  /** Adds a global shortcut. */
  bindKey(s: Shortcut): Disposable;
  notify(message: string, kind: 'error' | 'info'): void;
}

/**
 * Every command of the workbench: built-in ones, those extensions contribute (run on the server)
 * and handlers registered by browser modules. A browser handler with the id of a contributed
 * command takes it over. Pure apart from its deps, so it is tested in Node.
 */
export class CommandRegistry {
  private readonly builtins = new Map<string, BuiltinCommand>();
  private readonly handlers = new Map<string, CommandHandler[]>();
  private contributed = new Map<string, ContributedCommand>();
  private contributedKeys = new DisposableStore();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: CommandRegistryDeps) {}

  /** Adds a workbench command and its keybinding. */
  addBuiltin(cmd: BuiltinCommand): Disposable {
    if (this.builtins.has(cmd.id)) throw new Error(`Command ${cmd.id} already exists`);
    this.builtins.set(cmd.id, cmd);
    const key = this.bind(cmd.keybinding, cmd.id, cmd.notInTerminal);
    this.changed();
    return toDisposable(() => {
      this.builtins.delete(cmd.id);
      key?.dispose();
      this.changed();
    });
  }

  /**
   * A browser handler for `id`. While registered it runs the command instead of the server;
   * a second registration of the same id shadows the first until it is disposed.
   */
  registerHandler(id: string, handler: CommandHandler): Disposable {
    if (this.builtins.has(id)) throw new Error(`Command ${id} is a workbench command`);
    const list = this.handlers.get(id) ?? [];
    list.push(handler);
    this.handlers.set(id, list);
    this.changed();
    return toDisposable(() => {
      const i = list.indexOf(handler);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0 && this.handlers.get(id) === list) this.handlers.delete(id);
      this.changed();
    });
  }

  /** Replaces the commands extensions contribute (`extensions/contributions`) and their keybindings. */
  setContributed(commands: readonly ContributedCommand[]): void {
    this.contributedKeys.dispose();
    this.contributedKeys = new DisposableStore();
    this.contributed = new Map();
    for (const c of commands) {
      if (this.builtins.has(c.id)) {
        console.warn(`Ignoring the contributed command ${c.id}: a workbench command has that id`);
        continue;
      }
      this.contributed.set(c.id, c);
      const key = this.bind(c.keybinding, c.id);
      if (key) this.contributedKeys.add(key);
    }
    this.changed();
  }

  /** What the palette lists: workbench and contributed commands, and titled handlers. */
  list(): Command[] {
    const out: Command[] = [];
    for (const b of this.builtins.values()) {
      out.push({ id: b.id, title: b.title, category: b.category, keybinding: b.keybinding, inBrowser: true });
    }
    for (const c of this.contributed.values()) {
      out.push({ id: c.id, title: c.title, category: c.category, keybinding: c.keybinding, inBrowser: this.handlers.has(c.id) });
    }
    return out;
  }

  has(id: string): boolean {
    return this.builtins.has(id) || this.handlers.has(id) || this.contributed.has(id);
  }

  /**
   * Runs a command and answers its result; rejects when it fails or is unknown. Browser handlers
   * win over the server.
   */
  async execute(id: string, ...args: unknown[]): Promise<unknown> {
    const builtin = this.builtins.get(id);
    if (builtin) return builtin.run(...args);
    const handlers = this.handlers.get(id);
    if (handlers?.length) return handlers[handlers.length - 1](...args);
    if (this.contributed.has(id)) return this.deps.executeOnServer(id, args);
    throw new Error(`Command "${id}" not found`);
  }

  /**
   * Runs a command for the user (palette, keybinding, status bar): a non-empty string result is
   * shown, an error is shown; never rejects.
   */
  async run(id: string, ...args: unknown[]): Promise<void> {
    try {
      const result = await this.execute(id, ...args);
      if (typeof result === 'string' && result.trim() !== '') this.deps.notify(result, 'info');
    } catch (e) {
      this.deps.notify(describeError(`Command "${this.title(id)}" failed`, e), 'error');
    }
  }

  /** "Category: Title", or the id of an unknown command. */
  title(id: string): string {
    const c = this.builtins.get(id) ?? this.contributed.get(id);
    if (!c) return id;
    return c.category ? `${c.category}: ${c.title}` : c.title;
  }

  onChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }

  private bind(keybinding: string | undefined, id: string, notInTerminal?: boolean): Disposable | undefined {
    if (!keybinding) return undefined;
    const chord = tryParseKeybinding(keybinding, `command ${id}`);
    if (!chord) return undefined;
    return this.deps.bindKey({ ...chord, notInTerminal, run: () => void this.run(id) });
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
