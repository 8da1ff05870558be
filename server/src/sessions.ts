import { randomBytes } from 'node:crypto';
import type { Logger } from './logger';
import type { SessionRecord, Store } from './store/types';

/** Last seen is written at most this often per session: a reconnect storm costs no write per socket. */
export const LAST_SEEN_INTERVAL_MS = 60_000;

/** 128 random bits, URL-safe: a session id cannot be guessed, and it sits in a route path. */
export const newSessionId = () => randomBytes(16).toString('base64url');

/**
 * Notes that a session was seen (token refresh, socket connect), from `address`: written when the stored time is
 * at least a minute old. Resolves when written; a failure is logged and never fails the request that saw it.
 */
export function sessionSeen(deps: { store: Store; now: () => number; logger: Logger }) {
  return async (session: SessionRecord, address: string): Promise<void> => {
    const at = deps.now();
    if (at - session.lastSeenAt < LAST_SEEN_INTERVAL_MS) return;
    try {
      await deps.store.touchSession(session.id, at, address);
    } catch (error) {
      deps.logger.warn({ err: error, sessionId: session.id }, 'could not note when the session was last seen');
    }
  };
}
