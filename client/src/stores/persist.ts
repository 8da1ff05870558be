import { createJSONStorage } from 'zustand/middleware';
import type { PersistStorage } from 'zustand/middleware';
import { platformStorage } from '../platform/storage';
import type { PlatformStorage } from '../platform/storage';

/** Every persisted key starts with this, so sign-out can remove all of them. */
export const STORAGE_PREFIX = 'tandem.';

export const storageKeys = {
  session: `${STORAGE_PREFIX}session`,
  rooms: `${STORAGE_PREFIX}rooms`,
  drafts: `${STORAGE_PREFIX}drafts`,
  outbox: `${STORAGE_PREFIX}outbox`,
  /** An index key plus one key per room (`tandem.messages.<roomId>`), each well under WeChat's 1 MB per key. */
  messages: `${STORAGE_PREFIX}messages`,
} as const;

/** zustand's JSON storage over the platform's synchronous storage: hydration finishes before the first render. */
export function jsonStorage<S>(storage: PlatformStorage = platformStorage): PersistStorage<S> {
  const persistStorage = createJSONStorage<S>(() => storage);
  if (!persistStorage) throw new Error('platform storage is unavailable');
  return persistStorage;
}

/** Removes every key this app wrote (sign-out). */
export function clearPersistedState(storage: PlatformStorage = platformStorage): void {
  for (const key of storage.keys()) {
    if (key.startsWith(STORAGE_PREFIX)) storage.removeItem(key);
  }
}
