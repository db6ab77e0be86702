import { DisposableStore } from '../disposable';
import type { FrontendModule } from '../rpc/extension-client';
import type { Stratus, StratusBrowserModule } from './stratus-browser-api';

export interface LoaderDeps {
  /** `import(url)`; injected so tests need no network. */
  importModule(url: string): Promise<unknown>;
  /** The page's origin: modules are only loaded from it. */
  origin: string;
  /** The `stratus` object of one module; what it registers goes into `owned`. */
  createApi(extensionId: string, owned: DisposableStore): Stratus;
  /** A module failed to load, activate or deactivate: shown once, and logged. */
  report(message: string, error: unknown): void;
}

interface Entry {
  extensionId: string;
  url: string;
  owned: DisposableStore;
  state: 'loading' | 'active' | 'failed';
  removed: boolean;
  module?: StratusBrowserModule;
  done: Promise<void>;
}

/**
 * Loads the browser modules of extensions (`frontends` of `extensions/contributions`) and keeps
 * them in step with it: a module whose entry disappears is deactivated and everything it
 * registered is disposed; a new entry is loaded. A module that fails is reported once and stays
 * failed until its entry goes away, and never takes the workbench or another module with it.
 */
export class ExtensionLoader {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly deps: LoaderDeps) {}

  /** Extension ids whose module is active. */
  get active(): string[] {
    return [...this.entries.values()].filter((e) => e.state === 'active').map((e) => e.extensionId);
  }

  stateOf(extensionId: string): Entry['state'] | undefined {
    return [...this.entries.values()].find((e) => e.extensionId === extensionId)?.state;
  }

  /** Brings the loaded modules in line with `frontends`; resolves once loads and unloads settle. */
  async sync(frontends: readonly FrontendModule[]): Promise<void> {
    const wanted = new Map(frontends.map((f) => [`${f.extensionId}\n${f.url}`, f]));
    const work: Promise<void>[] = [];
    for (const [key, entry] of this.entries) {
      if (wanted.has(key)) continue;
      this.entries.delete(key);
      work.push(this.unload(entry));
    }
    for (const [key, f] of wanted) {
      if (this.entries.has(key)) continue;
      const entry: Entry = { extensionId: f.extensionId, url: f.url, owned: new DisposableStore(), state: 'loading', removed: false, done: Promise.resolve() };
      entry.done = this.load(entry);
      this.entries.set(key, entry);
      work.push(entry.done);
    }
    await Promise.all(work);
  }

  /** Deactivates every module. */
  dispose(): Promise<void> {
    return this.sync([]);
  }

  private async load(e: Entry): Promise<void> {
    const name = e.extensionId;
    let url: URL;
    try {
      url = new URL(e.url, this.deps.origin);
      if (url.origin !== new URL(this.deps.origin).origin) throw new Error(`${e.url} is not on this server`);
    } catch (err) {
      return this.fail(e, `The browser module of ${name} has an invalid address`, err);
    }
    let mod: Partial<StratusBrowserModule> | undefined;
    try {
      mod = (await this.deps.importModule(url.href)) as Partial<StratusBrowserModule> | undefined;
    } catch (err) {
      return this.fail(e, `Cannot load the browser module of ${name}`, err);
    }
    if (e.removed) return;
    if (typeof mod?.activate !== 'function') {
      return this.fail(e, `The browser module of ${name} does not export an activate function`, undefined);
    }
    e.module = mod as StratusBrowserModule;
    try {
      await e.module.activate(this.deps.createApi(name, e.owned));
    } catch (err) {
      e.owned.dispose();
      return this.fail(e, `The browser module of ${name} failed to activate`, err);
    }
    if (e.removed) {
      // Removed while activating: its registrations are already gone, now let it clean up.
      await this.callDeactivate(e);
      return;
    }
    e.state = 'active';
  }

  private async unload(e: Entry): Promise<void> {
    e.removed = true;
    const wasActive = e.state === 'active';
    if (wasActive) await this.callDeactivate(e);
    e.owned.dispose();
  }

  private async callDeactivate(e: Entry): Promise<void> {
    try {
      await e.module?.deactivate?.();
    } catch (err) {
      this.deps.report(`The browser module of ${e.extensionId} failed to deactivate`, err);
    }
  }

  private fail(e: Entry, message: string, err: unknown): void {
    e.state = 'failed';
    e.owned.dispose();
    if (!e.removed) this.deps.report(message, err);
  }
}
