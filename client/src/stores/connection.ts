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
  connecting(attempt: number): void;
  online(): void;
  retryScheduled(attempt: number, nextRetryAt: number, error: string | null): void;
  offline(reason: OfflineReason): void;
}

const initialState = {
  status: 'offline' as ConnectionStatus,
  attempt: 0,
  nextRetryAt: null,
  offlineReason: 'stopped' as OfflineReason | null,
  lastError: null,
};

export function createConnectionStore() {
  return createStore<ConnectionState>()((set) => ({
    ...initialState,
    connecting: (attempt) =>
      set({ status: attempt > 0 ? 'reconnecting' : 'connecting', attempt, nextRetryAt: null, offlineReason: null }),
    online: () => set({ status: 'online', attempt: 0, nextRetryAt: null, offlineReason: null, lastError: null }),
    retryScheduled: (attempt, nextRetryAt, error) =>
      set({ status: 'reconnecting', attempt, nextRetryAt, offlineReason: null, lastError: error }),
    offline: (reason) => set({ status: 'offline', nextRetryAt: null, offlineReason: reason }),
  }));
}

export const connectionStore = createConnectionStore();

export function useConnection<T>(selector: (state: ConnectionState) => T): T {
  return useStore(connectionStore, selector);
}
