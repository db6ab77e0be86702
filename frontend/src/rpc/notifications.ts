import { toDisposable, type Disposable } from '../disposable';
import type { WorkspaceConnection } from './connection';

type Connection = Pick<WorkspaceConnection, 'onNotification'>;

const hubs = new WeakMap<Connection, Map<string, Set<(params: unknown) => void>>>();

/**
 * Subscribes to a notification with any number of listeners, each removable. The connection keeps
 * one handler per method, so the first subscriber installs a handler that fans out to all of them;
 * one listener throwing does not keep the others from hearing it.
 */
export function subscribe(connection: Connection, method: string, listener: (params: unknown) => void): Disposable {
  let methods = hubs.get(connection);
  if (!methods) {
    methods = new Map();
    hubs.set(connection, methods);
  }
  let listeners = methods.get(method);
  if (!listeners) {
    const set = new Set<(params: unknown) => void>();
    listeners = set;
    methods.set(method, set);
    connection.onNotification(method, (params) => {
      for (const l of [...set]) {
        try {
          l(params);
        } catch (e) {
          console.error(`A ${method} listener failed`, e);
        }
      }
    });
  }
  listeners.add(listener);
  const own = listeners;
  return toDisposable(() => own.delete(listener));
}
