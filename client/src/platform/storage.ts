import Taro from '@tarojs/taro';

/**
 * Synchronous key-value storage of strings (Taro storage: wx storage on weapp, localStorage on h5).
 * Synchronous on purpose: an outbox write must be on disk before the send it guards. WeChat's asynchronous
 * storage (wx.setStorage) writes later, so an app killed right after a send can lose what was not yet written.
 */
export interface PlatformStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  keys(): string[];
}

type WriteListener = (key: string, ok: boolean) => void;
const writeListeners = new Set<WriteListener>();

/** Hears every write's outcome: a failed one (over quota) is shown to the user, not only logged. */
export function onStorageWrite(listener: WriteListener): () => void {
  writeListeners.add(listener);
  return () => writeListeners.delete(listener);
}

function written(key: string, ok: boolean): void {
  for (const listener of writeListeners) listener(key, ok);
}

export const platformStorage: PlatformStorage = {
  getItem(key) {
    try {
      const value: unknown = Taro.getStorageSync(key);
      return typeof value === 'string' && value !== '' ? value : null;
    } catch (error) {
      console.error(`[storage] read of ${key} failed`, error);
      return null;
    }
  },
  setItem(key, value) {
    try {
      Taro.setStorageSync(key, value);
    } catch (error) {
      // Over quota (1 MB per key, 10 MB in all on WeChat): the app keeps working from memory.
      console.error(`[storage] write of ${key} (${value.length} chars) failed`, error);
      written(key, false);
      return;
    }
    written(key, true);
  },
  removeItem(key) {
    try {
      Taro.removeStorageSync(key);
    } catch (error) {
      console.error(`[storage] removal of ${key} failed`, error);
    }
  },
  keys() {
    try {
      return Taro.getStorageInfoSync().keys;
    } catch (error) {
      console.error('[storage] listing keys failed', error);
      return [];
    }
  },
};
