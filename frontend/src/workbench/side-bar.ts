import { h } from '../ui/dom';
import { toDisposable, type Disposable } from '../disposable';
import { toast } from '../ui/toast';
import { ActivityBar } from './activity-bar';

/** A side-bar view; heavy ones are created (and their code loaded) the first time they are shown. */
export interface View {
  readonly el: HTMLElement;
  /** Called each time the view is shown. */
  shown?(): void;
  /** Called when the view is removed (a browser extension's view). */
  dispose?(): void;
}

export interface ViewSpec {
  id: string;
  label: string;
  icon: string;
  create(): View | Promise<View>;
}

const KEY = 'stratus.sideView';

/** The activity bar plus the side panel that shows one view at a time. */
export class SideBar {
  readonly activity: ActivityBar;
  readonly el: HTMLElement;
  current: string | undefined;
  private readonly views = new Map<string, Promise<View>>();
  private readonly specs: Map<string, ViewSpec>;
  private readonly host: HTMLElement;

  constructor(specs: ViewSpec[]) {
    this.specs = new Map(specs.map((s) => [s.id, s]));
    this.activity = new ActivityBar(specs, (id) => void this.toggle(id));
    this.host = h('div', { class: 'side-bar', 'data-testid': 'side-bar' });
    this.el = this.host;
  }

  /**
   * Adds a view with an activity bar button at the end; disposing it removes both (and shows
   * nothing in its place when it was showing).
   */
  add(spec: ViewSpec): Disposable {
    if (this.specs.has(spec.id)) throw new Error(`A view ${spec.id} already exists`);
    this.specs.set(spec.id, spec);
    this.activity.add(spec);
    return toDisposable(() => {
      if (this.specs.get(spec.id) !== spec) return;
      this.specs.delete(spec.id);
      this.activity.remove(spec.id);
      const view = this.views.get(spec.id);
      this.views.delete(spec.id);
      if (this.current === spec.id) {
        this.host.replaceChildren();
        void this.show([...this.specs.keys()][0]);
      }
      void view?.then((v) => { v.el.remove(); v.dispose?.(); }, () => undefined);
    });
  }

  /** Shows the view that was open last time (default: the first). */
  restore(): Promise<View | undefined> {
    let id: string | null = null;
    try { id = localStorage.getItem(KEY); } catch { /* storage blocked */ }
    if (id === '') {
      this.hide();
      return Promise.resolve(undefined);
    }
    return this.show(id && this.specs.has(id) ? id : [...this.specs.keys()][0]);
  }

  /** A click on the active view's icon hides the side bar, as in other editors. */
  async toggle(id: string): Promise<void> {
    if (this.current === id && !this.host.hidden) this.hide();
    else await this.show(id);
  }

  async show(id: string): Promise<View | undefined> {
    const spec = this.specs.get(id);
    if (!spec) return undefined;
    this.current = id;
    this.host.hidden = false;
    this.activity.setActive(id);
    this.persist(id);
    let view = this.views.get(id);
    if (!view) {
      view = Promise.resolve(spec.create());
      this.views.set(id, view);
    }
    let v: View;
    try {
      v = await view;
    } catch (e) {
      this.views.delete(id);
      toast(`Cannot show ${spec.label}: ${(e as Error).message}`, 'error');
      return undefined;
    }
    if (this.current !== id) return v;
    if (v.el.parentElement !== this.host) this.host.replaceChildren(v.el);
    v.shown?.();
    return v;
  }

  hide(): void {
    this.current = undefined;
    this.host.hidden = true;
    this.activity.setActive(undefined);
    this.persist('');
  }

  private persist(id: string): void {
    try { localStorage.setItem(KEY, id); } catch { /* storage blocked */ }
  }
}
