import type { Store } from '../store/types';
import type { Metrics } from './registry';

/**
 * The store with every call timed (`storeCall`) and every newly stored message counted: one place at the store
 * boundary, the same for SQLite and PostgreSQL. `close` is passed through untimed.
 */
export function timedStore(store: Store, metrics: Metrics): Store {
  const timed = {} as Record<string, unknown>;
  for (const [operation, method] of Object.entries(store) as [string, unknown][]) {
    if (typeof method !== 'function' || operation === 'close') {
      timed[operation] = method;
      continue;
    }
    timed[operation] = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await (method as (...args: unknown[]) => Promise<unknown>).apply(store, args);
      } finally {
        metrics.storeCall(operation, (performance.now() - started) / 1000);
      }
    };
  }
  const timedStore = timed as unknown as Store;
  const append = timedStore.appendMessage;
  timedStore.appendMessage = async (message) => {
    const result = await append(message);
    if (result.created) metrics.messageStored();
    return result;
  };
  return timedStore;
}
