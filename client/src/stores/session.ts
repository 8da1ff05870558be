import { createStore, useStore } from 'zustand';
import { persist } from 'zustand/middleware';
import type { SessionResponse, User } from '@tandem/protocol';
import { jsonStorage, storageKeys } from './persist';
import type { PlatformStorage } from '../platform/storage';

export interface SessionState {
  token: string | null;
  user: User | null;
  /** Epoch ms after which the server refuses the token. */
  expiresAt: number | null;
  signedIn(session: SessionResponse): void;
  signedOut(): void;
}

type PersistedSession = Pick<SessionState, 'token' | 'user' | 'expiresAt'>;

export function createSessionStore(storage?: PlatformStorage) {
  return createStore<SessionState>()(
    persist(
      (set) => ({
        token: null,
        user: null,
        expiresAt: null,
        signedIn: ({ token, user, expiresAt }) => set({ token, user, expiresAt }),
        signedOut: () => set({ token: null, user: null, expiresAt: null }),
      }),
      {
        name: storageKeys.session,
        version: 1,
        storage: jsonStorage<PersistedSession>(storage),
        partialize: ({ token, user, expiresAt }) => ({ token, user, expiresAt }),
      },
    ),
  );
}

export const sessionStore = createSessionStore();

export function useSession<T>(selector: (state: SessionState) => T): T {
  return useStore(sessionStore, selector);
}

/** A token that has not expired, or null. */
export function validToken(state: Pick<SessionState, 'token' | 'expiresAt'>, now = Date.now()): string | null {
  if (!state.token) return null;
  if (state.expiresAt !== null && state.expiresAt <= now) return null;
  return state.token;
}
