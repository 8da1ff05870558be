import type Database from 'better-sqlite3';
import type { User } from '@tandem/protocol';
import { toMember, toRoom } from '../rows';
import type { MemberRow, RoomRow } from '../rows';
import { toReport } from '../safety-rows';
import type { ReportRow } from '../safety-rows';
import type { MessageReport, NewReport } from '../safety-types';
import type { RoomRecord } from '../types';
import type { Statements } from './statements';

/**
 * Owners and safety (issue 12), MIGRATIONS entry 13: the room's owner (its creator so far), bans per room, blocks
 * between people, and reports with a snapshot of the message (no reference to it: a deleted message stays reported).
 */
export const OWNERS_SAFETY_MIGRATION = `
  ALTER TABLE rooms ADD COLUMN owner_id TEXT REFERENCES users (id);
  UPDATE rooms SET owner_id = created_by;
  CREATE TABLE room_bans (
    room_id TEXT NOT NULL REFERENCES rooms (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    banned_at INTEGER NOT NULL,
    PRIMARY KEY (room_id, user_id)
  ) STRICT;
  CREATE TABLE user_blocks (
    blocker_id TEXT NOT NULL REFERENCES users (id),
    blocked_id TEXT NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
  ) STRICT;
  CREATE TABLE message_reports (
    id TEXT PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms (id),
    message_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    sender_id TEXT NOT NULL REFERENCES users (id),
    text TEXT NOT NULL,
    reporter_id TEXT NOT NULL REFERENCES users (id),
    reason TEXT,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX message_reports_by_time ON message_reports (created_at, id);
`;

function statements(db: Database.Database) {
  const pair = '(blocker_id = ? AND blocked_id = ?) OR (blocker_id = ? AND blocked_id = ?)';
  return {
    rename: db.prepare('UPDATE rooms SET name = ? WHERE id = ?'),
    setOwner: db.prepare('UPDATE rooms SET owner_id = ? WHERE id = ?'),
    ban: db.prepare('INSERT INTO room_bans (room_id, user_id, banned_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    unban: db.prepare('DELETE FROM room_bans WHERE room_id = ? AND user_id = ?'),
    isBanned: db.prepare<[string, string], { one: number }>(
      'SELECT 1 AS one FROM room_bans WHERE room_id = ? AND user_id = ?',
    ),
    block: db.prepare(
      'INSERT INTO user_blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    unblock: db.prepare('DELETE FROM user_blocks WHERE blocker_id = ? AND blocked_id = ?'),
    blocked: db.prepare<[string], MemberRow>(
      `SELECT u.id, u.nickname, u.avatar_version FROM user_blocks b JOIN users u ON u.id = b.blocked_id
       WHERE b.blocker_id = ? ORDER BY b.created_at, u.id`,
    ),
    between: db.prepare<[string, string, string, string], { one: number }>(
      `SELECT 1 AS one FROM user_blocks WHERE ${pair}`,
    ),
    directBlocked: db.prepare<[string], { one: number }>(
      `SELECT 1 AS one FROM rooms r JOIN user_blocks b
       ON (b.blocker_id = r.direct_low AND b.blocked_id = r.direct_high)
       OR (b.blocker_id = r.direct_high AND b.blocked_id = r.direct_low) WHERE r.id = ?`,
    ),
    reported: db.prepare<[string, string], { seq: number; sender_id: string; text: string }>(
      'SELECT seq, sender_id, text FROM messages WHERE id = ? AND room_id = ?',
    ),
    insertReport: db.prepare<[string, string, string, number, string, string, string, string | null, number]>(
      `INSERT INTO message_reports (id, room_id, message_id, seq, sender_id, text, reporter_id, reason, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    reports: db.prepare<[], ReportRow>('SELECT * FROM message_reports ORDER BY created_at, id'),
  };
}

/** The reader thread's share. */
export function safetyReads(db: Database.Database) {
  const sql = statements(db);
  return {
    isBanned: (roomId: string, userId: string): boolean => sql.isBanned.get(roomId, userId) !== undefined,
    listBlocked: (blockerId: string): User[] => sql.blocked.all(blockerId).map(toMember),
    isBlockedBetween: (userId: string, otherId: string): boolean =>
      sql.between.get(userId, otherId, otherId, userId) !== undefined,
    isDirectBlocked: (roomId: string): boolean => sql.directBlocked.get(roomId) !== undefined,
    listReports: (): MessageReport[] => sql.reports.all().map(toReport),
  };
}

/** The writer thread's share; each runs in its own savepoint of the writer's batch. */
export function safetyWrites(db: Database.Database, rooms: Statements) {
  const sql = statements(db);
  const findRoom = (id: string): RoomRecord | undefined => {
    const row: RoomRow | undefined = rooms.findRoom.get(id);
    return row && toRoom(row);
  };
  return {
    renameRoom: db.transaction((roomId: string, name: string) =>
      sql.rename.run(name, roomId).changes === 1 ? findRoom(roomId) : undefined,
    ),
    setRoomOwner: db.transaction((roomId: string, ownerId: string) =>
      sql.setOwner.run(ownerId, roomId).changes === 1 ? findRoom(roomId) : undefined,
    ),
    banUser: db.transaction(
      (roomId: string, userId: string, at: number): boolean => sql.ban.run(roomId, userId, at).changes === 1,
    ),
    unbanUser: db.transaction((roomId: string, userId: string): boolean => sql.unban.run(roomId, userId).changes === 1),
    blockUser: db.transaction(
      (blockerId: string, blockedId: string, at: number): boolean =>
        sql.block.run(blockerId, blockedId, at).changes === 1,
    ),
    unblockUser: db.transaction(
      (blockerId: string, blockedId: string): boolean => sql.unblock.run(blockerId, blockedId).changes === 1,
    ),
    reportMessage: db.transaction((report: NewReport): MessageReport | undefined => {
      const message = sql.reported.get(report.messageId, report.roomId);
      if (!message) return undefined;
      const { id, roomId, messageId, reporterId, reason, createdAt } = report;
      const { seq, sender_id: senderId, text } = message;
      sql.insertReport.run(id, roomId, messageId, seq, senderId, text, reporterId, reason ?? null, createdAt);
      return { id, roomId, messageId, seq, senderId, text, reporterId, ...(reason ? { reason } : {}), createdAt };
    }),
  };
}
