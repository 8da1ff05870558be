import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Message, User } from '@tandem/protocol';
import { migrate } from './migrations';
import { MESSAGE_SELECT, ROOM_SELECT, toInvite, toMessage, toRoom, toUser } from './sqlite-rows';
import type { InviteRow, MessageRow, RoomRow, UserRow } from './sqlite-rows';
import type { AppendResult, MessagePage, MessagePageQuery, NewMessage, NewRoom, RoomRecord, Store } from './types';

/** Opens (creating and migrating if needed) the SQLite database at `file`. */
export function openSqliteStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL, not NORMAL: an ack promises the message survives. In WAL mode NORMAL survives a process crash (kill -9)
  // but may lose the last commits on power loss or an OS crash; FULL fsyncs the WAL on every commit, which costs
  // about 0.2 ms per message on this hardware.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const sql = {
    insertUser: db.prepare('INSERT INTO users (id, nickname, created_at) VALUES (?, ?, ?)'),
    findUser: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    insertWechatUser: db.prepare(
      'INSERT INTO users (id, nickname, created_at, wechat_openid) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    findWechatUser: db.prepare<[string], UserRow>('SELECT * FROM users WHERE wechat_openid = ?'),
    bumpTokenVersion: db.prepare<[string], { token_version: number }>(
      'UPDATE users SET token_version = token_version + 1 WHERE id = ? RETURNING token_version',
    ),
    insertRoom: db.prepare('INSERT INTO rooms (id, name, visibility, created_by, created_at) VALUES (?, ?, ?, ?, ?)'),
    findRoom: db.prepare<[string], RoomRow>(`${ROOM_SELECT} WHERE r.id = ?`),
    visibleRooms: db.prepare<[string], RoomRow>(
      `${ROOM_SELECT} WHERE r.visibility = 'public'
       OR EXISTS (SELECT 1 FROM memberships s WHERE s.room_id = r.id AND s.user_id = ?)
       ORDER BY r.created_at, r.id`,
    ),
    insertMember: db.prepare('INSERT OR IGNORE INTO memberships (room_id, user_id, joined_at) VALUES (?, ?, ?)'),
    deleteMember: db.prepare('DELETE FROM memberships WHERE room_id = ? AND user_id = ?'),
    countMember: db.prepare('UPDATE rooms SET member_count = member_count + ? WHERE id = ?'),
    isMember: db.prepare<[string, string], { one: number }>(
      'SELECT 1 AS one FROM memberships WHERE room_id = ? AND user_id = ?',
    ),
    members: db.prepare<[string], User>(
      `SELECT u.id, u.nickname FROM memberships s JOIN users u ON u.id = s.user_id
       WHERE s.room_id = ? ORDER BY s.joined_at, u.id`,
    ),
    roomIdsOf: db.prepare<[string], { room_id: string }>('SELECT room_id FROM memberships WHERE user_id = ?'),
    insertInvite: db.prepare(
      'INSERT INTO invites (code, room_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    findInvite: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE code = ?'),
    byClientId: db.prepare<[string, string], MessageRow>(`${MESSAGE_SELECT} WHERE m.sender_id = ? AND m.client_id = ?`),
    nextSeq: db.prepare<[string], { last_seq: number }>(
      'UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq',
    ),
    insertMessage: db.prepare(
      'INSERT INTO messages (id, room_id, seq, sender_id, client_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    pageAfter: db.prepare<[string, number, number, number], MessageRow>(
      `${MESSAGE_SELECT} WHERE m.room_id = ? AND m.seq > ? AND m.seq < ? ORDER BY m.seq ASC LIMIT ?`,
    ),
    pageBefore: db.prepare<[string, number, number], MessageRow>(
      `${MESSAGE_SELECT} WHERE m.room_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`,
    ),
  };

  const createRoom = db.transaction((room: NewRoom): string => {
    const id = randomUUID();
    sql.insertRoom.run(id, room.name, room.visibility, room.creatorId, room.createdAt);
    sql.insertMember.run(id, room.creatorId, room.createdAt);
    sql.countMember.run(1, id);
    return id;
  });
  const addMember = db.transaction((roomId: string, userId: string, joinedAt: number): boolean => {
    const added = sql.insertMember.run(roomId, userId, joinedAt).changes === 1;
    if (added) sql.countMember.run(1, roomId);
    return added;
  });
  const removeMember = db.transaction((roomId: string, userId: string): boolean => {
    const removed = sql.deleteMember.run(roomId, userId).changes === 1;
    if (removed) sql.countMember.run(-1, roomId);
    return removed;
  });
  const appendMessage = db.transaction((input: NewMessage): AppendResult => {
    const stored = sql.byClientId.get(input.sender.id, input.clientId);
    if (stored) return { message: toMessage(stored), created: false };
    const bumped = sql.nextSeq.get(input.roomId);
    if (!bumped) throw new Error(`appendMessage: room ${input.roomId} does not exist`);
    const message: Message = {
      id: randomUUID(),
      roomId: input.roomId,
      seq: bumped.last_seq,
      clientId: input.clientId,
      sender: { id: input.sender.id, nickname: input.sender.nickname },
      text: input.text,
      createdAt: input.createdAt,
    };
    const { id, roomId, seq, clientId, sender, text, createdAt } = message;
    sql.insertMessage.run(id, roomId, seq, sender.id, clientId, text, createdAt);
    return { message, created: true };
  });

  const findRoom = (id: string) => {
    const row = sql.findRoom.get(id);
    return row && toRoom(row);
  };

  const listMessages = (roomId: string, { afterSeq, beforeSeq, limit }: MessagePageQuery): MessagePage => {
    const upper = beforeSeq ?? Number.MAX_SAFE_INTEGER;
    // One row more than asked tells whether more exist in the paging direction.
    const rows =
      afterSeq === undefined
        ? sql.pageBefore.all(roomId, upper, limit + 1).reverse()
        : sql.pageAfter.all(roomId, afterSeq, upper, limit + 1);
    const hasMore = rows.length > limit;
    if (hasMore) rows.splice(afterSeq === undefined ? 0 : limit, 1);
    return { messages: rows.map(toMessage), hasMore };
  };

  // better-sqlite3 is synchronous: each method commits before its promise resolves.
  return {
    createUser: async (nickname, createdAt) => {
      const id = randomUUID();
      sql.insertUser.run(id, nickname, createdAt);
      return { id, nickname, tokenVersion: 0, createdAt };
    },
    findUser: async (id) => {
      const row = sql.findUser.get(id);
      return row && toUser(row);
    },
    findOrCreateWechatUser: async (openid, nickname, createdAt) => {
      sql.insertWechatUser.run(randomUUID(), nickname, createdAt, openid);
      return toUser(sql.findWechatUser.get(openid) as UserRow);
    },
    bumpTokenVersion: async (userId) => sql.bumpTokenVersion.get(userId)?.token_version,
    createRoom: async (room) => findRoom(createRoom.immediate(room)) as RoomRecord,
    findRoom: async (id) => findRoom(id),
    listVisibleRooms: async (userId) => sql.visibleRooms.all(userId).map(toRoom),
    addMember: async (roomId, userId, joinedAt) => addMember.immediate(roomId, userId, joinedAt),
    removeMember: async (roomId, userId) => removeMember.immediate(roomId, userId),
    isMember: async (roomId, userId) => sql.isMember.get(roomId, userId) !== undefined,
    listMembers: async (roomId) => sql.members.all(roomId),
    listRoomIdsOf: async (userId) => sql.roomIdsOf.all(userId).map((row) => row.room_id),
    createInvite: async (invite) => {
      sql.insertInvite.run(invite.code, invite.roomId, invite.createdBy, invite.createdAt, invite.expiresAt);
    },
    findInvite: async (code) => {
      const row = sql.findInvite.get(code);
      return row && toInvite(row);
    },
    appendMessage: async (message) => appendMessage.immediate(message),
    listMessages: async (roomId, query) => listMessages(roomId, query),
    close: async () => {
      db.close();
    },
  };
}
