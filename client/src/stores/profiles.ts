import { createStore, useStore } from 'zustand';
import type { User } from '@tandem/protocol';

/**
 * The newest name and avatar of each user whose profile changed while we listened (`user:updated`). Messages keep
 * the sender they were stored with; whoever shows a user looks here first, so an old message shows the new name
 * without rewriting the history. Live state: never persisted (a new join brings the current users anyway).
 */
export interface ProfilesState {
  byId: Record<string, User>;
  updated(user: User): void;
  reset(): void;
}

export function createProfilesStore() {
  return createStore<ProfilesState>()((set) => ({
    byId: {},
    updated: (user) => set((state) => ({ byId: { ...state.byId, [user.id]: user } })),
    reset: () => set({ byId: {} }),
  }));
}

export const profilesStore = createProfilesStore();

/** `user` as it is now: its newest profile when it changed, else as given. */
export function useCurrentUser(user: User): User {
  return useStore(profilesStore, (state) => state.byId[user.id]) ?? user;
}
