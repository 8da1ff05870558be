import { randomInt, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import {
  CODE_QR_PREFIX,
  SIGN_IN_CODES_PATH,
  SIGN_IN_CODE_ALPHABET,
  SIGN_IN_CODE_LENGTH,
  SIGN_IN_TICKET_CONFIRM_PATH,
  SIGN_IN_TICKET_REFUSE_PATH,
  SIGN_IN_TICKET_SCAN_PATH,
  SIGN_IN_TICKET_TTL_MS,
  SIGN_IN_TICKET_WAIT_MS,
  SIGN_IN_TICKET_WAIT_PATH,
  SignInTicketSchema,
  WaitTicketRequestSchema,
} from '@tandem/protocol';
import type { SignInCodeResponse, TicketInfo, TicketState, WaitTicketResponse } from '@tandem/protocol';
import type { Authenticated } from '../auth';
import { describeIssues } from '../errors';
import type { SignInTicketRecord, TicketAnswer } from '../store/signin-link-types';
import type { TicketWaiters } from '../signin-waiters';
import { TOKEN_REFUSED, sendError, sendRateLimited, sendUnauthorized } from './reply';
import { createSessionKit } from './session-kit';
import type { SessionKitDeps } from './session-kit';
import { hashTicketSecret } from './signin-start';

export interface SignInLinkDeps extends SessionKitDeps {
  ticketWaiters: TicketWaiters;
}

/** Requests one browser may hold open on its ticket at once (a reload or a second tab, not a flood). */
const MAX_WAITERS_PER_TICKET = 4;
/** A waiter re-reads its ticket at least this often, should a node's wake-up be lost. */
const RECHECK_MS = 5_000;
const NO_SUCH_TICKET = 'no such sign-in ticket';
const ParamsSchema = v.object({ ticket: SignInTicketSchema });

/** The state a browser is told: an unanswered ticket past its lifetime is expired. */
function stateOf(ticket: SignInTicketRecord | undefined, now: number): TicketState {
  if (!ticket) return 'expired';
  const open = ticket.state === 'pending' || ticket.state === 'scanned';
  return open && ticket.expiresAt <= now ? 'expired' : ticket.state;
}

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const drawCode = () =>
  Array.from(
    { length: SIGN_IN_CODE_LENGTH },
    () => SIGN_IN_CODE_ALPHABET[randomInt(SIGN_IN_CODE_ALPHABET.length)],
  ).join('');

/**
 * Scan to sign in, after the browser made its ticket (signin-start.ts): the browser waits on it
 * (`POST /api/signin/tickets/wait`, a long-poll woken on any node by a change); a signed-in mini program scans it,
 * then confirms or refuses. Also `POST /api/signin/codes`: a signed-in device's code for another device.
 */
export function signInLinkRoutes(app: FastifyInstance, deps: SignInLinkDeps): void {
  const kit = createSessionKit(deps);
  const { store, ticketWaiters, now } = deps;

  /** The signed-in user, within its per-account limit; otherwise the answer is sent and undefined returned. */
  const signedIn = async (request: FastifyRequest, reply: FastifyReply): Promise<Authenticated | undefined> => {
    const found = await kit.authenticated(request);
    if (!found) {
      await sendUnauthorized(reply, TOKEN_REFUSED);
      return undefined;
    }
    return (await kit.accountLimited(reply, `links:${found.user.id}`)) ? undefined : found;
  };

  app.post(SIGN_IN_TICKET_WAIT_PATH, async (request, reply) => {
    const parsed = v.safeParse(WaitTicketRequestSchema, request.body);
    if (!parsed.success) return sendError(reply, 400, 'INVALID_PAYLOAD', describeIssues(parsed.issues));
    const { ticket: id, secret, known } = parsed.output;
    const secretHash = hashTicketSecret(secret);
    let ticket = await store.findTicket(id);
    // A wrong secret is answered like an unknown ticket: the ticket from the QR code tells nothing more.
    if (!ticket || !sameHash(ticket.secretHash, secretHash)) return sendError(reply, 404, 'NOT_FOUND', NO_SUCH_TICKET);
    if (ticketWaiters.count(id) >= MAX_WAITERS_PER_TICKET) {
      return sendRateLimited(reply, 1_000, 'this ticket is already being waited on');
    }
    const gone = new AbortController();
    reply.raw.on('close', () => gone.abort());
    const deadline = performance.now() + SIGN_IN_TICKET_WAIT_MS;
    const answer = (body: WaitTicketResponse) => reply.header('cache-control', 'no-store').send(body);
    for (;;) {
      const state = stateOf(ticket, now());
      if (state === 'confirmed') {
        const userId = await store.useTicket(id, secretHash, now());
        const user = userId === undefined ? undefined : await store.findUser(userId);
        if (user && ticket) return answer({ state, session: await kit.newSession(request, user, ticket.device) });
        // Another request of this browser took it, or its time ran out: read what it is now.
        ticket = await store.findTicket(id);
        const after = stateOf(ticket, now());
        return answer({ state: after === 'confirmed' ? 'expired' : after });
      }
      const left = deadline - performance.now();
      if (state !== known || left <= 0 || gone.signal.aborted || ticketWaiters.closed) return answer({ state });
      const untilExpiry = ticket ? Math.max(0, ticket.expiresAt - now()) + 10 : left;
      await ticketWaiters.wait(id, Math.min(left, untilExpiry, RECHECK_MS), gone.signal);
      ticket = await store.findTicket(id);
    }
  });

  app.post(SIGN_IN_TICKET_SCAN_PATH, async (request, reply) => {
    const user = await signedIn(request, reply);
    if (!user) return reply;
    const params = v.safeParse(ParamsSchema, request.params);
    if (!params.success) return sendError(reply, 404, 'NOT_FOUND', NO_SUCH_TICKET);
    const changed = await store.scanTicket(params.output.ticket, now());
    if (typeof changed === 'string') return sendTicketGone(reply, changed);
    ticketWaiters.changed(changed.id);
    const { device, address, createdAt, expiresAt } = changed;
    const body: TicketInfo = { device, address, createdAt, expiresAt };
    return reply.header('cache-control', 'no-store').send(body);
  });

  const answerRoute = (path: string, answerOf: (signedIn: Authenticated) => TicketAnswer) =>
    app.post(path, async (request, reply) => {
      const user = await signedIn(request, reply);
      if (!user) return reply;
      const params = v.safeParse(ParamsSchema, request.params);
      if (!params.success) return sendError(reply, 404, 'NOT_FOUND', NO_SUCH_TICKET);
      const changed = await store.answerTicket(params.output.ticket, answerOf(user), now());
      if (typeof changed === 'string') return sendTicketGone(reply, changed);
      ticketWaiters.changed(changed.id);
      return reply.header('cache-control', 'no-store').send({});
    });
  answerRoute(SIGN_IN_TICKET_CONFIRM_PATH, ({ user }) => ({ confirmedBy: user.id }));
  answerRoute(SIGN_IN_TICKET_REFUSE_PATH, () => 'refused');

  app.post(SIGN_IN_CODES_PATH, async (request, reply) => {
    const found = await signedIn(request, reply);
    if (!found) return reply;
    const createdAt = now();
    const expiresAt = createdAt + SIGN_IN_TICKET_TTL_MS;
    // 31^8 codes: a clash with a live one is rare, and four in a row means something else is wrong.
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const code = drawCode();
      if (await store.createSignInCode({ code, userId: found.user.id, createdAt, expiresAt })) {
        const body: SignInCodeResponse = { code, qr: `${CODE_QR_PREFIX}${code}`, expiresAt };
        return reply.header('cache-control', 'no-store').send(body);
      }
    }
    return sendError(reply, 500, 'INTERNAL', 'could not draw a free sign-in code, try again');
  });
}

function sendTicketGone(reply: FastifyReply, why: 'not-found' | 'expired' | 'answered') {
  switch (why) {
    case 'not-found':
      return sendError(reply, 404, 'NOT_FOUND', NO_SUCH_TICKET);
    case 'expired':
      return sendError(reply, 410, 'EXPIRED', 'this sign-in QR code has expired: refresh it in the browser');
    case 'answered':
      return sendError(reply, 410, 'EXPIRED', 'this sign-in QR code was already answered');
  }
}
