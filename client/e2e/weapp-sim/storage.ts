import type { AsyncOptions } from './callbacks';
import { fail, ok, settle } from './callbacks';
import type { Scheduler } from './scheduler';

/** WeChat's limits: 1 MB per key, 10 MB per user per mini program. */
export const STORAGE_ITEM_LIMIT_BYTES = 1024 * 1024;
export const STORAGE_TOTAL_LIMIT_KB = 10 * 1024;

/** What survives a relaunch: key -> serialised value. Pass the same map to a new MiniProgram to "reopen" it. */
export type StorageBackend = Map<string, string>;

/**
 * `wx.*Storage*` in memory. Values are serialised like WeChat's (JSON; the value read back is a copy made in the
 * mini program's realm), a missing key reads as `''` from `getStorageSync` and fails `getStorage`.
 */
export function createStorageApis(backend: StorageBackend, scheduler: Scheduler, realmJSON: JSON) {
  const bytes = (key: string, serialised: string) => Buffer.byteLength(key) + Buffer.byteLength(serialised);
  const totalBytes = () => [...backend].reduce((sum, [key, value]) => sum + bytes(key, value), 0);

  const write = (api: string, key: unknown, data: unknown): string | undefined => {
    if (typeof key !== 'string' || key === '') return `${api}:fail parameter error: parameter.key should be String`;
    const serialised = JSON.stringify({ v: data === undefined ? null : data });
    if (bytes(key, serialised) > STORAGE_ITEM_LIMIT_BYTES) return `${api}:fail exceed storage item max length`;
    const previous = backend.get(key);
    const nextTotal = totalBytes() - (previous === undefined ? 0 : bytes(key, previous)) + bytes(key, serialised);
    if (nextTotal > STORAGE_TOTAL_LIMIT_KB * 1024) return `${api}:fail exceed storage max size 10Mb`;
    backend.set(key, serialised);
    return undefined;
  };

  const read = (key: string): { found: boolean; value: unknown } => {
    const serialised = backend.get(key);
    if (serialised === undefined) return { found: false, value: '' };
    return { found: true, value: (realmJSON.parse(serialised) as { v: unknown }).v };
  };

  const info = () => ({
    keys: [...backend.keys()],
    currentSize: Math.ceil(totalBytes() / 1024),
    limitSize: STORAGE_TOTAL_LIMIT_KB,
  });

  return {
    setStorageSync(key: string, data: unknown): void {
      const error = write('setStorageSync', key, data);
      if (error) throw new Error(error);
    },
    getStorageSync(key: string): unknown {
      return read(key).value;
    },
    removeStorageSync(key: string): void {
      backend.delete(key);
    },
    clearStorageSync(): void {
      backend.clear();
    },
    getStorageInfoSync() {
      return info();
    },
    setStorage(options: AsyncOptions & { key: string; data: unknown }): void {
      const error = write('setStorage', options.key, options.data);
      settle(scheduler, options, error ? { ok: false, errMsg: error } : ok('setStorage'));
    },
    getStorage(options: AsyncOptions & { key: string }): void {
      const { found, value } = read(options.key);
      settle(scheduler, options, found ? ok('getStorage', { data: value }) : fail('getStorage', 'data not found'));
    },
    removeStorage(options: AsyncOptions & { key: string }): void {
      backend.delete(options.key);
      settle(scheduler, options, ok('removeStorage'));
    },
    clearStorage(options?: AsyncOptions): void {
      backend.clear();
      settle(scheduler, options, ok('clearStorage'));
    },
    getStorageInfo(options: AsyncOptions): void {
      settle(scheduler, options, ok('getStorageInfo', info()));
    },
  };
}
