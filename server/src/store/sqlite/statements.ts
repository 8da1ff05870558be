import type Database from 'better-sqlite3';
import { MENTION_ALL } from '@tandem/protocol';
import type { InviteRow, MemberRow, MessageRow, RoomRow, SessionRow, UserRow } from '../rows';

// The row shapes of ../rows.ts: a message with its sender's nickname; a room with its last message.
const MESSAGE_SELECT = `SELECT m.id, m.room_id, m.seq, m.client_id, m.sender_id, u.nickname AS sender_nickname,
  u.avatar_version AS sender_avatar_version, m.text, m.created_at, m.edited_at, m.state, m.change_seq, m.reply,
  m.mentions FROM messages m JOIN users u ON u.id = m.sender_id`;
const ROOM_SELECT = `SELECT r.id, r.name, r.visibility, r.created_at, r.last_seq, r.member_count, r.owner_id,
  r.change_seq AS room_change_seq, m.edited_at, m.state, m.change_seq, m.id AS m_id,
  m.room_id, m.seq, m.client_id, m.sender_id, u.nickname AS sender_nickname, u.avatar_version AS sender_avatar_version,
  m.text, m.created_at AS m_created_at, m.reply, m.mentions, r.direct_low, dl.nickname AS direct_low_nickname,
  dl.avatar_version AS direct_low_avatar_version, r.direct_high, dh.nickname AS direct_high_nickname,
  dh.avatar_version AS direct_high_avatar_version
  FROM rooms r LEFT JOIN messages m ON m.room_id = r.id AND m.seq = r.last_seq LEFT JOIN users u ON u.id = m.sender_id
  LEFT JOIN users dl ON dl.id = r.direct_low LEFT JOIN users dh ON dh.id = r.direct_high`;

// The unread messages of membership `s` that mention its user or everyone: two range reads of the mentions' key.
const UNREAD_MENTIONS = `(SELECT count(DISTINCT mm.seq) FROM message_mentions mm WHERE mm.user_id IN (s.user_id, '${MENTION_ALL}')
  AND mm.room_id = s.room_id AND mm.seq > s.read_seq)`;

/** Opens a connection with the settings every connection to the database shares. */
export function configureConnection(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // FULL, not NORMAL: an ack promises the message survives. In WAL mode NORMAL survives a process crash (kill -9)
  // but may lose the last commits on power loss or an OS crash; FULL fsyncs the WAL on every commit. Group commit
  // (see worker.ts) shares one fsync among all the writes that arrive together.
  db.pragma('synchronous = FULL');
  // Another process holding the write lock (a backup, an operator's shell) delays writes this long before they fail
  // with INTERNAL. Only the database thread waits: the event loop never does.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
}

/** Every statement the store runs, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
    ping: db.prepare<[], { one: number }>('SELECT 1 AS one'),
    insertUser: db.prepare('INSERT INTO users (id, nickname, created_at) VALUES (?, ?, ?)'),
    findUser: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    insertWechatUser: db.prepare(
      'INSERT INTO users (id, nickname, created_at, wechat_openid) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    findWechatUser: db.prepare<[string], UserRow>('SELECT * FROM users WHERE wechat_openid = ?'),
    insertDeviceUser: db.prepare(
      'INSERT INTO users (id, nickname, created_at, device_credential_hash) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    findDeviceUser: db.prepare<[string], UserRow>('SELECT * FROM users WHERE device_credential_hash = ?'),
    insertAccount: db.prepare(
      `INSERT INTO users (id, nickname, created_at, username, password_hash) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ),
    findCredentials: db.prepare<[string], UserRow & { password_hash: string }>(
      'SELECT * FROM users WHERE lower(username) = lower(?) AND password_hash IS NOT NULL',
    ),
    claimAccount: db.prepare<[string, string, string], UserRow>(
      `UPDATE users SET username = ?, password_hash = ? WHERE id = ? AND username IS NULL AND wechat_openid IS NULL
       RETURNING *`,
    ),
    usernameTaken: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM users WHERE lower(username) = lower(?)'),
    bumpTokenVersion: db.prepare<[string], { token_version: number }>(
      'UPDATE users SET token_version = token_version + 1 WHERE id = ? RETURNING token_version',
    ),
    setNickname: db.prepare<[string, string], UserRow>('UPDATE users SET nickname = ? WHERE id = ? RETURNING *'),
    bumpAvatarVersion: db.prepare<[number, string], UserRow>(
      'UPDATE users SET avatar_version = max(?, coalesce(avatar_version, 0) + 1) WHERE id = ? RETURNING *',
    ),
    upsertAvatar: db.prepare(
      `INSERT INTO avatars (user_id, bytes, version, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET bytes = excluded.bytes, version = excluded.version,
       updated_at = excluded.updated_at`,
    ),
    deleteAvatar: db.prepare('DELETE FROM avatars WHERE user_id = ?'),
    clearAvatarVersion: db.prepare<[string], UserRow>(
      'UPDATE users SET avatar_version = NULL WHERE id = ? RETURNING *',
    ),
    findAvatar: db.prepare<[string], { bytes: Buffer; version: number }>(
      'SELECT bytes, version FROM avatars WHERE user_id = ?',
    ),
    insertSession: db.prepare(
      'INSERT INTO sessions (id, user_id, device, address, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    findSession: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
    sessionsOf: db.prepare<[string], SessionRow>(
      'SELECT * FROM sessions WHERE user_id = ? ORDER BY created_at DESC, id DESC',
    ),
    touchSession: db.prepare('UPDATE sessions SET last_seen_at = ?, address = ? WHERE id = ? AND last_seen_at < ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE id = ? AND user_id = ?'),
    deleteSessionsOf: db.prepare<[string], { id: string }>('DELETE FROM sessions WHERE user_id = ? RETURNING id'),
    insertRoom: db.prepare(
      'INSERT INTO rooms (id, name, visibility, created_by, owner_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    findRoom: db.prepare<[string], RoomRow>(`${ROOM_SELECT} WHERE r.id = ?`),
    visibleRooms: db.prepare<[string], RoomRow>(
      `${ROOM_SELECT} WHERE r.visibility = 'public'
       OR EXISTS (SELECT 1 FROM memberships s WHERE s.room_id = r.id AND s.user_id = ?)
       ORDER BY r.created_at, r.id`,
    ),
    // A new member has read what was there before it joined.
    insertMember: db.prepare<{ roomId: string; userId: string; joinedAt: number }>(
      `INSERT OR IGNORE INTO memberships (room_id, user_id, joined_at, read_seq)
       VALUES (@roomId, @userId, @joinedAt, coalesce((SELECT last_seq FROM rooms WHERE id = @roomId), 0))`,
    ),
    deleteMember: db.prepare('DELETE FROM memberships WHERE room_id = ? AND user_id = ?'),
    countMember: db.prepare('UPDATE rooms SET member_count = member_count + ? WHERE id = ?'),
    isMember: db.prepare<[string, string], { one: number }>(
      'SELECT 1 AS one FROM memberships WHERE room_id = ? AND user_id = ?',
    ),
    members: db.prepare<[string], MemberRow>(
      `SELECT u.id, u.nickname, u.avatar_version FROM memberships s JOIN users u ON u.id = s.user_id
       WHERE s.room_id = ? ORDER BY s.joined_at, u.id`,
    ),
    roomIdsOf: db.prepare<[string], { room_id: string }>('SELECT room_id FROM memberships WHERE user_id = ?'),
    membershipsOf: db.prepare<[string], { room_id: string; read_seq: number; mentions: number }>(
      `SELECT s.room_id, s.read_seq, ${UNREAD_MENTIONS} AS mentions FROM memberships s WHERE s.user_id = ?`,
    ),
    unreadMentions: db.prepare<[string, string], { mentions: number }>(
      `SELECT ${UNREAD_MENTIONS} AS mentions FROM memberships s WHERE s.room_id = ? AND s.user_id = ?`,
    ),
    readPositions: db.prepare<[string], { user_id: string; read_seq: number }>(
      'SELECT user_id, read_seq FROM memberships WHERE room_id = ? ORDER BY user_id',
    ),
    insertMention: db.prepare('INSERT OR IGNORE INTO message_mentions (user_id, room_id, seq) VALUES (?, ?, ?)'),
    readSeq: db.prepare<[string, string], { read_seq: number }>(
      'SELECT read_seq FROM memberships WHERE room_id = ? AND user_id = ?',
    ),
    readState: db.prepare<[string, string], { read_seq: number; last_seq: number }>(
      `SELECT s.read_seq, r.last_seq FROM memberships s JOIN rooms r ON r.id = s.room_id
       WHERE s.room_id = ? AND s.user_id = ?`,
    ),
    setReadSeq: db.prepare('UPDATE memberships SET read_seq = ? WHERE room_id = ? AND user_id = ?'),
    // The sender has read its own message.
    readOwnMessage: db.prepare<[number, string, string, number]>(
      'UPDATE memberships SET read_seq = ? WHERE room_id = ? AND user_id = ? AND read_seq < ?',
    ),
    insertInvite: db.prepare(
      'INSERT INTO invites (code, room_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    findInvite: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE code = ?'),
    byClientId: db.prepare<[string, string], MessageRow>(`${MESSAGE_SELECT} WHERE m.sender_id = ? AND m.client_id = ?`),
    nextSeq: db.prepare<[string], { last_seq: number }>(
      'UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq',
    ),
    insertMessage: db.prepare(
      `INSERT INTO messages (id, room_id, seq, sender_id, client_id, text, created_at, reply, mentions)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    pageAfter: db.prepare<[string, number, number, number], MessageRow>(
      `${MESSAGE_SELECT} WHERE m.room_id = ? AND m.seq > ? AND m.seq < ? ORDER BY m.seq ASC LIMIT ?`,
    ),
    pageBefore: db.prepare<[string, number, number], MessageRow>(
      `${MESSAGE_SELECT} WHERE m.room_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`,
    ),
    findMessage: db.prepare<[string, string], MessageRow>(`${MESSAGE_SELECT} WHERE m.room_id = ? AND m.id = ?`),
    changesAfter: db.prepare<[string, number, number], MessageRow>(
      `${MESSAGE_SELECT} WHERE m.room_id = ? AND m.change_seq > ? ORDER BY m.change_seq ASC LIMIT ?`,
    ),
    roomChangeSeq: db.prepare<[string], { change_seq: number }>('SELECT change_seq FROM rooms WHERE id = ?'),
    nextChangeSeq: db.prepare<[string], { change_seq: number }>(
      'UPDATE rooms SET change_seq = change_seq + 1 WHERE id = ? RETURNING change_seq',
    ),
    // A tombstone is never changed again: the state IS NULL guard.
    editMessage: db.prepare<[string, number, number, string, string]>(
      'UPDATE messages SET text = ?, edited_at = ?, change_seq = ? WHERE room_id = ? AND id = ? AND state IS NULL',
    ),
    tombstoneMessage: db.prepare<[string, number, string, string]>(
      `UPDATE messages SET text = '', state = ?, change_seq = ? WHERE room_id = ? AND id = ? AND state IS NULL`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
