import type { SessionInfo } from '@tandem/protocol';
import { sessionStore } from '../../stores/session';
import { chatServerUrl } from '../current';
import { failure } from '../errors';
import type { RequestError, Result } from '../errors';
import { requestSessionList, requestSessionSignOut } from './http';

/**
 * Devices: the signed-in user's sessions, and signing one of them out. The server drops that session's sockets and
 * refuses its tokens; this device's session goes on (signing this one out is `signOut`).
 */

/** The user's sessions, newest first; `current` marks this device's. */
export async function listDevices(): Promise<Result<SessionInfo[]>> {
  const { token } = sessionStore.getState();
  if (!token) return failure('UNAUTHORIZED', 'not signed in');
  const result = await requestSessionList(chatServerUrl(), token);
  return result.ok ? { ok: true, data: result.data.sessions } : result;
}

/** Ends another session of the user; null when it is ended (or was already: `NOT_FOUND` means it is gone). */
export async function signOutDevice(sessionId: string): Promise<RequestError | null> {
  const { token } = sessionStore.getState();
  if (!token) return { code: 'UNAUTHORIZED', message: 'not signed in' };
  const result = await requestSessionSignOut(chatServerUrl(), token, sessionId);
  if (result.ok || result.error.code === 'NOT_FOUND') return null;
  return result.error;
}
