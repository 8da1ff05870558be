import type { SignInTicketRecord, StoredTicketState, TicketChange } from './signin-link-types';

/** What both SQL backends store of sign-in tickets and codes (sqlite/ and postgres/signin-links.ts). */

/** A ticket confirmed at the end of its lifetime can still be used this long after it. */
export const USE_GRACE_MS = 60_000;
/** Tickets and codes this long past their expiry are deleted when a new ticket is made. */
export const KEEP_EXPIRED_MS = 60 * 60_000;

export interface TicketRow {
  id: string;
  secret_hash: string;
  device: string;
  address: string;
  created_at: number;
  expires_at: number;
  state: StoredTicketState;
  user_id: string | null;
}

export const toTicket = (row: TicketRow): SignInTicketRecord => ({
  id: row.id,
  secretHash: row.secret_hash,
  device: row.device,
  address: row.address,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  state: row.state,
  userId: row.user_id ?? undefined,
});

/** Why a ticket did not change: the caller read it after an update that matched no row. */
export function unchanged(row: TicketRow | undefined, now: number): TicketChange {
  if (!row) return 'not-found';
  return row.expires_at <= now ? 'expired' : 'answered';
}
