import { createStore, useStore } from 'zustand';
import { persist } from 'zustand/middleware';
import type { SessionResponse, SessionUser } from '@tandem/protocol';
import { jsonStorage, storageKeys } from './persist';
import type { PlatformStorage } from '../platform/storage';

/** A room invite opened from a link or a share card, kept until the room is joined with it (or it is refused). */
export interface PendingInvite {
  roomId: string;
  code: string;
}

/** Why the server refused an invite (an error code), for the chat page to say so. */
export interface InviteFailure {
  roomId: string;
  code: string;
}

/**
 * How the user signs in: a guest (a nickname: only this device can use it, until it claims an account), an account
 * (username and password, from any device), WeChat, or a device account (the mini program without WeChat sign-in:
 * its credential in storage signs it in again, until that storage is lost). Null for a session stored before this
 * was kept.
 */
export type AccountKind = 'guest' | 'account' | 'wechat' | 'device';

export interface SessionState {
  token: string | null;
  user: SessionUser | null;
  kind: AccountKind | null;
  /** Epoch ms after which the server refuses the token. */
  expiresAt: number | null;
  /** Epoch ms (this device's clock) when the token was received; null when unknown (a session stored before). */
  issuedAt: number | null;
  pendingInvite: PendingInvite | null;
  inviteFailure: InviteFailure | null;
  signedIn(session: SessionResponse, now?: number, kind?: AccountKind): void;
  /** The guest claimed its account: the same user, now with a username, and a fresh token. */
  claimed(session: SessionResponse, now?: number): void;
  /** A fresh token for the same user (`POST /api/session/refresh`). */
  refreshed(session: SessionResponse, now?: number): void;
  /** The user's own profile changed (here or on another device): the same user, its new name and avatar. */
  profileChanged(user: SessionUser): void;
  /** Forgets the credentials; a pending invite stays, so signing in again still leads to its room. */
  signedOut(): void;
  inviteReceived(invite: PendingInvite): void;
  /** The join with the pending invite of `roomId` is over: accepted (`errorCode` null) or refused. */
  inviteSettled(roomId: string, errorCode: string | null): void;
}

type PersistedSession = Pick<SessionState, 'token' | 'user' | 'kind' | 'expiresAt' | 'issuedAt' | 'pendingInvite'>;

export function createSessionStore(storage?: PlatformStorage) {
  return createStore<SessionState>()(
    persist(
      (set, get) => ({
        token: null,
        user: null,
        kind: null,
        expiresAt: null,
        issuedAt: null,
        pendingInvite: null,
        inviteFailure: null,
        signedIn: ({ token, user, expiresAt }, now = Date.now(), kind) =>
          set({ token, user, expiresAt, issuedAt: now, kind: kind ?? null }),
        claimed: ({ token, user, expiresAt }, now = Date.now()) =>
          set({ token, user, expiresAt, issuedAt: now, kind: 'account' }),
        refreshed: ({ token, user, expiresAt }, now = Date.now()) => set({ token, user, expiresAt, issuedAt: now }),
        profileChanged: (user) => {
          const current = get().user;
          if (current?.id !== user.id) return;
          // A user:updated carries no username: the account keeps the one it has.
          set({ user: { ...user, ...(current.username ? { username: current.username } : {}) } });
        },
        signedOut: () => set({ token: null, user: null, kind: null, expiresAt: null, issuedAt: null }),
        inviteReceived: (invite) => set({ pendingInvite: invite, inviteFailure: null }),
        inviteSettled: (roomId, errorCode) => {
          if (get().pendingInvite?.roomId !== roomId) return;
          set({ pendingInvite: null, inviteFailure: errorCode === null ? null : { roomId, code: errorCode } });
        },
      }),
      {
        name: storageKeys.session,
        version: 3,
        storage: jsonStorage<PersistedSession>(storage),
        partialize: ({ token, user, kind, expiresAt, issuedAt, pendingInvite }) => ({
          token,
          user,
          kind,
          expiresAt,
          issuedAt,
          pendingInvite,
        }),
        // Version 1 had no issuedAt and no pending invite: the age of its token is unknown. Before version 3 how the
        // user signed in was not kept (null: no guest warning, which a WeChat user must not get).
        migrate: (persisted) =>
          ({ issuedAt: null, pendingInvite: null, kind: null, ...(persisted as object) }) as PersistedSession,
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

/** When the token is past half its lifetime and should be renewed; at once when its age is unknown. */
export function refreshDueAt(state: Pick<SessionState, 'expiresAt' | 'issuedAt'>): number {
  if (state.expiresAt === null || state.issuedAt === null) return 0;
  return state.issuedAt + (state.expiresAt - state.issuedAt) / 2;
}
