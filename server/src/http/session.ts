import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
import type { SessionResponse, SignOutAllResponse } from '@tandem/protocol';
import { authenticateSession, bearerToken } from '../auth';
import type { Authenticated, TokenService } from '../auth';
import { addressKey } from '../client-ip';
import { deviceLabel } from '../device-label';
import { newSessionId } from '../sessions';
import { describeIssues } from '../errors';
import type { RateLimits } from '../rate-limits';
import type { SessionRecord, Store, UserRecord } from '../store/types';
import { WECHAT_RATE_LIMIT_RETRY_MS } from '../wechat';
import type { Code2SessionResult, WechatClient } from '../wechat';
import { accountRoutes } from './accounts';
import { sessionUser } from '../store/rows';
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
 * (accounts.ts), under the same per-address limit.
 */
export async function sessionRoutes(scope: FastifyInstance, deps: SessionDeps): Promise<void> {
  // Per client address, before the body is parsed or a token checked: guessing and account farming cost the same.
  scope.addHook('onRequest', async (request, reply) => {
    const verdict = await deps.rateLimits.consume('signIn', addressKey(request.ip));
    if (!verdict.allowed) return sendRateLimited(reply, verdict.retryAfterMs, 'too many sign-ins from this address');
  });

  /** Per account, after the address's limit: holds one person behind an address many people share. */
  const accountLimited = async (reply: FastifyReply, account: string) => {
    const verdict = await deps.rateLimits.consume('signInAccount', account);
    if (verdict.allowed) return false;
    await sendRateLimited(reply, verdict.retryAfterMs, 'too many sign-ins for this account');
    return true;
  };

  /** A token of `session`, which the user's sign-in, refresh or claim continues. */
  const sendToken = async (reply: FastifyReply, user: UserRecord, session: SessionRecord) => {
    const { token, expiresAt } = await deps.tokens.issue(user, session.id);
    const body: SessionResponse = { token, user: sessionUser(user), expiresAt };
    return reply.header('cache-control', 'no-store').send(body);
  };
  /** A sign-in: a new session, labelled with what the client said it is or what its User-Agent says. */
  const startSession = async (request: FastifyRequest, reply: FastifyReply, user: UserRecord, device?: string) => {
    const session = await deps.store.createSession({
      id: newSessionId(),
      userId: user.id,
      device: deviceLabel(request.headers['user-agent'], device),
      address: request.ip,
      createdAt: deps.now(),
    });
    return sendToken(reply, user, session);
  };
  /** The same session goes on; a token of no session (issued before sessions existed) starts one. */
  const continueSession = (request: FastifyRequest, reply: FastifyReply, { user, session }: Authenticated) =>
    session ? sendToken(reply, user, session) : startSession(request, reply, user);
  const authenticated = (request: FastifyRequest) =>
    authenticateSession(deps, bearerToken(request.headers.authorization));

  accountRoutes(scope, deps, { accountLimited, startSession, continueSession, authenticated });

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
