import { createStore, useStore } from 'zustand';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';

/** Why the app is offline: no network, in the background, signed out, or the server refused the session. */
export type OfflineReason = 'network' | 'background' | 'stopped' | 'unauthorized';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Reconnection attempts since the last successful connection. */
  attempt: number;
  /** Epoch ms of the next reconnection attempt while `reconnecting` and waiting. */
  nextRetryAt: number | null;
  offlineReason: OfflineReason | null;
  /** The last connection error, for diagnostics. */
  lastError: string | null;
  /** A storage key whose last write failed (storage full): what changed since is not saved. */
  storageFailedKey: string | null;
  connecting(attempt: number): void;
  online(): void;
  retryScheduled(attempt: number, nextRetryAt: number, error: string | null): void;
  offline(reason: OfflineReason): void;
  storageWritten(key: string, ok: boolean): void;
}

const initialState = {
  status: 'offline' as ConnectionStatus,
  attempt: 0,
  nextRetryAt: null,
  offlineReason: 'stopped' as OfflineReason | null,
  lastError: null,
  storageFailedKey: null,
};

export function createConnectionStore() {
  return createStore<ConnectionState>()((set, get) => ({
    ...initialState,
    connecting: (attempt) =>
      set({ status: attempt > 0 ? 'reconnecting' : 'connecting', attempt, nextRetryAt: null, offlineReason: null }),
    online: () => set({ status: 'online', attempt: 0, nextRetryAt: null, offlineReason: null, lastError: null }),
    retryScheduled: (attempt, nextRetryAt, error) =>
      set({ status: 'reconnecting', attempt, nextRetryAt, offlineReason: null, lastError: error }),
    offline: (reason) => set({ status: 'offline', nextRetryAt: null, offlineReason: reason }),
    storageWritten: (key, ok) => {
      if (!ok) set({ storageFailedKey: key });
      else if (get().storageFailedKey === key) set({ storageFailedKey: null });
    },
  }));
}

export const connectionStore = createConnectionStore();

export function useConnection<T>(selector: (state: ConnectionState) => T): T {
  return useStore(connectionStore, selector);
}
