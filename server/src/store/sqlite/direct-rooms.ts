import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DirectRoomOpened, NewDirectRoom, RoomRecord } from '../types';
import { readOperations } from './operations';
import type { Statements } from './statements';

/**
 * A direct conversation is a private room marked with its two people (`direct_low` < `direct_high`); a unique
 * index on the pair makes it one room per pair, however many opens race.
 */
export const DIRECT_ROOMS_MIGRATION = `
  ALTER TABLE rooms ADD COLUMN direct_low TEXT REFERENCES users (id);
  ALTER TABLE rooms ADD COLUMN direct_high TEXT REFERENCES users (id);
  CREATE UNIQUE INDEX rooms_by_direct_pair ON rooms (direct_low, direct_high) WHERE direct_low IS NOT NULL;
`;

/** The writer thread's share, run in its own savepoint of the writer's batch. */
export function directRoomWrites(db: Database.Database, sql: Statements) {
  const { findRoom } = readOperations(sql);
  const findPair = db.prepare<[string, string], { id: string }>(
    'SELECT id FROM rooms WHERE direct_low = ? AND direct_high = ?',
  );
  const insertDirect = db.prepare(
    `INSERT INTO rooms (id, name, visibility, created_by, owner_id, created_at, direct_low, direct_high)
     VALUES (?, ?, 'private', ?, ?, ?, ?, ?)`,
  );
  return {
    openDirectRoom: db.transaction((room: NewDirectRoom): DirectRoomOpened => {
      const [low, high] = [...room.userIds].sort();
      if (low === undefined || high === undefined) throw new Error('openDirectRoom: two people are needed');
      const existing = findPair.get(low, high);
      if (existing) return { room: findRoom(existing.id) as RoomRecord, created: false };
      const id = randomUUID();
      insertDirect.run(id, room.name, room.creatorId, room.creatorId, room.createdAt, low, high);
      for (const userId of [low, high]) sql.insertMember.run({ roomId: id, userId, joinedAt: room.createdAt });
      sql.countMember.run(2, id);
      return { room: findRoom(id) as RoomRecord, created: true };
    }),
  };
}
