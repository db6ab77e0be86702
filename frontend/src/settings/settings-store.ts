import { toDisposable, type Disposable } from '../disposable';
import type { ExtensionClient, Setting } from '../rpc/extension-client';

/**
 * The settings of every extension with this user's and this workspace's values (`settings/list`),
 * listed again on `settings/didChange` and when extensions change.
 */
export class SettingsStore {
  private byKey = new Map<string, Setting>();
  private loaded: Promise<void> | undefined;
  private readonly listeners = new Set<(keys: string[]) => void>();

  constructor(private readonly client: ExtensionClient) {
    client.onSettingsDidChange((keys) => void this.reload(keys));
  }

  get all(): Setting[] {
    return [...this.byKey.values()];
  }

  get(key: string): Setting | undefined {
    return this.byKey.get(key);
  }

  /** The first load; later calls wait for the same one. */
  ready(): Promise<void> {
    this.loaded ??= this.reload();
    return this.loaded;
  }

  /**
   * Lists the settings again; listeners hear `keys`, or every key whose effective value changed
   * (and every added or removed one) when not given.
   */
  async reload(keys?: string[]): Promise<void> {
    const settings = await this.client.settings();
    const before = this.byKey;
    this.byKey = new Map(settings.map((s) => [s.key, s]));
    const changed = new Set(keys ?? []);
    for (const [key, s] of this.byKey) {
      const old = before.get(key);
      if (!old || JSON.stringify(old.value) !== JSON.stringify(s.value)) changed.add(key);
    }
    for (const key of before.keys()) if (!this.byKey.has(key)) changed.add(key);
    const list = [...changed];
    for (const l of [...this.listeners]) {
      try {
        l(list);
      } catch (e) {
        console.error('A settings listener failed', e);
      }
    }
  }

  /** Called with the changed keys (possibly none: the list was refreshed). */
  onChange(listener: (keys: string[]) => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }
}
