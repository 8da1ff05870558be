import {
  CODE_SESSION_PATH,
  CodeSessionRequestSchema,
  CreateTicketResponseSchema,
  SIGN_IN_CODES_PATH,
  SIGN_IN_TICKETS_PATH,
  SIGN_IN_TICKET_WAIT_MS,
  SIGN_IN_TICKET_WAIT_PATH,
  SessionResponseSchema,
  SignInCodeResponseSchema,
  TicketInfoSchema,
  WaitTicketResponseSchema,
  signInTicketPath,
} from '@tandem/protocol';
import type {
  CreateTicketResponse,
  SessionResponse,
  SignInCodeResponse,
  TicketInfo,
  TicketState,
  WaitTicketResponse,
} from '@tandem/protocol';
import * as v from 'valibot';
import { postJson } from '../../platform/http';
import type { Result } from '../errors';
import { bearer, call, join, refused, withDevice } from './http';

/** The HTTP half of signing one device in from another (see the protocol's signin-links.ts). */

/** A browser's new ticket to show as a QR code (`POST /api/signin/tickets`). */
export function requestTicket(serverUrl: string): Promise<Result<CreateTicketResponse>> {
  const send = () => postJson(join(serverUrl, SIGN_IN_TICKETS_PATH), withDevice({}));
  return call('sign-in ticket', send, CreateTicketResponseSchema);
}

/** The long-poll: answers when the ticket's state is not `known` (at once, or when it changes). */
export function waitTicket(
  serverUrl: string,
  ticket: CreateTicketResponse,
  known: TicketState,
): Promise<Result<WaitTicketResponse>> {
  const body = { ticket: ticket.ticket, secret: ticket.secret, known };
  // The server holds the request open; the client waits a little longer than it does.
  const send = () => postJson(join(serverUrl, SIGN_IN_TICKET_WAIT_PATH), body, {}, SIGN_IN_TICKET_WAIT_MS + 10_000);
  return call('sign-in ticket wait', send, WaitTicketResponseSchema);
}

/** The scanning device tells the browser it was scanned, and learns which browser asks. */
export function requestTicketScan(serverUrl: string, token: string, ticket: string): Promise<Result<TicketInfo>> {
  const send = () => postJson(join(serverUrl, signInTicketPath(ticket, 'scan')), {}, bearer(token));
  return call('sign-in ticket scan', send, TicketInfoSchema);
}

/** Confirms (the browser becomes this account) or refuses the ticket. */
export function requestTicketAnswer(
  serverUrl: string,
  token: string,
  ticket: string,
  answer: 'confirm' | 'refuse',
): Promise<Result<object>> {
  const send = () => postJson(join(serverUrl, signInTicketPath(ticket, answer)), {}, bearer(token));
  return call(`sign-in ticket ${answer}`, send, v.object({}));
}

/** A code another device signs in with (`POST /api/signin/codes`). */
export function requestSignInCode(serverUrl: string, token: string): Promise<Result<SignInCodeResponse>> {
  const send = () => postJson(join(serverUrl, SIGN_IN_CODES_PATH), {}, bearer(token));
  return call('sign-in code', send, SignInCodeResponseSchema);
}

/** Signs in with another device's code (`POST /api/session/code`); `UNAUTHORIZED` when wrong, expired or used. */
export function requestCodeSession(serverUrl: string, code: string): Promise<Result<SessionResponse>> {
  const body = withDevice({ code });
  const invalid = refused(CodeSessionRequestSchema, body);
  if (invalid) return Promise.resolve(invalid);
  return call('code sign-in', () => postJson(join(serverUrl, CODE_SESSION_PATH), body), SessionResponseSchema);
}
