import { h } from '../ui/dom';

export interface ActivityItem {
  id: string;
  label: string;
  icon: string;
}

/** The vertical bar of view switches at the window's left edge, with optional badges. */
export class ActivityBar {
  readonly el = h('nav', { class: 'activity-bar', 'aria-label': 'Views', 'data-testid': 'activity-bar' });
  private readonly buttons = new Map<string, { button: HTMLButtonElement; badge: HTMLElement }>();

  constructor(items: ActivityItem[], private readonly select: (id: string) => void) {
    for (const item of items) this.add(item);
  }

  /** Adds a button at the end (a browser extension's view). */
  add(item: ActivityItem): void {
    if (this.buttons.has(item.id)) return;
    const badge = h('span', { class: 'activity-badge', 'data-testid': `badge-${item.id}`, hidden: true });
    const button = h('button', { class: 'activity-btn', type: 'button', title: item.label, 'aria-label': item.label,
      'aria-pressed': 'false', 'data-testid': `activity-${item.id}` },
      h('span', { class: `codicon codicon-${item.icon}`, 'aria-hidden': 'true' }), badge);
    button.addEventListener('click', () => this.select(item.id));
    this.buttons.set(item.id, { button, badge });
    this.el.append(button);
  }

  remove(id: string): void {
    this.buttons.get(id)?.button.remove();
    this.buttons.delete(id);
  }

  setActive(id: string | undefined): void {
    for (const [key, { button }] of this.buttons) {
      button.classList.toggle('active', key === id);
      button.setAttribute('aria-pressed', String(key === id));
    }
  }

  setBadge(id: string, count: number): void {
    const entry = this.buttons.get(id);
    if (!entry) return;
    entry.badge.hidden = count <= 0;
    entry.badge.textContent = count > 999 ? '999+' : String(count);
  }
}
