import type { Kysely } from 'kysely';
import type { User } from '@tandem/protocol';
import { toMember } from '../rows';
import { toReport } from '../safety-rows';
import type { SafetyStore } from '../safety-types';
import type { RoomRecord } from '../types';
import type { Database } from './schema';

/** Owners and safety (issue 12): each method one statement. */
export function safetyQueries(
  db: Kysely<Database>,
  findRoom: (id: string) => Promise<RoomRecord | undefined>,
): SafetyStore {
  const updateRoom = async (roomId: string, set: { name: string } | { owner_id: string }) => {
    const result = await db.updateTable('rooms').set(set).where('id', '=', roomId).executeTakeFirst();
    return result.numUpdatedRows === 1n ? findRoom(roomId) : undefined;
  };
  return {
    renameRoom: (roomId, name) => updateRoom(roomId, { name }),
    setRoomOwner: (roomId, ownerId) => updateRoom(roomId, { owner_id: ownerId }),
    async banUser(roomId, userId, bannedAt) {
      const rows = await db
        .insertInto('room_bans')
        .values({ room_id: roomId, user_id: userId, banned_at: bannedAt })
        .onConflict((conflict) => conflict.doNothing())
        .returning('user_id')
        .execute();
      return rows.length === 1;
    },
    async unbanUser(roomId, userId) {
      const result = await db
        .deleteFrom('room_bans')
        .where('room_id', '=', roomId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return result.numDeletedRows === 1n;
    },
    async isBanned(roomId, userId) {
      const row = await db
        .selectFrom('room_bans')
        .select('user_id')
        .where('room_id', '=', roomId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },
    async blockUser(blockerId, blockedId, createdAt) {
      const rows = await db
        .insertInto('user_blocks')
        .values({ blocker_id: blockerId, blocked_id: blockedId, created_at: createdAt })
        .onConflict((conflict) => conflict.doNothing())
        .returning('blocked_id')
        .execute();
      return rows.length === 1;
    },
    async unblockUser(blockerId, blockedId) {
      const result = await db
        .deleteFrom('user_blocks')
        .where('blocker_id', '=', blockerId)
        .where('blocked_id', '=', blockedId)
        .executeTakeFirst();
      return result.numDeletedRows === 1n;
    },
    async listBlocked(blockerId): Promise<User[]> {
      const rows = await db
        .selectFrom('user_blocks as b')
        .innerJoin('users as u', 'u.id', 'b.blocked_id')
        .select(['u.id', 'u.nickname', 'u.avatar_version'])
        .where('b.blocker_id', '=', blockerId)
        .orderBy('b.created_at')
        .orderBy('u.id')
        .execute();
      return rows.map(toMember);
    },
    async isBlockedBetween(userId, otherId) {
      const row = await db
        .selectFrom('user_blocks')
        .select('blocked_id')
        .where((eb) =>
          eb.or([
            eb.and([eb('blocker_id', '=', userId), eb('blocked_id', '=', otherId)]),
            eb.and([eb('blocker_id', '=', otherId), eb('blocked_id', '=', userId)]),
          ]),
        )
        .executeTakeFirst();
      return row !== undefined;
    },
    async isDirectBlocked(roomId) {
      const row = await db
        .selectFrom('rooms as r')
        .innerJoin('user_blocks as b', (join) =>
          join.on((eb) =>
            eb.or([
              eb.and([
                eb('b.blocker_id', '=', eb.ref('r.direct_low')),
                eb('b.blocked_id', '=', eb.ref('r.direct_high')),
              ]),
              eb.and([
                eb('b.blocker_id', '=', eb.ref('r.direct_high')),
                eb('b.blocked_id', '=', eb.ref('r.direct_low')),
              ]),
            ]),
          ),
        )
        .select('r.id')
        .where('r.id', '=', roomId)
        .executeTakeFirst();
      return row !== undefined;
    },
    async reportMessage({ id, roomId, messageId, reporterId, reason, createdAt }) {
      // The snapshot is read in the insert itself: no message, no row.
      const row = await db
        .insertInto('message_reports')
        .columns(['id', 'room_id', 'message_id', 'seq', 'sender_id', 'text', 'reporter_id', 'reason', 'created_at'])
        .expression((eb) =>
          eb
            .selectFrom('messages as m')
            .select((s) => [
              s.val(id).as('id'),
              'm.room_id',
              'm.id',
              'm.seq',
              'm.sender_id',
              'm.text',
              s.val(reporterId).as('reporter_id'),
              s.val(reason ?? null).as('reason'),
              s.val(createdAt).as('created_at'),
            ])
            .where('m.id', '=', messageId)
            .where('m.room_id', '=', roomId),
        )
        .returningAll()
        .executeTakeFirst();
      return row && toReport(row);
    },
    async listReports() {
      const rows = await db.selectFrom('message_reports').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toReport);
    },
  };
}
