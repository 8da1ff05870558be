import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import {
  AVATARS_PATH,
  AVATAR_MAX_BYTES,
  ID_MAX_LENGTH,
  PROFILE_AVATAR_PATH,
  PROFILE_PATH,
  ProfileRequestSchema,
} from '@tandem/protocol';
import type { ProfileResponse, User } from '@tandem/protocol';
import { authenticateSession, bearerToken } from '../auth';
import type { TokenService } from '../auth';
import { reencodeAvatar } from '../avatar-image';
import { describeIssues } from '../errors';
import type { RateLimits } from '../rate-limits';
import { publicUser, sessionUser } from '../store/rows';
import type { Store, UserRecord } from '../store/types';
import { TOKEN_REFUSED, sendError, sendRateLimited, sendUnauthorized } from './reply';

export interface ProfileDeps {
  store: Store;
  tokens: TokenService;
  now: () => number;
  rateLimits: RateLimits;
  /** Makes the changed user visible: its live sockets on every node, its rooms' members (user-updates.ts). */
  userUpdated(user: User): Promise<void>;
}

const ParamsSchema = v.object({ userId: v.pipe(v.string(), v.minLength(1), v.maxLength(ID_MAX_LENGTH)) });
const QuerySchema = v.object({ v: v.optional(v.string()) });
/** An avatar URL names its version: the bytes behind it never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

declare module 'fastify' {
  interface FastifyRequest {
    /** The profile routes' signed-in user, set by their onRequest hook. */
    profileUser?: UserRecord;
  }
}

/** `GET /api/avatars/:userId`: public, as `<image src>` cannot send a token (a mini program's neither). */
export function avatarRoutes(app: FastifyInstance, deps: Pick<ProfileDeps, 'store'>): void {
  app.get(`${AVATARS_PATH}/:userId`, async (request, reply) => {
    const params = v.safeParse(ParamsSchema, request.params);
    const avatar = params.success ? await deps.store.findAvatar(params.output.userId) : undefined;
    if (!avatar) return sendError(reply, 404, 'NOT_FOUND', 'no avatar');
    const query = v.safeParse(QuerySchema, request.query);
    const current = query.success && query.output.v === String(avatar.version);
    return reply
      .header('cache-control', current ? IMMUTABLE : 'no-cache')
      .type('image/webp')
      .send(Buffer.from(avatar.bytes.buffer, avatar.bytes.byteOffset, avatar.bytes.byteLength));
  });
}

/**
 * The signed-in user's profile: `POST /api/profile` (display name), `POST /api/profile/avatar` (the image's raw
 * bytes) and `DELETE /api/profile/avatar`. The token and the per-user limit are checked before a body is read.
 */
export async function profileRoutes(scope: FastifyInstance, deps: ProfileDeps): Promise<void> {
  scope.addHook('onRequest', async (request, reply) => {
    const signedIn = await authenticateSession(deps, bearerToken(request.headers.authorization));
    if (!signedIn) return sendUnauthorized(reply, TOKEN_REFUSED);
    const verdict = await deps.rateLimits.consume('profileWrite', signedIn.user.id);
    if (!verdict.allowed) return sendRateLimited(reply, verdict.retryAfterMs, 'too many profile changes, slow down');
    request.profileUser = signedIn.user;
  });
  // Only in this scope: raw image bytes, as `wx.request` sends an ArrayBuffer and a browser a Blob.
  for (const type of ['application/octet-stream', /^image\/[a-z0-9.+-]+$/i]) {
    scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: AVATAR_MAX_BYTES }, (_request, body, done) =>
      done(null, body),
    );
  }

  const answer = async (reply: FastifyReply, user: UserRecord | undefined) => {
    // The user was deleted between its token check and the write: its token is worth nothing now.
    if (!user) return sendUnauthorized(reply, TOKEN_REFUSED);
    await deps.userUpdated(publicUser(user));
    const body: ProfileResponse = { user: sessionUser(user) };
    return reply.header('cache-control', 'no-store').send(body);
  };
  const userOf = (request: FastifyRequest) => request.profileUser as UserRecord;

  scope.post(PROFILE_PATH, async (request, reply) => {
    const parsed = v.safeParse(ProfileRequestSchema, request.body);
    if (!parsed.success) return sendError(reply, 400, 'INVALID_PAYLOAD', describeIssues(parsed.issues));
    return answer(reply, await deps.store.setNickname(userOf(request).id, parsed.output.nickname));
  });

  scope.post(PROFILE_AVATAR_PATH, { bodyLimit: AVATAR_MAX_BYTES }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
      return sendError(reply, 400, 'INVALID_PAYLOAD', 'send the image bytes as application/octet-stream or image/*');
    }
    const image = await reencodeAvatar(request.body);
    if (!image.ok) return sendError(reply, 400, 'INVALID_PAYLOAD', image.reason);
    return answer(reply, await deps.store.setAvatar(userOf(request).id, image.webp, deps.now()));
  });

  scope.delete(PROFILE_AVATAR_PATH, async (request, reply) =>
    answer(reply, await deps.store.removeAvatar(userOf(request).id)),
  );
}
