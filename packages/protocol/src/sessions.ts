import * as v from 'valibot';
import { trimmedText } from './requests';

/**
 * Devices and sessions: each sign-in is a session (one device), named by the `sid` claim of its tokens. A user lists
 * its sessions and ends any one of them; ending a session never ends the account.
 */

/** Longest device label a client may send with a sign-in (`device`), once trimmed. */
export const DEVICE_LABEL_MAX_LENGTH = 64;

/** The optional `device` field of the sign-in bodies: how the client names itself (otherwise the server guesses). */
export const DeviceLabelSchema = trimmedText(DEVICE_LABEL_MAX_LENGTH);

/** One session of the signed-in user. Times are epoch milliseconds. */
export const SessionInfoSchema = v.object({
  id: v.string(),
  /** "WeChat", or the browser and OS, e.g. "Chrome on macOS"; or what the client named itself. */
  device: v.string(),
  createdAt: v.number(),
  /** Updated at most once a minute (token refresh, socket connect). */
  lastSeenAt: v.number(),
  /** The client's address at its sign-in or last refresh/connect. */
  address: v.string(),
  /** The session of the token that asked. */
  current: v.boolean(),
});
export type SessionInfo = v.InferOutput<typeof SessionInfoSchema>;

/** `GET /api/sessions`: the user's sessions, newest first. */
export const SessionListResponseSchema = v.object({ sessions: v.array(SessionInfoSchema) });
export type SessionListResponse = v.InferOutput<typeof SessionListResponseSchema>;

/** A session id in a route path. */
export const SessionIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_-]+$/));

/** 200 answer of `POST /api/sessions/:id/signout` and `POST /api/session/signout`. */
export const SessionSignOutResponseSchema = v.object({});
export type SessionSignOutResponse = v.InferOutput<typeof SessionSignOutResponseSchema>;

/** `GET` with `Authorization: Bearer <token>` -> `SessionListResponse`. */
export const SESSIONS_PATH = '/api/sessions';
/** `POST` with `Authorization: Bearer <token>` -> `{}`: ends one session of the user; 404 `NOT_FOUND` otherwise. */
export const SESSION_SIGN_OUT_PATH = '/api/sessions/:id/signout';
export const sessionSignOutPath = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/signout`;
/** `POST` with `Authorization: Bearer <token>` -> `{}`: ends the token's own session (a normal sign-out). */
export const SIGN_OUT_PATH = '/api/session/signout';
