import * as v from 'valibot';
import { SessionResponseSchema } from './http';
import { DeviceLabelSchema } from './sessions';

/**
 * Signing one device in from another, without typing a password:
 * - Scan to sign in: a browser shows a QR code of a one-time ticket; a signed-in mini program scans it, sees which
 *   browser asks, and confirms or refuses. The browser waits for the answer on a long-poll and, on a confirm, gets a
 *   session of the same account. The ticket alone grants nothing: only its secret (which never leaves the browser)
 *   together with a signed-in user's confirm does.
 * - Sign-in code: a signed-in device shows a short code (as text and as a QR code); whoever enters it on another
 *   device within its lifetime, once, is signed into the same account.
 */

/** How long a ticket can be confirmed, and a sign-in code used. */
export const SIGN_IN_TICKET_TTL_MS = 2 * 60_000;
/** The ticket: 128 random bits, base64url. */
const TICKET_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** The browser's secret: 256 random bits, base64url. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Sign-in codes: 8 characters without look-alikes (no 0/O, 1/I/L): 40 bits. */
export const SIGN_IN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const SIGN_IN_CODE_LENGTH = 8;
/** The longest a waiting request is held open before it answers with the state unchanged. */
export const SIGN_IN_TICKET_WAIT_MS = 25_000;

export const SignInTicketSchema = v.pipe(v.string(), v.regex(TICKET_PATTERN, 'must be a sign-in ticket'));

/** What a QR code says: `tandem:ticket:<ticket>` (scan to sign in) or `tandem:code:<code>` (a sign-in code). */
export const TICKET_QR_PREFIX = 'tandem:ticket:';
export const CODE_QR_PREFIX = 'tandem:code:';

/** Letter case, spaces and hyphens do not matter in a typed code. */
export const normalizeSignInCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

export const SignInCodeSchema = v.pipe(
  v.string(),
  v.maxLength(SIGN_IN_CODE_LENGTH * 4),
  v.transform(normalizeSignInCode),
  v.length(SIGN_IN_CODE_LENGTH, `must be ${SIGN_IN_CODE_LENGTH} characters`),
  v.check(
    (code) => [...code].every((char) => SIGN_IN_CODE_ALPHABET.includes(char)),
    'must be letters and digits of a sign-in code',
  ),
);

export type ScannedSignIn = { kind: 'ticket'; ticket: string } | { kind: 'code'; code: string };

/** What a scanned QR code asks, or undefined when it is not one of ours. */
export function parseSignInQr(text: string): ScannedSignIn | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith(TICKET_QR_PREFIX)) {
    const ticket = trimmed.slice(TICKET_QR_PREFIX.length);
    return v.is(SignInTicketSchema, ticket) ? { kind: 'ticket', ticket } : undefined;
  }
  if (trimmed.startsWith(CODE_QR_PREFIX)) {
    const parsed = v.safeParse(SignInCodeSchema, trimmed.slice(CODE_QR_PREFIX.length));
    return parsed.success ? { kind: 'code', code: parsed.output } : undefined;
  }
  return undefined;
}

/** `POST /api/signin/tickets` body: the browser may name itself, like any sign-in. */
export const CreateTicketRequestSchema = v.object({ device: v.optional(DeviceLabelSchema) });
export type CreateTicketRequest = v.InferInput<typeof CreateTicketRequestSchema>;

/** A new ticket: `ticket` goes into the QR code; `secret` stays in the browser, which waits with it. */
export const CreateTicketResponseSchema = v.object({
  ticket: v.string(),
  secret: v.string(),
  qr: v.string(),
  expiresAt: v.number(),
});
export type CreateTicketResponse = v.InferOutput<typeof CreateTicketResponseSchema>;

/**
 * A ticket's life: `pending` until a mini program scans it (`scanned`), then `confirmed` or `refused`; `expired`
 * once its lifetime passed unconfirmed; `used` once the browser took its session.
 */
export const TICKET_STATES = ['pending', 'scanned', 'confirmed', 'refused', 'expired', 'used'] as const;
export const TicketStateSchema = v.picklist(TICKET_STATES);
export type TicketState = v.InferOutput<typeof TicketStateSchema>;

/** `POST /api/signin/tickets/wait` body: answers at once when the state is not `known`, else when it changes. */
export const WaitTicketRequestSchema = v.object({
  ticket: SignInTicketSchema,
  secret: v.pipe(v.string(), v.regex(SECRET_PATTERN, 'must be the ticket secret')),
  known: v.optional(TicketStateSchema),
});
export type WaitTicketRequest = v.InferInput<typeof WaitTicketRequestSchema>;

/** The ticket's state; with `confirmed`, the browser's new session (given once: the ticket is `used` after). */
export const WaitTicketResponseSchema = v.object({
  state: TicketStateSchema,
  session: v.optional(SessionResponseSchema),
});
export type WaitTicketResponse = v.InferOutput<typeof WaitTicketResponseSchema>;

/** What the scanning mini program shows before its user confirms: which browser asks, from where. */
export const TicketInfoSchema = v.object({
  device: v.string(),
  address: v.string(),
  createdAt: v.number(),
  expiresAt: v.number(),
});
export type TicketInfo = v.InferOutput<typeof TicketInfoSchema>;

/** `POST /api/signin/codes` answer: the code, its QR text, and when it stops working. */
export const SignInCodeResponseSchema = v.object({ code: v.string(), qr: v.string(), expiresAt: v.number() });
export type SignInCodeResponse = v.InferOutput<typeof SignInCodeResponseSchema>;

/** `POST /api/session/code` body. */
export const CodeSessionRequestSchema = v.object({ code: SignInCodeSchema, device: v.optional(DeviceLabelSchema) });
export type CodeSessionRequest = v.InferInput<typeof CodeSessionRequestSchema>;

/** `POST`: `CreateTicketRequest` -> `CreateTicketResponse`. No token: the browser is not signed in. */
export const SIGN_IN_TICKETS_PATH = '/api/signin/tickets';
/** `POST`: `WaitTicketRequest` -> `WaitTicketResponse`, held open up to `SIGN_IN_TICKET_WAIT_MS`. */
export const SIGN_IN_TICKET_WAIT_PATH = '/api/signin/tickets/wait';
/**
 * `POST` with the mini program's token -> `TicketInfo`, and the browser hears `scanned`. 404 `NOT_FOUND` for an
 * unknown ticket, 410 `EXPIRED` for one expired or already answered.
 */
export const SIGN_IN_TICKET_SCAN_PATH = '/api/signin/tickets/:ticket/scan';
/** `POST` with the mini program's token -> `{}`: the browser becomes this account. Errors as for scan. */
export const SIGN_IN_TICKET_CONFIRM_PATH = '/api/signin/tickets/:ticket/confirm';
/** `POST` with the mini program's token -> `{}`: the browser is told no. Errors as for scan. */
export const SIGN_IN_TICKET_REFUSE_PATH = '/api/signin/tickets/:ticket/refuse';
export const signInTicketPath = (ticket: string, action: 'scan' | 'confirm' | 'refuse') =>
  `/api/signin/tickets/${encodeURIComponent(ticket)}/${action}`;
/** `POST` with a token -> `SignInCodeResponse`: a code that signs another device into this account, once. */
export const SIGN_IN_CODES_PATH = '/api/signin/codes';
/** `POST`: `CodeSessionRequest` -> `SessionResponse`; 401 `UNAUTHORIZED` for a wrong, expired or used code. */
export const CODE_SESSION_PATH = '/api/session/code';
