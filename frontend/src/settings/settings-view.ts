import './settings.css';
import type { ExtensionClient, Setting, SettingScope } from '../rpc/extension-client';
import { describeError } from '../rpc/errors';
import { h } from '../ui/dom';
import { SettingField, type FieldState } from './setting-field';
import type { SettingsStore } from './settings-store';
import { editorKind, formatValue } from './setting-values';

export interface SettingsViewDeps {
  store: SettingsStore;
  client: ExtensionClient;
  /** An extension's display name, when known. */
  extensionName(id: string): string | undefined;
}

interface Row {
  el: HTMLElement;
  field: SettingField;
}

/**
 * The Settings side view: every extension's settings grouped by extension, edited at the User or
 * the Workspace scope. Each change is sent with `settings/update` (text once typing pauses); the
 * server's reason for refusing a value is shown next to the setting and the text is kept.
 */
export class SettingsView {
  readonly el: HTMLElement;
  private readonly scopeSelect = h('select', { class: 'settings-scope', 'data-testid': 'settings-scope', 'aria-label': 'Scope' },
    h('option', { value: 'user' }, 'User'), h('option', { value: 'workspace' }, 'Workspace'));
  private readonly list = h('div', { class: 'settings-list', 'data-testid': 'settings-list' });
  private readonly rows = new Map<string, Row>();
  private scope: SettingScope = 'user';
  private order = '';

  constructor(private readonly deps: SettingsViewDeps) {
    this.el = h('aside', { class: 'view settings-view', 'data-testid': 'settings-view' },
      h('div', { class: 'view-toolbar' }, h('span', { class: 'view-title' }, 'Settings'), this.scopeSelect), this.list);
    this.scopeSelect.addEventListener('change', () => {
      this.scope = this.scopeSelect.value === 'workspace' ? 'workspace' : 'user';
      this.el.dataset.scope = this.scope;
      this.render();
    });
    this.el.dataset.scope = this.scope;
    deps.store.onChange(() => this.render());
    this.render();
    deps.store.ready().catch((e) => this.message(describeError('Cannot list the settings', e)));
  }

  shown(): void {
    void this.deps.store.reload().catch((e) => this.message(describeError('Cannot list the settings', e)));
  }

  /** Puts the scope switch in front (Ctrl+, opens the view with it focused). */
  focus(): void {
    this.scopeSelect.focus();
  }

  private message(text: string): void {
    this.list.replaceChildren(h('div', { class: 'view-note', 'data-testid': 'settings-note' }, text));
    this.rows.clear();
    this.order = '';
  }

  private render(): void {
    const settings = this.deps.store.all.sort((a, b) => a.extensionId.localeCompare(b.extensionId) || a.key.localeCompare(b.key));
    if (settings.length === 0) {
      this.message('No extension has settings.');
      return;
    }
    for (const s of settings) {
      const row = this.rows.get(s.key);
      if (row) row.field.refresh(s, this.scope);
      else this.rows.set(s.key, this.createRow(s));
    }
    for (const key of [...this.rows.keys()]) if (!this.deps.store.get(key)) this.rows.delete(key);
    const order = settings.map((s) => s.key).join('\n');
    if (order === this.order) return;
    // Rows move only when settings come or go: moving a focused editor would take its focus.
    this.order = order;
    const groups: HTMLElement[] = [];
    let group: HTMLElement | undefined;
    let ext = '';
    for (const s of settings) {
      if (!group || s.extensionId !== ext) {
        ext = s.extensionId;
        const name = this.deps.extensionName(ext);
        group = h('section', { class: 'settings-group', 'data-testid': `settings-group-${ext}` },
          h('h3', { class: 'settings-group-title' }, name ?? ext, ...(name && name !== ext ? [h('span', { class: 'settings-ext-id' }, ext)] : [])));
        groups.push(group);
      }
      group.append(this.rows.get(s.key)!.el);
    }
    this.list.replaceChildren(...groups);
  }

  private createRow(s: Setting): Row {
    const key = s.key;
    const error = h('div', { class: 'setting-error', role: 'alert', 'data-testid': `setting-error-${key}`, hidden: true });
    const reset = h('button', { class: 'btn setting-reset', type: 'button', 'data-testid': `setting-reset-${key}`,
      title: 'Remove the value at this scope' }, 'Reset');
    const kind = editorKind(s);
    const attrs = { class: `setting-input setting-${kind}`, 'data-testid': `setting-${key}`, 'aria-label': key, spellcheck: 'false' };
    let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    if (kind === 'checkbox') input = h('input', { ...attrs, type: 'checkbox' });
    else if (kind === 'select') {
      input = h('select', attrs, ...(s.enum ?? []).map((v) => h('option', { value: JSON.stringify(v) }, String(v))));
    } else if (kind === 'input') input = h('input', { ...attrs, type: 'text', inputmode: s.type === 'string' ? undefined : 'decimal' });
    else input = h('textarea', { ...attrs, rows: kind === 'json' ? '4' : '3' });
    const modified = h('span', { class: 'setting-modified', title: 'Set at this scope', hidden: true });
    const el = h('div', { class: 'setting', 'data-testid': `setting-row-${key}`, 'data-key': key },
      h('div', { class: 'setting-head' }, modified, h('span', { class: 'setting-key' }, key), reset),
      ...(s.description ? [h('div', { class: 'setting-desc' }, s.description)] : []),
      input, error);
    const show = (state: FieldState) => {
      if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = state.text === 'true';
      else if (input.value !== state.text) {
        if (input instanceof HTMLSelectElement && ![...input.options].some((o) => o.value === state.text)) {
          input.append(h('option', { value: state.text }, state.text));
        }
        input.value = state.text;
      }
      error.hidden = state.error === undefined;
      error.textContent = state.error ?? '';
      el.classList.toggle('invalid', state.error !== undefined);
      modified.hidden = !state.modified;
      reset.disabled = !state.modified;
      el.dataset.modified = String(state.modified);
    };
    const update = (k: string, scope: SettingScope, value: unknown) => this.deps.client.updateSetting(k, scope, value);
    const field = new SettingField(s, this.scope, update, show);
    show(field.current);
    if (input instanceof HTMLInputElement && input.type === 'checkbox') {
      input.addEventListener('change', () => field.edit(String((input as HTMLInputElement).checked)));
    } else if (input instanceof HTMLSelectElement) {
      input.addEventListener('change', () => field.edit(input.value));
    } else {
      input.addEventListener('input', () => field.edit(input.value));
      input.addEventListener('blur', () => field.flush());
    }
    reset.addEventListener('click', () => void field.reset());
    el.title = `Default: ${formatValue(s, s.default) || '(empty)'}`;
    return { el, field };
  }
}
