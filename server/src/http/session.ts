import type { FastifyInstance, FastifyReply } from 'fastify';
import * as v from 'valibot';
import {
  REFRESH_SESSION_PATH,
  SESSION_PATH,
  SIGN_OUT_ALL_PATH,
  SessionRequestSchema,
  WECHAT_DEFAULT_NICKNAME,
  WECHAT_SESSION_PATH,
  WechatSessionRequestSchema,
} from '@tandem/protocol';
import type { SignOutAllResponse } from '@tandem/protocol';
import type { TokenService } from '../auth';
import { addressKey } from '../client-ip';
import { describeIssues } from '../errors';
import type { RateLimits } from '../rate-limits';
import type { SessionRecord, Store } from '../store/types';
import { WECHAT_RATE_LIMIT_RETRY_MS } from '../wechat';
import type { Code2SessionResult, WechatClient } from '../wechat';
import { accountRoutes } from './accounts';
import { deviceAccountRoutes } from './device-account';
import { createSessionKit } from './session-kit';
import { signInStartRoutes } from './signin-start';
import { TOKEN_REFUSED, sendError, sendRateLimited, sendUnauthorized } from './reply';

export interface SessionDeps {
  store: Store;
  tokens: TokenService;
  now: () => number;
  rateLimits: RateLimits;
  /** Undefined when WeChat sign-in is not configured. */
  wechat: WechatClient | undefined;
  /** Sends every live socket of the user `session:ended` (`signed_out`) and disconnects it. */
  disconnectUser(userId: string): void;
  /** The same for the live sockets of one session, on every node. */
  disconnectSession(sessionId: string): void;
  /** Notes that the session was seen, at most once a minute (see sessions.ts). */
  sessionSeen(session: SessionRecord, address: string): Promise<void>;
}

type WechatFailure = Exclude<Code2SessionResult, { ok: true }>['reason'];

/**
 * `POST /api/session*`: sign-in with a nickname or WeChat, token refresh, sign out everywhere; and the account routes
 * (accounts.ts) and device accounts (device-account.ts), under the same per-address limit.
 */
export async function sessionRoutes(scope: FastifyInstance, deps: SessionDeps): Promise<void> {
  // Per client address, before the body is parsed or a token checked: guessing and account farming cost the same.
  scope.addHook('onRequest', async (request, reply) => {
    const verdict = await deps.rateLimits.consume('signIn', addressKey(request.ip));
    if (!verdict.allowed) return sendRateLimited(reply, verdict.retryAfterMs, 'too many sign-ins from this address');
  });

  const kit = createSessionKit(deps);
  const { accountLimited, startSession, continueSession, authenticated } = kit;

  accountRoutes(scope, deps, kit);
  deviceAccountRoutes(scope, deps, kit);
  signInStartRoutes(scope, deps, kit);

  scope.post(SESSION_PATH, async (request, reply) => {
    const parsed = v.safeParse(SessionRequestSchema, request.body);
    if (!parsed.success) return sendError(reply, 400, 'INVALID_PAYLOAD', describeIssues(parsed.issues));
    // Each sign-in is a new user: the nickname is a display name, not an account, but it is what one person
    // farming accounts repeats.
    if (await accountLimited(reply, `nickname:${parsed.output.nickname.toLowerCase()}`)) return reply;
    const user = await deps.store.createUser(parsed.output.nickname, deps.now());
    return startSession(request, reply, user, parsed.output.device);
  });

  scope.post(WECHAT_SESSION_PATH, async (request, reply) => {
    if (!deps.wechat) return sendError(reply, 501, 'INTERNAL', 'WeChat sign-in is not configured');
    const parsed = v.safeParse(WechatSessionRequestSchema, request.body);
    if (!parsed.success) return sendError(reply, 400, 'INVALID_PAYLOAD', describeIssues(parsed.issues));
    const result = await deps.wechat.code2session(parsed.output.code);
    if (!result.ok) return sendWechatFailure(reply, result.reason);
    if (await accountLimited(reply, `wechat:${result.openid}`)) return reply;
    const nickname = parsed.output.nickname ?? WECHAT_DEFAULT_NICKNAME;
    const user = await deps.store.findOrCreateWechatUser(result.openid, nickname, deps.now());
    // The mini program's wx.request sends no MicroMessenger User-Agent everywhere: this route is WeChat's own.
    return startSession(request, reply, user, parsed.output.device ?? 'WeChat');
  });

  scope.post(REFRESH_SESSION_PATH, async (request, reply) => {
    const signedIn = await authenticated(request);
    if (!signedIn) return sendUnauthorized(reply, TOKEN_REFUSED);
    if (await accountLimited(reply, `user:${signedIn.user.id}`)) return reply;
    if (signedIn.session) await deps.sessionSeen(signedIn.session, request.ip);
    return continueSession(request, reply, signedIn);
  });

  scope.post(SIGN_OUT_ALL_PATH, async (request, reply) => {
    const signedIn = await authenticated(request);
    if (!signedIn) return sendUnauthorized(reply, TOKEN_REFUSED);
    const { user } = signedIn;
    if (await accountLimited(reply, `user:${user.id}`)) return reply;
    // Committed before the sockets drop: a reconnect with the old token is refused at its handshake. The version
    // bump also refuses tokens of no session (issued before sessions existed).
    await deps.store.bumpTokenVersion(user.id);
    await deps.store.endUserSessions(user.id);
    deps.disconnectUser(user.id);
    const body: SignOutAllResponse = {};
    return reply.header('cache-control', 'no-store').send(body);
  });
}

function sendWechatFailure(reply: FastifyReply, reason: WechatFailure) {
  switch (reason) {
    case 'invalid-code':
      return sendUnauthorized(reply, 'the WeChat login code is invalid or was already used: call wx.login again');
    case 'rate-limited':
      return sendRateLimited(reply, WECHAT_RATE_LIMIT_RETRY_MS, 'WeChat refused: too many sign-ins for this user');
    case 'blocked':
      return sendError(reply, 403, 'FORBIDDEN', 'WeChat refused this user');
    case 'unavailable':
      return sendError(reply, 502, 'INTERNAL', 'WeChat sign-in is unavailable right now, try again later');
  }
}
