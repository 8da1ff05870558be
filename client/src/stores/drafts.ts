import { createStore, useStore } from 'zustand';
import { persist } from 'zustand/middleware';
import { jsonStorage, storageKeys } from './persist';
import type { PlatformStorage } from '../platform/storage';

export interface DraftsState {
  byRoom: Record<string, string>;
  setDraft(roomId: string, text: string): void;
  clearDraft(roomId: string): void;
  reset(): void;
}

export function createDraftsStore(storage?: PlatformStorage) {
  return createStore<DraftsState>()(
    persist(
      (set) => ({
        byRoom: {},
        setDraft: (roomId, text) =>
          set((state) => {
            if (text === '') {
              const byRoom = { ...state.byRoom };
              delete byRoom[roomId];
              return { byRoom };
            }
            return { byRoom: { ...state.byRoom, [roomId]: text } };
          }),
        clearDraft: (roomId) =>
          set((state) => {
            const byRoom = { ...state.byRoom };
            delete byRoom[roomId];
            return { byRoom };
          }),
        reset: () => set({ byRoom: {} }),
      }),
      {
        name: storageKeys.drafts,
        version: 1,
        storage: jsonStorage<Pick<DraftsState, 'byRoom'>>(storage),
        partialize: ({ byRoom }) => ({ byRoom }),
      },
    ),
  );
}

export const draftsStore = createDraftsStore();

export function useDrafts<T>(selector: (state: DraftsState) => T): T {
  return useStore(draftsStore, selector);
}
