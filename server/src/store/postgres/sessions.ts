import type { Kysely } from 'kysely';
import { toSession } from '../rows';
import type { SessionStore } from '../types';
import type { Database } from './schema';

/** Sessions (see types.ts), one statement each. */
export function sessionQueries(db: Kysely<Database>): SessionStore {
  return {
    async createSession(session) {
      const { id, userId, device, address, createdAt } = session;
      await db
        .insertInto('sessions')
        .values({ id, user_id: userId, device, address, created_at: createdAt, last_seen_at: createdAt })
        .execute();
      return { ...session, lastSeenAt: createdAt };
    },
    async findSession(id) {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toSession(row);
    },
    async listSessions(userId) {
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toSession);
    },
    async touchSession(id, lastSeenAt, address) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: lastSeenAt, address })
        .where('id', '=', id)
        .where('last_seen_at', '<', lastSeenAt)
        .execute();
    },
    async endSession(userId, id) {
      const deleted = await db
        .deleteFrom('sessions')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return deleted.numDeletedRows > 0n;
    },
    async endUserSessions(userId) {
      const rows = await db.deleteFrom('sessions').where('user_id', '=', userId).returning('id').execute();
      return rows.map((row) => row.id);
    },
  };
}
