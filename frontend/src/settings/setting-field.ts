import type { Setting, SettingScope } from '../rpc/extension-client';
import { editorKind, formatValue, parseValue } from './setting-values';

/** Text edits are sent once typing pauses this long. */
export const UPDATE_DELAY_MS = 500;

/** The value a scope has: its own, else what it inherits (the user's, else the default). Pure. */
export function valueAt(s: Setting, scope: SettingScope): unknown {
  if (scope === 'workspace') return s.workspaceValue ?? s.userValue ?? s.default;
  return s.userValue ?? s.default;
}

export function isSetAt(s: Setting, scope: SettingScope): boolean {
  const v = scope === 'workspace' ? s.workspaceValue : s.userValue;
  return v !== undefined && v !== null;
}

export interface FieldState {
  text: string;
  /** The local parse error or the server's reason for refusing the value; kept until the next edit. */
  error: string | undefined;
  /** The scope has its own value (Reset removes it). */
  modified: boolean;
}

export type Update = (key: string, scope: SettingScope, value: unknown) => Promise<void>;

/**
 * One setting's editor state, apart from the DOM: the text shown, the error, and when to call
 * `settings/update`. A refused value keeps the user's text next to the reason, and later
 * refreshes from the server do not overwrite text the user is still working on.
 */
export class SettingField {
  private state: FieldState;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sent = 0;

  constructor(private setting: Setting, private scope: SettingScope, private readonly update: Update,
    private readonly render: (state: FieldState) => void) {
    this.state = this.fromSetting();
  }

  get current(): FieldState {
    return this.state;
  }

  get key(): string {
    return this.setting.key;
  }

  /** The user changed the text (or ticked the box: "true" / "false"). */
  edit(text: string): void {
    this.state = { ...this.state, text };
    const parsed = parseValue(this.setting, text);
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!parsed.ok) {
      this.set({ error: parsed.error });
      return;
    }
    this.set({ error: undefined });
    const kind = editorKind(this.setting);
    if (kind === 'checkbox' || kind === 'select') void this.send(parsed.value);
    else this.timer = setTimeout(() => { this.timer = undefined; void this.send(parsed.value); }, UPDATE_DELAY_MS);
  }

  /** Sends a pending text edit now (the editor lost focus). */
  flush(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const parsed = parseValue(this.setting, this.state.text);
    if (parsed.ok) void this.send(parsed.value);
  }

  /** Removes the value at the current scope. */
  reset(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.state = { ...this.state, error: undefined };
    return this.send(undefined, true);
  }

  /** New values from the server, or another scope. */
  refresh(setting: Setting, scope: SettingScope): void {
    const scopeChanged = scope !== this.scope;
    this.setting = setting;
    this.scope = scope;
    const shown = parseValue(setting, this.state.text);
    const same = shown.ok && JSON.stringify(shown.value) === JSON.stringify(valueAt(setting, scope));
    // Typing "1.50" must not turn into "1.5" when the server confirms the value.
    if (!scopeChanged && (same || this.timer !== undefined || this.state.error !== undefined)) {
      this.set({ modified: isSetAt(setting, scope) });
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.state = this.fromSetting();
    this.render(this.state);
  }

  private async send(value: unknown, resetting = false): Promise<void> {
    const id = ++this.sent;
    try {
      await this.update(this.setting.key, this.scope, value);
      if (id !== this.sent) return;
      if (resetting) {
        this.state = { text: formatValue(this.setting, this.inherited()), error: undefined, modified: false };
        this.render(this.state);
      } else {
        this.set({ error: undefined, modified: value !== undefined });
      }
    } catch (e) {
      if (id !== this.sent) return;
      this.set({ error: e instanceof Error ? e.message : String(e) });
    }
  }

  private inherited(): unknown {
    return this.scope === 'workspace' ? this.setting.userValue ?? this.setting.default : this.setting.default;
  }

  private fromSetting(): FieldState {
    return { text: formatValue(this.setting, valueAt(this.setting, this.scope)), error: undefined, modified: isSetAt(this.setting, this.scope) };
  }

  private set(patch: Partial<FieldState>): void {
    this.state = { ...this.state, ...patch };
    this.render(this.state);
  }
}
