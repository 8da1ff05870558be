import { createStore, useStore } from 'zustand';
import type { RoomRemoved, User } from '@tandem/protocol';

/**
 * Owners and safety (issue 12): the people this account blocked (the server's list, on every device; their messages
 * are hidden here) and the rooms the owner removed this user from while signed in (the chat view says so while the user is not in it).
 * Live state from the server: never persisted.
 */
export interface SafetyState {
  blocked: User[];
  removedFrom: Record<string, RoomRemoved['reason']>;
  blocksLoaded(users: User[]): void;
  removed(roomId: string, reason: RoomRemoved['reason']): void;
  reset(): void;
}

export function createSafetyStore() {
  return createStore<SafetyState>()((set) => ({
    blocked: [],
    removedFrom: {},
    blocksLoaded: (users) => set({ blocked: users }),
    removed: (roomId, reason) => set((state) => ({ removedFrom: { ...state.removedFrom, [roomId]: reason } })),
    reset: () => set({ blocked: [], removedFrom: {} }),
  }));
}

export const safetyStore = createSafetyStore();

export function useSafety<T>(selector: (state: SafetyState) => T): T {
  return useStore(safetyStore, selector);
}

export const isBlocked = (state: Pick<SafetyState, 'blocked'>, userId: string): boolean =>
  state.blocked.some((user) => user.id === userId);
