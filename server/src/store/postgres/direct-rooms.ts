import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { DirectRoomStore, RoomRecord } from '../types';
import type { Database } from './schema';

/** Mirrors the SQLite store's migration (sqlite/direct-rooms.ts): one room per pair, by a unique index. */
export const DIRECT_ROOMS_MIGRATION: Migration = {
  async up(db) {
    await sql`
      ALTER TABLE rooms ADD COLUMN direct_low text REFERENCES users (id);
      ALTER TABLE rooms ADD COLUMN direct_high text REFERENCES users (id);
      CREATE UNIQUE INDEX rooms_by_direct_pair ON rooms (direct_low, direct_high) WHERE direct_low IS NOT NULL;
    `.execute(db);
  },
};

/**
 * Opening a direct conversation: the room and both memberships in one transaction. Of two racing opens, the second
 * insert waits on the unique index, then does nothing and reads the room the first committed.
 */
export function directRoomQueries(
  db: Kysely<Database>,
  findRoom: (id: string) => Promise<RoomRecord | undefined>,
): DirectRoomStore {
  return {
    async openDirectRoom({ userIds, name, creatorId, createdAt }) {
      const [low, high] = [...userIds].sort();
      if (low === undefined || high === undefined) throw new Error('openDirectRoom: two people are needed');
      const { id, created } = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('rooms')
          .values({
            id: randomUUID(),
            name,
            visibility: 'private',
            created_by: creatorId,
            owner_id: creatorId,
            created_at: createdAt,
            member_count: 2,
            direct_low: low,
            direct_high: high,
          })
          .onConflict((conflict) =>
            conflict.columns(['direct_low', 'direct_high']).where('direct_low', 'is not', null).doNothing(),
          )
          .returning('id')
          .executeTakeFirst();
        if (!inserted) {
          const existing = await trx
            .selectFrom('rooms')
            .select('id')
            .where('direct_low', '=', low)
            .where('direct_high', '=', high)
            .executeTakeFirstOrThrow();
          return { id: existing.id, created: false };
        }
        const member = (userId: string) => ({
          room_id: inserted.id,
          user_id: userId,
          joined_at: createdAt,
          read_seq: 0,
        });
        await trx
          .insertInto('memberships')
          .values([member(low), member(high)])
          .execute();
        return { id: inserted.id, created: true };
      });
      const room = await findRoom(id);
      if (!room) throw new Error(`openDirectRoom: room ${id} vanished`);
      return { room, created };
    },
  };
}
