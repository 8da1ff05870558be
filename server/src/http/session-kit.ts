import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionResponse } from '@tandem/protocol';
import { authenticateSession, bearerToken } from '../auth';
import type { Authenticated, TokenService } from '../auth';
import { deviceLabel } from '../device-label';
import type { RateLimits } from '../rate-limits';
import { newSessionId } from '../sessions';
import { sessionUser } from '../store/rows';
import type { SessionRecord, Store, UserRecord } from '../store/types';
import { sendRateLimited } from './reply';

/** What every sign-in route does the same way: the session routes, the account routes and the sign-in links. */
export interface SessionKit {
  /** Consumes the per-account sign-in limit; true (and the 429 sent) when it is spent. */
  accountLimited(reply: FastifyReply, account: string): Promise<boolean>;
  /** A sign-in: starts a session (labelled `device`, or from the User-Agent) and answers with its token. */
  startSession(request: FastifyRequest, reply: FastifyReply, user: UserRecord, device?: string): Promise<FastifyReply>;
  /** A sign-in's session and token, for answers that carry them inside a larger body. */
  newSession(request: FastifyRequest, user: UserRecord, device?: string): Promise<SessionResponse>;
  /** Answers with a token of the authenticated session, which goes on. */
  continueSession(request: FastifyRequest, reply: FastifyReply, signedIn: Authenticated): Promise<FastifyReply>;
  /** The user and session of the request's bearer token, or undefined. */
  authenticated(request: FastifyRequest): Promise<Authenticated | undefined>;
}

export interface SessionKitDeps {
  store: Store;
  tokens: TokenService;
  now: () => number;
  rateLimits: RateLimits;
}

export function createSessionKit(deps: SessionKitDeps): SessionKit {
  /** Per account, after the address's limit: holds one person behind an address many people share. */
  const accountLimited = async (reply: FastifyReply, account: string) => {
    const verdict = await deps.rateLimits.consume('signInAccount', account);
    if (verdict.allowed) return false;
    await sendRateLimited(reply, verdict.retryAfterMs, 'too many sign-ins for this account');
    return true;
  };

  /** A token of `session`, which the user's sign-in, refresh or claim continues. */
  const sessionResponse = async (user: UserRecord, session: SessionRecord): Promise<SessionResponse> => {
    const { token, expiresAt } = await deps.tokens.issue(user, session.id);
    return { token, user: sessionUser(user), expiresAt };
  };
  const sendSession = (reply: FastifyReply, body: SessionResponse) =>
    reply.header('cache-control', 'no-store').send(body);

  /** A sign-in: a new session, labelled with what the client said it is or what its User-Agent says. */
  const newSession = async (request: FastifyRequest, user: UserRecord, device?: string) => {
    const session = await deps.store.createSession({
      id: newSessionId(),
      userId: user.id,
      device: deviceLabel(request.headers['user-agent'], device),
      address: request.ip,
      createdAt: deps.now(),
    });
    return sessionResponse(user, session);
  };
  const startSession = async (request: FastifyRequest, reply: FastifyReply, user: UserRecord, device?: string) =>
    sendSession(reply, await newSession(request, user, device));
  /** The same session goes on; a token of no session (issued before sessions existed) starts one. */
  const continueSession = async (request: FastifyRequest, reply: FastifyReply, { user, session }: Authenticated) =>
    session ? sendSession(reply, await sessionResponse(user, session)) : startSession(request, reply, user);
  const authenticated = (request: FastifyRequest) =>
    authenticateSession(deps, bearerToken(request.headers.authorization));

  return { accountLimited, startSession, newSession, continueSession, authenticated };
}
