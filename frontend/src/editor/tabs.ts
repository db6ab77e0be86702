import { basename } from '../paths';
import { h } from '../ui/dom';
import type { OpenDocument } from './document';

export interface TabCallbacks {
  activate(path: string): void;
  close(path: string): void;
}

/** The row of editor tabs; re-rendered from the document list on every change. */
export class TabStrip {
  readonly el = h('div', { class: 'tabs', role: 'tablist', 'data-testid': 'tabs' });

  constructor(private readonly cb: TabCallbacks) {
    this.el.addEventListener('auxclick', (e) => {
      const tab = (e.target as HTMLElement).closest<HTMLElement>('.tab');
      if (e.button === 1 && tab?.dataset.path !== undefined) this.cb.close(tab.dataset.path);
    });
  }

  render(docs: readonly OpenDocument[], active: OpenDocument | undefined): void {
    this.el.replaceChildren(...docs.map((d) => this.tab(d, d === active)));
    this.el.querySelector('.tab.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  private tab(doc: OpenDocument, active: boolean): HTMLElement {
    const classes = ['tab', active ? 'active' : '', doc.dirty ? 'dirty' : '', doc.deleted ? 'deleted' : '',
      doc.pendingSave ? 'pending-save' : ''].filter(Boolean).join(' ');
    const title = doc.path + (doc.deleted ? ' (deleted on disk)' : '') + (doc.pendingSave ? ' (will save when reconnected)' : '');
    const close = h('button', { class: 'tab-close', type: 'button', 'data-testid': 'tab-close', 'aria-label': `Close ${doc.path}`, title: 'Close' }, '×');
    const tab = h('div', { class: classes, role: 'tab', 'aria-selected': String(active), title,
      'data-testid': 'tab', 'data-path': doc.path, 'data-dirty': String(doc.dirty), 'data-deleted': String(doc.deleted) },
      h('span', { class: 'tab-name' }, basename(doc.path)),
      ...(doc.deleted ? [h('span', { class: 'tab-note' }, 'deleted')] : []),
      h('span', { class: 'tab-dirty', 'data-testid': 'tab-dirty', 'aria-label': doc.dirty ? 'unsaved changes' : '' }, doc.dirty ? '●' : ''),
      close);
    tab.addEventListener('mousedown', (e) => {
      if (e.button === 0 && e.target !== close) this.cb.activate(doc.path);
    });
    close.addEventListener('click', (e) => { e.stopPropagation(); this.cb.close(doc.path); });
    return tab;
  }
}
