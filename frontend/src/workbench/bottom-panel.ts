import { toDisposable, type Disposable } from '../disposable';
import { h } from '../ui/dom';

const KEY = 'stratus.panel';

export interface PanelViewSpec {
  id: string;
  label: string;
}

/**
 * One view of the bottom panel (Terminal, Problems): a toolbar slot in the panel's header and a
 * body, both shown while it is the panel's active view. Its content is created by its owner on
 * first show, so xterm loads only when the terminal is needed.
 */
export class PanelView {
  readonly header = h('div', { class: 'panel-view-toolbar' });
  readonly body: HTMLElement;

  constructor(private readonly panel: BottomPanel, readonly id: string) {
    this.body = h('div', { class: 'panel-view', 'data-panel-view': id, hidden: true });
  }

  /** The panel is shown with this view in front. */
  get visible(): boolean {
    return this.panel.visible && this.panel.active === this.id;
  }

  onVisibility(listener: (visible: boolean) => void): void {
    let last = this.visible;
    this.panel.onChange(() => {
      if (this.visible === last) return;
      last = this.visible;
      listener(last);
    });
  }

  /** Shows the panel with this view in front, or hides the panel. */
  setVisible(visible: boolean): void {
    if (visible) this.panel.show(this.id);
    else if (this.visible) this.panel.setVisible(false);
  }
}

/**
 * The panel under the editor: tabs switch between its views, Ctrl+` and Ctrl+Shift+M show or hide
 * it, its top edge resizes it. Which view was in front and whether it was open are remembered.
 */
export class BottomPanel {
  readonly el: HTMLElement;
  active: string;
  private readonly views = new Map<string, { view: PanelView; tab: HTMLElement; badge: HTMLElement }>();
  private readonly toolbar = h('div', { class: 'panel-toolbar' });
  private readonly listeners = new Set<() => void>();
  private readonly tabs: HTMLElement;
  private readonly body: HTMLElement;
  private readonly first: string;

  /** `select` runs when the user picks a view's tab (its owner loads and shows it). */
  constructor(specs: readonly PanelViewSpec[], select: (id: string) => void) {
    const sash = h('div', { class: 'panel-sash', 'aria-hidden': 'true' });
    const tabs = h('div', { class: 'panel-switch', role: 'tablist', 'aria-label': 'Panel views' });
    const body = h('div', { class: 'panel-body' });
    this.tabs = tabs;
    this.body = body;
    for (const spec of specs) this.addView(spec, select);
    const hide = h('button', { class: 'icon-btn', type: 'button', title: 'Hide Panel', 'aria-label': 'Hide Panel', 'data-testid': 'panel-hide' },
      h('span', { class: 'codicon codicon-chevron-down', 'aria-hidden': 'true' }));
    hide.addEventListener('click', () => this.setVisible(false));
    const header = h('div', { class: 'panel-header' }, tabs, this.toolbar, hide);
    this.el = h('section', { class: 'bottom-panel', 'aria-label': 'Panel', 'data-testid': 'bottom-panel', hidden: true },
      sash, header, body);
    const saved = Number(this.load('height'));
    this.el.style.height = `${saved >= 80 ? saved : 260}px`;
    sash.addEventListener('pointerdown', (e) => this.drag(e, sash));
    const last = this.load('view');
    this.first = specs[0].id;
    this.active = last && this.views.has(last) ? last : this.first;
    this.arrange();
  }

  /**
   * Adds a view with a tab at the end (a browser extension's view); `select` runs when its tab is
   * picked. Disposing it removes both, showing the first view if it was in front.
   */
  add(spec: PanelViewSpec, select: (id: string) => void): Disposable {
    if (this.views.has(spec.id)) throw new Error(`A panel view ${spec.id} already exists`);
    this.addView(spec, select);
    return toDisposable(() => {
      const entry = this.views.get(spec.id);
      if (!entry) return;
      this.views.delete(spec.id);
      entry.tab.remove();
      entry.view.body.remove();
      entry.view.header.remove();
      if (this.active === spec.id) {
        this.active = this.first;
        this.arrange();
        this.changed();
      }
    });
  }

  has(id: string): boolean {
    return this.views.has(id);
  }

  private addView(spec: PanelViewSpec, select: (id: string) => void): void {
    const view = new PanelView(this, spec.id);
    const badge = h('span', { class: 'panel-switch-badge', 'data-testid': `panel-badge-${spec.id}`, hidden: true });
    const tab = h('button', { class: 'panel-switch-tab', type: 'button', role: 'tab', 'aria-selected': 'false',
      'data-testid': `panel-tab-${spec.id}` }, h('span', {}, spec.label), badge);
    tab.addEventListener('click', () => select(spec.id));
    this.tabs.append(tab);
    this.body.append(view.body);
    this.views.set(spec.id, { view, tab, badge });
    if (this.active !== undefined) view.body.hidden = spec.id !== this.active;
  }

  view(id: string): PanelView {
    return this.views.get(id)!.view;
  }

  get visible(): boolean {
    return !this.el.hidden;
  }

  /** Whether the panel was open when the page was last left. */
  get wasVisible(): boolean {
    return this.load('visible') === '1';
  }

  /** Called when the panel is shown or hidden, or another view comes to the front. */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Shows the panel with view `id` in front. */
  show(id: string): void {
    if (!this.views.has(id) || (this.visible && this.active === id)) return;
    this.active = id;
    this.save('view', id);
    this.el.hidden = false;
    this.save('visible', '1');
    this.arrange();
    this.changed();
  }

  setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.el.hidden = !visible;
    this.save('visible', visible ? '1' : '0');
    this.changed();
  }

  /** A count next to a view's tab (problems); 0 hides it. */
  setBadge(id: string, count: number, title = ''): void {
    const entry = this.views.get(id);
    if (!entry) return;
    entry.badge.hidden = count <= 0;
    entry.badge.textContent = count > 999 ? '999+' : String(count);
    entry.tab.title = title;
  }

  private arrange(): void {
    for (const [id, { view, tab }] of this.views) {
      const front = id === this.active;
      view.body.hidden = !front;
      tab.classList.toggle('active', front);
      tab.setAttribute('aria-selected', String(front));
    }
    this.toolbar.replaceChildren(this.views.get(this.active)!.view.header);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private drag(start: PointerEvent, sash: HTMLElement): void {
    start.preventDefault();
    sash.setPointerCapture(start.pointerId);
    const startY = start.clientY;
    const startHeight = this.el.getBoundingClientRect().height;
    const move = (e: PointerEvent) => {
      const max = Math.max(120, window.innerHeight - 160);
      this.el.style.height = `${Math.min(max, Math.max(80, startHeight + startY - e.clientY))}px`;
    };
    const up = () => {
      sash.removeEventListener('pointermove', move);
      sash.removeEventListener('pointerup', up);
      this.save('height', String(Math.round(this.el.getBoundingClientRect().height)));
    };
    sash.addEventListener('pointermove', move);
    sash.addEventListener('pointerup', up);
  }

  private load(key: string): string | null {
    try { return localStorage.getItem(`${KEY}.${key}`); } catch { return null; }
  }

  private save(key: string, value: string): void {
    try { localStorage.setItem(`${KEY}.${key}`, value); } catch { /* storage blocked */ }
  }
}
