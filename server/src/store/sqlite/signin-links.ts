import type Database from 'better-sqlite3';
import type { NewSignInTicket, SignInCode, SignInTicketRecord, TicketAnswer, TicketChange } from '../signin-link-types';
import { KEEP_EXPIRED_MS, USE_GRACE_MS, toTicket, unchanged } from '../signin-link-rows';
import type { TicketRow } from '../signin-link-rows';

function statements(db: Database.Database) {
  return {
    findTicket: db.prepare<[string], TicketRow>('SELECT * FROM signin_tickets WHERE id = ?'),
    insertTicket: db.prepare(
      `INSERT INTO signin_tickets (id, secret_hash, device, address, created_at, expires_at, state)
       VALUES (?, ?, ?, ?, ?, ?, 'pending')`,
    ),
    forgetTickets: db.prepare('DELETE FROM signin_tickets WHERE expires_at < ?'),
    forgetCodes: db.prepare('DELETE FROM signin_codes WHERE expires_at < ?'),
    scanTicket: db.prepare<[string, number], TicketRow>(
      `UPDATE signin_tickets SET state = 'scanned'
       WHERE id = ? AND state IN ('pending', 'scanned') AND expires_at > ? RETURNING *`,
    ),
    answerTicket: db.prepare<[string, string | null, string, number], TicketRow>(
      `UPDATE signin_tickets SET state = ?, user_id = ?
       WHERE id = ? AND state IN ('pending', 'scanned') AND expires_at > ? RETURNING *`,
    ),
    useTicket: db.prepare<[string, string, number], { user_id: string }>(
      `UPDATE signin_tickets SET state = 'used'
       WHERE id = ? AND secret_hash = ? AND state = 'confirmed' AND expires_at > ? - ${USE_GRACE_MS} RETURNING user_id`,
    ),
    insertCode: db.prepare(
      'INSERT INTO signin_codes (code, user_id, created_at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    useCode: db.prepare<[string, number], { user_id: string }>(
      'DELETE FROM signin_codes WHERE code = ? AND expires_at > ? RETURNING user_id',
    ),
  };
}

/** The reader thread's share: looking a ticket up. */
export function signInLinkReads(db: Database.Database) {
  const sql = statements(db);
  return {
    findTicket: (id: string): SignInTicketRecord | undefined => {
      const row = sql.findTicket.get(id);
      return row && toTicket(row);
    },
  };
}

/** The writer thread's share; each runs in its own savepoint of the writer's batch. */
export function signInLinkWrites(db: Database.Database) {
  const sql = statements(db);
  return {
    createTicket: db.transaction((ticket: NewSignInTicket): void => {
      const { id, secretHash, device, address, createdAt, expiresAt } = ticket;
      sql.forgetTickets.run(createdAt - KEEP_EXPIRED_MS);
      sql.forgetCodes.run(createdAt - KEEP_EXPIRED_MS);
      sql.insertTicket.run(id, secretHash, device, address, createdAt, expiresAt);
    }),
    scanTicket: db.transaction((id: string, now: number): TicketChange => {
      const row = sql.scanTicket.get(id, now);
      return row ? toTicket(row) : unchanged(sql.findTicket.get(id), now);
    }),
    answerTicket: db.transaction((id: string, answer: TicketAnswer, now: number): TicketChange => {
      const [state, userId] = answer === 'refused' ? ['refused', null] : ['confirmed', answer.confirmedBy];
      const row = sql.answerTicket.get(state, userId, id, now);
      return row ? toTicket(row) : unchanged(sql.findTicket.get(id), now);
    }),
    useTicket: db.transaction(
      (id: string, secretHash: string, now: number): string | undefined =>
        sql.useTicket.get(id, secretHash, now)?.user_id,
    ),
    createSignInCode: db.transaction((code: SignInCode): boolean => {
      // A code that expired but was not forgotten yet no longer holds its value.
      sql.forgetCodes.run(code.createdAt);
      return sql.insertCode.run(code.code, code.userId, code.createdAt, code.expiresAt).changes === 1;
    }),
    useSignInCode: db.transaction(
      (code: string, now: number): string | undefined => sql.useCode.get(code, now)?.user_id,
    ),
  };
}

/**
 * Tickets: the ticket is 128 random bits and grants nothing alone, so it is the key; the browser's secret is kept
 * as its hash. Codes are deleted when used, so a code is single-use and its value free again.
 */
export const SIGN_IN_LINKS_MIGRATION = `
  CREATE TABLE signin_tickets (
    id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    device TEXT NOT NULL,
    address TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'scanned', 'confirmed', 'refused', 'used')),
    user_id TEXT REFERENCES users (id)
  ) STRICT;
  CREATE INDEX signin_tickets_by_expiry ON signin_tickets (expires_at);

  CREATE TABLE signin_codes (
    code TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX signin_codes_by_expiry ON signin_codes (expires_at);
`;
