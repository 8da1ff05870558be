import { sql } from 'kysely';
import { MENTION_ALL } from '@tandem/protocol';
import type { Kysely } from 'kysely';
import type { ReadStore } from '../types';
import type { Database } from './schema';

/** Read state, on the membership rows (see types.ts); the sender's own reads are in append_messages. */
/** The unread messages of membership `s` that mention its user or everyone: range reads of the mentions' key. */
const unreadMentions = sql<number>`(SELECT count(DISTINCT mm.seq)::int FROM message_mentions mm
  WHERE mm.user_id IN (s.user_id, ${MENTION_ALL}) AND mm.room_id = s.room_id AND mm.seq > s.read_seq)`.as('mentions');

export function readQueries(db: Kysely<Database>): ReadStore {
  const readSeqOf = (roomId: string, userId: string) =>
    db
      .selectFrom('memberships')
      .select('read_seq')
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .executeTakeFirst();

  return {
    async listMemberships(userId) {
      const rows = await db
        .selectFrom('memberships as s')
        .select(['s.room_id', 's.read_seq', unreadMentions])
        .where('s.user_id', '=', userId)
        .execute();
      return rows.map((row) => ({ roomId: row.room_id, readSeq: row.read_seq, mentions: row.mentions }));
    },
    async countUnreadMentions(roomId, userId) {
      const row = await db
        .selectFrom('memberships as s')
        .select(unreadMentions)
        .where('s.room_id', '=', roomId)
        .where('s.user_id', '=', userId)
        .executeTakeFirst();
      return row?.mentions ?? 0;
    },
    async listReadPositions(roomId) {
      const rows = await db
        .selectFrom('memberships')
        .select(['user_id', 'read_seq'])
        .where('room_id', '=', roomId)
        .orderBy('user_id')
        .execute();
      return rows.map((row) => ({ userId: row.user_id, readSeq: row.read_seq }));
    },
    async findReadSeq(roomId, userId) {
      return (await readSeqOf(roomId, userId))?.read_seq;
    },
    /**
     * One conditional UPDATE: a concurrent mark of the same row makes it wait, then re-check the condition on the
     * committed value, so the stored seq only grows. When it did not move, a second read says where it is.
     */
    async markRead(roomId, userId, seq) {
      const target = sql<number>`least(${seq}, (SELECT r.last_seq FROM rooms r WHERE r.id = ${roomId}))`;
      const moved = await db
        .updateTable('memberships')
        .set({ read_seq: target })
        .where('room_id', '=', roomId)
        .where('user_id', '=', userId)
        .where('read_seq', '<', target)
        .returning('read_seq')
        .executeTakeFirst();
      if (moved) return { readSeq: moved.read_seq, moved: true };
      const current = await readSeqOf(roomId, userId);
      return current && { readSeq: current.read_seq, moved: false };
    },
  };
}
