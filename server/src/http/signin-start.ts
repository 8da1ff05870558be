import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import {
  CODE_SESSION_PATH,
  CodeSessionRequestSchema,
  CreateTicketRequestSchema,
  SIGN_IN_TICKETS_PATH,
  SIGN_IN_TICKET_TTL_MS,
  TICKET_QR_PREFIX,
} from '@tandem/protocol';
import type { CreateTicketResponse } from '@tandem/protocol';
import { deviceLabel } from '../device-label';
import { describeIssues } from '../errors';
import type { Store } from '../store/types';
import { sendError, sendUnauthorized } from './reply';
import type { SessionKit } from './session-kit';

interface SignInStartDeps {
  store: Store;
  now: () => number;
}

/** The browser's secret is stored as this hash: a copy of the database cannot wait on anyone's ticket. */
export const hashTicketSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

const WRONG_CODE = 'this sign-in code is wrong, expired or was already used';

/**
 * The two sign-in-link routes a device that is not signed in calls, under the sign-in routes' per-address limit:
 * a browser starting a ticket to scan (`POST /api/signin/tickets`), and signing in with another device's code
 * (`POST /api/session/code`). The rest of the ticket's life is in signin-links.ts.
 */
export function signInStartRoutes(scope: FastifyInstance, deps: SignInStartDeps, kit: SessionKit): void {
  scope.post(SIGN_IN_TICKETS_PATH, async (request, reply) => {
    const parsed = v.safeParse(CreateTicketRequestSchema, request.body ?? {});
    if (!parsed.success) return sendError(reply, 400, 'INVALID_PAYLOAD', describeIssues(parsed.issues));
    const ticket = randomBytes(16).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    const createdAt = deps.now();
    const expiresAt = createdAt + SIGN_IN_TICKET_TTL_MS;
    await deps.store.createTicket({
      id: ticket,
      secretHash: hashTicketSecret(secret),
      device: deviceLabel(request.headers['user-agent'], parsed.output.device),
      address: request.ip,
      createdAt,
      expiresAt,
    });
    const body: CreateTicketResponse = { ticket, secret, qr: `${TICKET_QR_PREFIX}${ticket}`, expiresAt };
    return reply.header('cache-control', 'no-store').send(body);
  });

  scope.post(CODE_SESSION_PATH, async (request, reply) => {
    const parsed = v.safeParse(CodeSessionRequestSchema, request.body);
    if (!parsed.success) return sendError(reply, 400, 'INVALID_PAYLOAD', describeIssues(parsed.issues));
    const { code, device } = parsed.output;
    const userId = await deps.store.useSignInCode(code, deps.now());
    const user = userId === undefined ? undefined : await deps.store.findUser(userId);
    if (!user) return sendUnauthorized(reply, WRONG_CODE);
    return kit.startSession(request, reply, user, device);
  });
}
