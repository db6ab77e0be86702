/** Something to release: a registration, a listener, a view. */
export interface Disposable {
  dispose(): void;
}

export function toDisposable(dispose: () => void): Disposable {
  let done = false;
  return { dispose: () => { if (!done) { done = true; dispose(); } } };
}

/**
 * Collects disposables and releases them together, newest first. One that throws does not keep
 * the others from being released (a browser extension's own view may fail to clean up).
 */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  add<T extends Disposable>(d: T): T {
    if (this.disposed) {
      d.dispose();
      return d;
    }
    this.items.add(d);
    return d;
  }

  /** Forgets `d` without disposing it (it was disposed on its own). */
  delete(d: Disposable): void {
    this.items.delete(d);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const items = [...this.items].reverse();
    this.items.clear();
    for (const d of items) {
      try {
        d.dispose();
      } catch (e) {
        console.error('Dispose failed', e);
      }
    }
  }
}
