import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import * as v from 'valibot';
import { UNAUTHORIZED_CONNECT_ERROR } from '@tandem/protocol';
import type { User } from '@tandem/protocol';
import type { Logger } from './logger';
import { publicUser } from './store/rows';
import type { SessionRecord, Store, UserRecord } from './store/types';
import { roomKey, sessionKey, userKey } from './io';
import type { TypedSocket } from './io';

export const SECRET_FILE = 'secret.key';

/** What a socket's handshake keeps of its `auth` once the token was read: one shared empty object. */
const NO_AUTH = Object.freeze({});

export interface IssuedToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface TokenClaims {
  userId: string;
  nickname: string;
  tokenVersion: number;
  /** Epoch ms. */
  expiresAt: number;
  /** The session the token belongs to; undefined for tokens issued before sessions existed. */
  sessionId: string | undefined;
}

export interface TokenService {
  issue(user: UserRecord, sessionId: string): Promise<IssuedToken>;
  /** What the token says, or undefined if it is malformed, forged or expired. */
  verify(token: string): Promise<TokenClaims | undefined>;
}

const ClaimsSchema = v.object({
  sub: v.pipe(v.string(), v.minLength(1)),
  nickname: v.string(),
  ver: v.pipe(v.number(), v.safeInteger()),
  exp: v.pipe(v.number(), v.safeInteger()),
  sid: v.optional(v.pipe(v.string(), v.minLength(1))),
});

/** HS256 JWTs with `sub` (user id), `nickname`, `ver` (token version), `sid` (session id) and `exp`. */
export function createTokenService(options: { secret: Uint8Array; ttlMs: number; now?: () => number }): TokenService {
  const { secret, ttlMs } = options;
  const now = options.now ?? Date.now;
  return {
    async issue(user, sessionId) {
      const issuedAt = Math.floor(now() / 1000);
      const expiresAtSeconds = Math.floor((now() + ttlMs) / 1000);
      const token = await new SignJWT({ nickname: user.nickname, ver: user.tokenVersion, sid: sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(user.id)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAtSeconds)
        .sign(secret);
      return { token, expiresAt: expiresAtSeconds * 1000 };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, secret, {
          algorithms: ['HS256'],
          requiredClaims: ['sub', 'exp'],
          currentDate: new Date(now()),
        });
        const claims = v.parse(ClaimsSchema, payload);
        return {
          userId: claims.sub,
          nickname: claims.nickname,
          tokenVersion: claims.ver,
          expiresAt: claims.exp * 1000,
          sessionId: claims.sid,
        };
      } catch {
        return undefined;
      }
    },
  };
}

/** The configured secret, else the one kept in `dataDir/<fileName>` (secret.key by default), generated (mode 0600) once. */
export function loadOrCreateSecret(
  dataDir: string,
  configured: string | undefined,
  fileName: string = SECRET_FILE,
): Uint8Array {
  if (configured !== undefined) return new TextEncoder().encode(configured);
  const file = path.join(dataDir, fileName);
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds a secret shorter than 32 characters`);
  return new TextEncoder().encode(secret);
}

/**
 * Socket.IO middleware: accepts the handshake only with a valid token of an existing user whose token version
 * matches, then subscribes the socket to its user room and to every room the user is a member of, and notes when
 * the token expires (see session-end.ts). Any refusal is a `connect_error` with the message `unauthorized`.
 */
export function authenticateSocket(deps: {
  tokens: TokenService;
  store: Store;
  logger: Logger;
  /** Notes that the session was seen (at most once a minute). */
  sessionSeen(session: SessionRecord, address: string): Promise<void>;
}) {
  return async (socket: TypedSocket, next: (error?: Error) => void) => {
    try {
      const auth: unknown = socket.handshake.auth;
      const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
      const session = await authenticateSession(deps, token);
      if (!session) {
        next(new Error(UNAUTHORIZED_CONNECT_ERROR));
        return;
      }
      const user: User = publicUser(session.user);
      socket.data.user = user;
      socket.data.expiresAt = session.expiresAt;
      socket.data.sessionId = session.session?.id;
      // Socket.IO keeps the handshake for the socket's life; the token has been read and need not stay in memory.
      socket.handshake.auth = NO_AUTH;
      // The user room first: a room:join on another device reaches this socket from now on.
      socket.join(userKey(user.id));
      // Its session's room: signing that session out reaches this socket, on whichever node it is.
      if (session.session) {
        socket.join(sessionKey(session.session.id));
        // The address stays the one HTTP saw: the handshake's headers (X-Forwarded-For) are gone by now.
        void deps.sessionSeen(session.session, session.session.address);
      }
      const roomIds = await deps.store.listRoomIdsOf(user.id);
      socket.join(roomIds.map(roomKey));
      next();
    } catch (error) {
      deps.logger.error({ err: error, socketId: socket.id }, 'handshake failed');
      next(new Error('internal error'));
    }
  };
}

/** A token that passed: its user, its session (none for a token issued before sessions) and its expiry (epoch ms). */
export interface Authenticated {
  user: UserRecord;
  session: SessionRecord | undefined;
  expiresAt: number;
}

/**
 * The user and session of a token that is well-formed, correctly signed, unexpired, of an existing user, of its
 * current token version (signing out everywhere bumps it) and, when it names a session, of a session of that user
 * that was not ended; undefined otherwise. The handshake and HTTP both use it.
 */
export async function authenticateSession(
  deps: { tokens: TokenService; store: Store },
  token: unknown,
): Promise<Authenticated | undefined> {
  if (typeof token !== 'string' || token === '') return undefined;
  const claims = await deps.tokens.verify(token);
  if (!claims) return undefined;
  const [user, session] = await Promise.all([
    deps.store.findUser(claims.userId),
    claims.sessionId === undefined ? undefined : deps.store.findSession(claims.sessionId),
  ]);
  if (!user || user.tokenVersion !== claims.tokenVersion) return undefined;
  if (claims.sessionId !== undefined && session?.userId !== user.id) return undefined;
  return { user, session, expiresAt: claims.expiresAt };
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}
