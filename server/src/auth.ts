import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import * as v from 'valibot';
import { UNAUTHORIZED_CONNECT_ERROR } from '@tandem/protocol';
import type { User } from '@tandem/protocol';
import type { Logger } from './logger';
import type { Store, UserRecord } from './store/types';
import { roomKey, userKey } from './io';
import type { TypedSocket } from './io';

export const SECRET_FILE = 'secret.key';

/** What a socket's handshake keeps of its `auth` once the token was read: one shared empty object. */
const NO_AUTH = Object.freeze({});

export interface IssuedToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface TokenService {
  issue(user: UserRecord): Promise<IssuedToken>;
  /** The user the token names and when it expires (epoch ms), or undefined if it is malformed, forged or expired. */
  verify(
    token: string,
  ): Promise<{ userId: string; nickname: string; tokenVersion: number; expiresAt: number } | undefined>;
}

const ClaimsSchema = v.object({
  sub: v.pipe(v.string(), v.minLength(1)),
  nickname: v.string(),
  ver: v.pipe(v.number(), v.safeInteger()),
  exp: v.pipe(v.number(), v.safeInteger()),
});

/** HS256 JWTs with `sub` (user id), `nickname`, `ver` (token version) and `exp`. */
export function createTokenService(options: { secret: Uint8Array; ttlMs: number; now?: () => number }): TokenService {
  const { secret, ttlMs } = options;
  const now = options.now ?? Date.now;
  return {
    async issue(user) {
      const issuedAt = Math.floor(now() / 1000);
      const expiresAtSeconds = Math.floor((now() + ttlMs) / 1000);
      const token = await new SignJWT({ nickname: user.nickname, ver: user.tokenVersion })
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
        };
      } catch {
        return undefined;
      }
    },
  };
}

/** The configured secret, else the one kept in `dataDir/secret.key`, generated (mode 0600) on first start. */
export function loadOrCreateSecret(dataDir: string, configured: string | undefined): Uint8Array {
  if (configured !== undefined) return new TextEncoder().encode(configured);
  const file = path.join(dataDir, SECRET_FILE);
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
export function authenticateSocket(deps: { tokens: TokenService; store: Store; logger: Logger }) {
  return async (socket: TypedSocket, next: (error?: Error) => void) => {
    try {
      const auth: unknown = socket.handshake.auth;
      const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
      const session = await authenticateSession(deps, token);
      if (!session) {
        next(new Error(UNAUTHORIZED_CONNECT_ERROR));
        return;
      }
      const user: User = { id: session.user.id, nickname: session.user.nickname };
      socket.data.user = user;
      socket.data.expiresAt = session.expiresAt;
      // Socket.IO keeps the handshake for the socket's life; the token has been read and need not stay in memory.
      socket.handshake.auth = NO_AUTH;
      // The user room first: a room:join on another device reaches this socket from now on.
      socket.join(userKey(user.id));
      const roomIds = await deps.store.listRoomIdsOf(user.id);
      socket.join(roomIds.map(roomKey));
      next();
    } catch (error) {
      deps.logger.error({ err: error, socketId: socket.id }, 'handshake failed');
      next(new Error('internal error'));
    }
  };
}

/**
 * The user of a token that is well-formed, correctly signed, unexpired, of an existing user and of its current
 * token version (signing out everywhere bumps it); undefined otherwise. The handshake and HTTP both use it.
 */
export async function authenticateToken(
  deps: { tokens: TokenService; store: Store },
  token: unknown,
): Promise<UserRecord | undefined> {
  return (await authenticateSession(deps, token))?.user;
}

/** `authenticateToken` with the token's expiry (epoch ms). */
async function authenticateSession(
  deps: { tokens: TokenService; store: Store },
  token: unknown,
): Promise<{ user: UserRecord; expiresAt: number } | undefined> {
  if (typeof token !== 'string' || token === '') return undefined;
  const claims = await deps.tokens.verify(token);
  if (!claims) return undefined;
  const user = await deps.store.findUser(claims.userId);
  if (!user || user.tokenVersion !== claims.tokenVersion) return undefined;
  return { user, expiresAt: claims.expiresAt };
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}
