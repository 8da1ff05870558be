import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { KEEP_EXPIRED_MS, USE_GRACE_MS, toTicket, unchanged } from '../signin-link-rows';
import type { TicketRow } from '../signin-link-rows';
import type { SignInLinkStore, TicketChange } from '../signin-link-types';
import type { Database } from './schema';

/** The row of a ticket (../signin-link-rows.ts). */
export type SignInTicketsTable = TicketRow;

export interface SignInCodesTable {
  code: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

/** Sign-in tickets and codes (see signin-link-types.ts): each change is one conditional statement, so races settle. */
export function signInLinkQueries(db: Kysely<Database>): SignInLinkStore {
  const findTicket = async (id: string) =>
    db.selectFrom('signin_tickets').selectAll().where('id', '=', id).executeTakeFirst();
  const change = async (
    id: string,
    now: number,
    values: Partial<Pick<TicketRow, 'state' | 'user_id'>>,
  ): Promise<TicketChange> => {
    const row = await db
      .updateTable('signin_tickets')
      .set(values)
      .where('id', '=', id)
      .where('state', 'in', ['pending', 'scanned'])
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    return row ? toTicket(row) : unchanged(await findTicket(id), now);
  };
  return {
    async createTicket(ticket) {
      const forgetBefore = ticket.createdAt - KEEP_EXPIRED_MS;
      await db.deleteFrom('signin_tickets').where('expires_at', '<', forgetBefore).execute();
      await db.deleteFrom('signin_codes').where('expires_at', '<', forgetBefore).execute();
      const { id, secretHash, device, address, createdAt, expiresAt } = ticket;
      await db
        .insertInto('signin_tickets')
        .values({
          id,
          secret_hash: secretHash,
          device,
          address,
          created_at: createdAt,
          expires_at: expiresAt,
          state: 'pending',
          user_id: null,
        })
        .execute();
    },
    async findTicket(id) {
      const row = await findTicket(id);
      return row && toTicket(row);
    },
    scanTicket: (id, now) => change(id, now, { state: 'scanned' }),
    answerTicket: (id, answer, now) =>
      change(
        id,
        now,
        answer === 'refused' ? { state: 'refused' } : { state: 'confirmed', user_id: answer.confirmedBy },
      ),
    async useTicket(id, secretHash, now) {
      const row = await db
        .updateTable('signin_tickets')
        .set({ state: 'used' })
        .where('id', '=', id)
        .where('secret_hash', '=', secretHash)
        .where('state', '=', 'confirmed')
        .where('expires_at', '>', now - USE_GRACE_MS)
        .returning('user_id')
        .executeTakeFirst();
      return row?.user_id ?? undefined;
    },
    async createSignInCode({ code, userId, createdAt, expiresAt }) {
      // A code that expired but was not forgotten yet no longer holds its value.
      await db.deleteFrom('signin_codes').where('code', '=', code).where('expires_at', '<', createdAt).execute();
      const inserted = await db
        .insertInto('signin_codes')
        .values({ code, user_id: userId, created_at: createdAt, expires_at: expiresAt })
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      return (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },
    async useSignInCode(code, now) {
      const row = await db
        .deleteFrom('signin_codes')
        .where('code', '=', code)
        .where('expires_at', '>', now)
        .returning('user_id')
        .executeTakeFirst();
      return row?.user_id;
    },
  };
}

/** Mirrors the SQLite store's migration (sqlite/signin-links.ts). */
export const SIGN_IN_LINKS_MIGRATION: Migration = {
  async up(db) {
    await sql`
      CREATE TABLE signin_tickets (
        id text PRIMARY KEY,
        secret_hash text NOT NULL,
        device text NOT NULL,
        address text NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'scanned', 'confirmed', 'refused', 'used')),
        user_id text REFERENCES users (id)
      );
      CREATE INDEX signin_tickets_by_expiry ON signin_tickets (expires_at);
      CREATE TABLE signin_codes (
        code text PRIMARY KEY,
        user_id text NOT NULL REFERENCES users (id),
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL
      );
      CREATE INDEX signin_codes_by_expiry ON signin_codes (expires_at);
    `.execute(db);
  },
};
