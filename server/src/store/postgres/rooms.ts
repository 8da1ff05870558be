import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { User } from '@tandem/protocol';
import { toInvite, toMember, toRoom } from '../rows';
import type { RoomRow } from '../rows';
import type { Invite, NewRoom, RoomRecord, RoomStore } from '../types';
import type { Database } from './schema';

/**
 * The room store's methods, each ONE statement: a write that touches two tables does it with a data-modifying CTE,
 * so it is atomic without an explicit transaction and costs a single round trip.
 */
export function roomQueries(db: Kysely<Database>): RoomStore {
  /** A room with its last message (the row shape of ../rows.ts). */
  const rooms = () =>
    db
      .selectFrom('rooms as r')
      .leftJoin('messages as m', (join) => join.onRef('m.room_id', '=', 'r.id').onRef('m.seq', '=', 'r.last_seq'))
      .leftJoin('users as u', 'u.id', 'm.sender_id')
      .leftJoin('users as dl', 'dl.id', 'r.direct_low')
      .leftJoin('users as dh', 'dh.id', 'r.direct_high')
      .select([
        'r.direct_low',
        'dl.nickname as direct_low_nickname',
        'r.direct_high',
        'dh.nickname as direct_high_nickname',
        'dl.avatar_version as direct_low_avatar_version',
        'dh.avatar_version as direct_high_avatar_version',
      ])
      .select(['r.id', 'r.name', 'r.visibility', 'r.created_at', 'r.last_seq', 'r.member_count', 'r.owner_id'])
      .select('m.id as m_id')
      .select(['m.room_id', 'm.seq', 'm.client_id', 'm.sender_id', 'u.nickname as sender_nickname', 'm.text'])
      .select(['u.avatar_version as sender_avatar_version', 'm.reply', 'm.mentions'])
      .select(['m.created_at as m_created_at', 'm.edited_at', 'm.state', 'm.change_seq'])
      .select(['r.change_seq as room_change_seq']);
  const findRoom = async (id: string): Promise<RoomRecord | undefined> => {
    const row = await rooms().where('r.id', '=', id).executeTakeFirst();
    return row && toRoom(row as RoomRow);
  };

  return {
    async createRoom(room: NewRoom): Promise<RoomRecord> {
      const id = randomUUID();
      const { name, visibility, creatorId, createdAt } = room;
      await db
        .with('room', (q) =>
          q
            .insertInto('rooms')
            .values({
              id,
              name,
              visibility,
              created_by: creatorId,
              owner_id: creatorId,
              created_at: createdAt,
              member_count: 1,
            })
            .returning('id'),
        )
        .insertInto('memberships')
        .columns(['room_id', 'user_id', 'joined_at'])
        .expression((eb) =>
          eb
            .selectFrom('room')
            .select((s) => ['room.id', s.val(creatorId).as('user_id'), s.val(createdAt).as('joined_at')]),
        )
        .execute();
      return { id, name, visibility, memberCount: 1, lastSeq: 0, createdAt, ownerId: creatorId };
    },
    findRoom,
    async listVisibleRooms(userId) {
      const rows = await rooms()
        .where((eb) =>
          eb.or([
            eb('r.visibility', '=', 'public'),
            eb.exists(
              eb
                .selectFrom('memberships as s')
                .select('s.room_id')
                .whereRef('s.room_id', '=', 'r.id')
                .where('s.user_id', '=', userId),
            ),
          ]),
        )
        .orderBy('r.created_at')
        .orderBy('r.id')
        .execute();
      return rows.map((row) => toRoom(row as RoomRow));
    },
    async addMember(roomId, userId, joinedAt) {
      const result = await db
        .with('added', (q) =>
          q
            .insertInto('memberships')
            // A new member has read what was there before it joined.
            .values((eb) => ({
              room_id: roomId,
              user_id: userId,
              joined_at: joinedAt,
              read_seq: eb.selectFrom('rooms').select('last_seq').where('id', '=', roomId),
            }))
            .onConflict((conflict) => conflict.columns(['room_id', 'user_id']).doNothing())
            .returning('room_id'),
        )
        .updateTable('rooms')
        .set((eb) => ({ member_count: eb('member_count', '+', 1) }))
        .where('id', 'in', (eb) => eb.selectFrom('added').select('room_id'))
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async removeMember(roomId, userId) {
      const result = await db
        .with('removed', (q) =>
          q.deleteFrom('memberships').where('room_id', '=', roomId).where('user_id', '=', userId).returning('room_id'),
        )
        .updateTable('rooms')
        .set((eb) => ({ member_count: eb('member_count', '-', 1) }))
        .where('id', 'in', (eb) => eb.selectFrom('removed').select('room_id'))
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async isMember(roomId, userId) {
      const row = await db
        .selectFrom('memberships')
        .select('room_id')
        .where('room_id', '=', roomId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },
    async listMembers(roomId): Promise<User[]> {
      const rows = await db
        .selectFrom('memberships as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['u.id', 'u.nickname', 'u.avatar_version'])
        .where('s.room_id', '=', roomId)
        .orderBy('s.joined_at')
        .orderBy('u.id')
        .execute();
      return rows.map(toMember);
    },
    async listRoomIdsOf(userId) {
      const rows = await db.selectFrom('memberships').select('room_id').where('user_id', '=', userId).execute();
      return rows.map((row) => row.room_id);
    },
    async createInvite(invite: Invite) {
      const { code, roomId, createdBy, createdAt, expiresAt } = invite;
      await db
        .insertInto('invites')
        .values({ code, room_id: roomId, created_by: createdBy, created_at: createdAt, expires_at: expiresAt })
        .execute();
    },
    async findInvite(code) {
      const row = await db.selectFrom('invites').selectAll().where('code', '=', code).executeTakeFirst();
      return row && toInvite(row);
    },
  };
}
