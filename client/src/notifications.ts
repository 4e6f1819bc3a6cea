import type { Disposable } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/**
 * Several listeners for one server notification. The language client keeps one handler per method (a second
 * `onNotification` replaces the first), and the status bar, the Schema view and the ER diagram all listen to
 * some of the same notifications: they register here, which registers with the client once per method.
 */
const listeners = new WeakMap<LanguageClient, Map<string, Set<(params: unknown) => void>>>();

export function onServerNotification<P>(client: LanguageClient, method: string, listener: (params: P) => void): Disposable {
  let byMethod = listeners.get(client);
  if (!byMethod) listeners.set(client, (byMethod = new Map()));
  let set = byMethod.get(method);
  if (!set) {
    const created = new Set<(params: unknown) => void>();
    set = created;
    byMethod.set(method, created);
    client.onNotification(method, (params: unknown) => {
      for (const l of [...created]) l(params);
    });
  }
  const entry = listener as (params: unknown) => void;
  set.add(entry);
  return { dispose: () => void set.delete(entry) };
}
