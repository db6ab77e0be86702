import { h } from '../ui/dom';

const KEY = 'stratus.panel';

/**
 * The panel under the editor (terminals): shown or hidden with Ctrl+`, resized by dragging its
 * top edge. Its content is created on first show, so xterm loads only when it is needed.
 */
export class BottomPanel {
  readonly el: HTMLElement;
  readonly header: HTMLElement;
  readonly body: HTMLElement;
  private readonly listeners = new Set<(visible: boolean) => void>();

  constructor() {
    const sash = h('div', { class: 'panel-sash', 'aria-hidden': 'true' });
    this.header = h('div', { class: 'panel-header' });
    this.body = h('div', { class: 'panel-body' });
    this.el = h('section', { class: 'bottom-panel', 'aria-label': 'Panel', 'data-testid': 'bottom-panel', hidden: true },
      sash, this.header, this.body);
    const saved = Number(this.load('height'));
    this.el.style.height = `${saved >= 80 ? saved : 260}px`;
    sash.addEventListener('pointerdown', (e) => this.drag(e, sash));
  }

  get visible(): boolean {
    return !this.el.hidden;
  }

  /** Whether the panel was open when the page was last left. */
  get wasVisible(): boolean {
    return this.load('visible') === '1';
  }

  onVisibility(listener: (visible: boolean) => void): void {
    this.listeners.add(listener);
  }

  setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.el.hidden = !visible;
    this.save('visible', visible ? '1' : '0');
    for (const l of this.listeners) l(visible);
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
