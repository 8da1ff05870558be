import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import {
  ACCOUNTS_PATH,
  AccountRequestSchema,
  CLAIM_ACCOUNT_PATH,
  ClaimAccountRequestSchema,
  PASSWORD_SESSION_PATH,
  PasswordSessionRequestSchema,
} from '@tandem/protocol';
import { describeIssues } from '../errors';
import { hashPassword, verifyPassword } from '../passwords';
import type { Store } from '../store/types';
import { TOKEN_REFUSED, sendError, sendUnauthorized } from './reply';
import type { SessionKit } from './session-kit';

interface AccountDeps {
  store: Store;
  now: () => number;
}

/** One answer for an unknown username and a wrong password, so neither tells which usernames exist. */
const WRONG_CREDENTIALS = 'wrong username or password';
const USERNAME_TAKEN = 'this username is taken';

/** Limits per username, whatever its letter case: guessing one account's password from many addresses. */
const usernameKey = (username: string) => `username:${username.toLowerCase()}`;

/**
 * Accounts with a username and a password: sign up (`POST /api/accounts`), sign in (`POST /api/session/password`)
 * and a nickname guest claiming its account (`POST /api/accounts/claim`). Registered inside the session routes'
 * scope, so the per-address sign-in limit applies before the body is read.
 */
export function accountRoutes(scope: FastifyInstance, deps: AccountDeps, kit: SessionKit): void {
  scope.post(ACCOUNTS_PATH, async (request, reply) => {
    const parsed = v.safeParse(AccountRequestSchema, request.body);
    if (!parsed.success) return sendError(reply, 400, 'INVALID_PAYLOAD', describeIssues(parsed.issues));
    const { username, password, nickname, device } = parsed.output;
    if (await kit.accountLimited(reply, usernameKey(username))) return reply;
    const passwordHash = await hashPassword(password);
    const user = await deps.store.createAccount({
      username,
      passwordHash,
      nickname: nickname ?? username,
      createdAt: deps.now(),
    });
    if (!user) return sendError(reply, 409, 'CONFLICT', USERNAME_TAKEN);
    return kit.startSession(request, reply, user, device);
  });

  scope.post(PASSWORD_SESSION_PATH, async (request, reply) => {
    const parsed = v.safeParse(PasswordSessionRequestSchema, request.body);
    if (!parsed.success) return sendError(reply, 400, 'INVALID_PAYLOAD', describeIssues(parsed.issues));
    const { username, password, device } = parsed.output;
    if (await kit.accountLimited(reply, usernameKey(username))) return reply;
    const credentials = await deps.store.findCredentials(username);
    // An unknown username is verified against a decoy hash: it takes as long as a wrong password.
    const matches = await verifyPassword(credentials?.passwordHash, password);
    if (!credentials || !matches) return sendUnauthorized(reply, WRONG_CREDENTIALS);
    return kit.startSession(request, reply, credentials.user, device);
  });

  scope.post(CLAIM_ACCOUNT_PATH, async (request, reply) => {
    const signedIn = await kit.authenticated(request);
    if (!signedIn) return sendUnauthorized(reply, TOKEN_REFUSED);
    const guest = signedIn.user;
    const parsed = v.safeParse(ClaimAccountRequestSchema, request.body);
    if (!parsed.success) return sendError(reply, 400, 'INVALID_PAYLOAD', describeIssues(parsed.issues));
    if (await kit.accountLimited(reply, `user:${guest.id}`)) return reply;
    const { username, password } = parsed.output;
    const claimed = await deps.store.claimAccount(guest.id, username, await hashPassword(password));
    switch (claimed) {
      case 'username-taken':
        return sendError(reply, 409, 'CONFLICT', USERNAME_TAKEN);
      case 'already-claimed':
        return sendError(reply, 409, 'CONFLICT', 'this account already has a username or signs in with WeChat');
      case 'not-found':
        return sendUnauthorized(reply, TOKEN_REFUSED);
      default:
        // The guest's session goes on as the account's.
        return kit.continueSession(request, reply, { ...signedIn, user: claimed });
    }
  });
}
