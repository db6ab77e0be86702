/**
 * The API a Stratus extension's browser module gets.
 *
 * An extension with a `frontend/` folder names one ES module in it; the workbench imports that
 * module from `/api/extensions/<extension-id>/frontend/...` and calls its exported
 * `activate(stratus)` (which may return a promise). When the extension is removed, disabled or
 * fails, the workbench calls the module's optional exported `deactivate()` and then disposes
 * everything the module registered through this object, so a module needs no clean-up of its own
 * for those. A module that fails to load or throws from `activate` is reported once and never
 * affects the workbench or other modules.
 *
 * ```ts
 * import type { Stratus } from './stratus-browser-api';
 * export function activate(stratus: Stratus) {
 *   stratus.commands.register(`${stratus.extensionId}.hello`, () => stratus.ui.toast('Hello'));
 * }
 * ```
 *
 * Copy this file into an extension to type-check its module against the API.
 */

/** Something a module registered; `dispose()` removes it (idempotent). */
export interface Disposable {
  dispose(): void;
}

/** A command handler; its return value is the command's result. */
export type CommandHandler = (...args: unknown[]) => unknown;

export interface Commands {
  /**
   * Handles command `id` in the browser. `id` must start with `<extension-id>.`; a command the
   * extension also contributes (manifest) then runs here instead of on the server. Registering an
   * id twice shadows the first handler until the second is disposed. Throws for an id of
   * another extension.
   */
  register(id: string, handler: CommandHandler): Disposable;
  /**
   * Runs any command (a workbench command, this or another extension's) and resolves to its
   * result; rejects when it is unknown or fails. Server-side commands go through
   * `commands/execute` and fail with the protocol's error codes (1009 on a time-out).
   */
  execute(id: string, ...args: unknown[]): Promise<unknown>;
}

export interface Keybinding {
  /**
   * Modifiers and one key joined by `+`: `Ctrl+Alt+T`, `Mod+Shift+K`, `Alt+F5`. `Mod` is Ctrl,
   * or Cmd on macOS; `Ctrl` is Ctrl everywhere; `Cmd` is Cmd (Windows key elsewhere). A letter,
   * digit or punctuation key needs Ctrl, Mod, Cmd or Alt. Workbench shortcuts keep their keys.
   */
  key: string;
  /** The command the key runs, with no arguments. */
  command: string;
}

export interface Keybindings {
  /** Binds a key to a command; an unparsable `key` is ignored with a console warning. */
  add(binding: Keybinding): Disposable;
}

export interface ViewOptions {
  /** Unique within the extension; the workbench's view id is `<extension-id>.<id>`. */
  id: string;
  /** Tooltip of the activity bar button, or the panel tab's label. */
  title: string;
  /** A codicon name (`checklist`, `beaker`); default `extensions`. */
  icon?: string;
  /** `side`: a side bar view with an activity bar button; `panel`: a tab of the bottom panel. */
  location: 'side' | 'panel';
  /**
   * Fills `container` the first time the view is shown. A returned Disposable is disposed when
   * the view is removed.
   */
  render(container: HTMLElement): void | Disposable;
}

export interface Views {
  /** Adds a view; disposing it removes the view, its button or tab, and what `render` returned. */
  register(view: ViewOptions): Disposable;
  /** Shows (and renders, the first time) one of this extension's views, by its own `id`. */
  show(id: string): Promise<void>;
}

export interface StatusBarItemOptions {
  text: string;
  tooltip?: string;
  /** A command run on click. */
  command?: string;
  /** Default `left`. */
  alignment?: 'left' | 'right';
}

export interface StatusBarItem extends Disposable {
  /** Changes some of the item's options. */
  update(options: Partial<StatusBarItemOptions>): void;
}

export interface StatusBar {
  /** Adds an item to the status bar; `dispose()` removes it. */
  add(options: StatusBarItemOptions): StatusBarItem;
}

export interface Rpc {
  /**
   * Calls the extension's own RPC service: `method` is relative, `listTodos` is sent as
   * `ext/<extension-id>/listTodos` with `params` (default `{}`). Rejects with the server's error
   * (`code`, `message`): 1009 when the extension is failed or slow, -32601 for an unknown method.
   */
  request<T = unknown>(method: string, params?: object): Promise<T>;
  /** Listens to the notification `ext/<extension-id>/<method>` the extension's service sends. */
  onNotification(method: string, handler: (params: unknown) => void): Disposable;
}

export interface Settings {
  /**
   * The effective value of one of this extension's settings (workspace, else user, else default),
   * or undefined for an unknown key. `key` is the full key (`<extension-id>.x`) or relative (`x`).
   */
  get<T = unknown>(key: string): T | undefined;
  /** Called with the full keys of this extension's settings whose values changed. */
  onDidChange(handler: (keys: string[]) => void): Disposable;
}

export interface Workspace {
  /**
   * Opens a workspace file (a relative POSIX path, `src/Main.java`) in an editor tab and, given
   * a 1-based `line` and `column`, puts the cursor there.
   */
  openFile(path: string, position?: { line?: number; column?: number }): Promise<void>;
}

export interface Ui {
  /** Shows a short notification; default kind `info`. */
  toast(message: string, kind?: 'info' | 'success' | 'error'): void;
}

/** What `activate(stratus)` receives. */
export interface Stratus {
  /** The id of the extension this module belongs to. */
  readonly extensionId: string;
  /** The id of the open workspace. */
  readonly workspaceId: string;
  readonly commands: Commands;
  readonly keybindings: Keybindings;
  readonly views: Views;
  readonly statusBar: StatusBar;
  readonly rpc: Rpc;
  readonly settings: Settings;
  readonly workspace: Workspace;
  readonly ui: Ui;
}

/** The shape of an extension's browser module. */
export interface StratusBrowserModule {
  activate(stratus: Stratus): void | Promise<void>;
  deactivate?(): void | Promise<void>;
}
