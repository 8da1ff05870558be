/**
 * Sign-in tickets and codes (see @tandem/protocol's signin-links.ts): how one device signs another in. Times are
 * epoch ms; the caller passes `now`, so tests move the clock.
 */

/** What is stored of a ticket's life; `expired` is not stored: a ticket past `expiresAt` unanswered is expired. */
export type StoredTicketState = 'pending' | 'scanned' | 'confirmed' | 'refused' | 'used';

export interface SignInTicketRecord {
  id: string;
  /** SHA-256 (hex) of the browser's secret; the secret itself is never stored. */
  secretHash: string;
  /** The asking browser, as a session's device label, and its address. */
  device: string;
  address: string;
  createdAt: number;
  expiresAt: number;
  state: StoredTicketState;
  /** The user who confirmed it. */
  userId?: string | undefined;
}

export type NewSignInTicket = Omit<SignInTicketRecord, 'state' | 'userId'>;

/** A scan or answer: the ticket as stored after it, or why nothing changed. */
export type TicketChange = SignInTicketRecord | 'not-found' | 'expired' | 'answered';

export type TicketAnswer = { confirmedBy: string } | 'refused';

export interface SignInCode {
  code: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

export interface SignInLinkStore {
  /** Stores a new ticket, and forgets tickets and codes that expired an hour before `createdAt`. */
  createTicket(ticket: NewSignInTicket): Promise<void>;
  findTicket(id: string): Promise<SignInTicketRecord | undefined>;
  /** pending -> scanned; a scanned one stays scanned. `expired` past its lifetime, `answered` once answered. */
  scanTicket(id: string, now: number): Promise<TicketChange>;
  /** pending or scanned -> confirmed (by the user) or refused, atomically: of two racing answers one wins. */
  answerTicket(id: string, answer: TicketAnswer, now: number): Promise<TicketChange>;
  /** confirmed -> used when the secret matches, within a minute after the ticket's lifetime; the confirming user's id. */
  useTicket(id: string, secretHash: string, now: number): Promise<string | undefined>;
  /** False when the code is taken (by a code still stored): the caller draws another. */
  createSignInCode(code: SignInCode): Promise<boolean>;
  /** The code's user, once: a used or expired code answers undefined. */
  useSignInCode(code: string, now: number): Promise<string | undefined>;
}
