import type { PlatformStorage } from '../../src/platform/storage';

/** A PlatformStorage over a Map, shared by a store and its "reloaded" twin to simulate an app restart. */
export function memoryStorage(): PlatformStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
    keys: () => [...data.keys()],
  };
}
