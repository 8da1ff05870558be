import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Message, ReadPosition } from '@tandem/protocol';
import {
  publicUser,
  replyColumns,
  replyFields,
  toInvite,
  toMember,
  toMessage,
  toRoom,
  toSession,
  toUser,
} from '../rows';
import type { UserRow } from '../rows';
import type { directRoomWrites } from './direct-rooms';
import type { safetyReads, safetyWrites } from './safety';
import type { searchReads } from './search';
import type { messageChangeReads, messageChangeWrites } from './message-changes';
import type { mediaReads, mediaWrites } from './media';
import type { signInLinkReads, signInLinkWrites } from './signin-links';
import type { Statements } from './statements';
import type {
  AppendResult,
  AvatarImage,
  ClaimResult,
  Credentials,
  NewAccount,
  Invite,
  Membership,
  NewSession,
  SessionRecord,
  MessagePage,
  MessagePageQuery,
  NewMessage,
  NewRoom,
  ReadMark,
  RoomRecord,
  UserRecord,
} from '../types';

/**
 * What the database threads run. Reads go to the reader thread, which a write lock held elsewhere never blocks
 * (WAL); writes go to the writer thread, which runs each batch in one transaction (see worker.ts).
 */
export function readOperations(sql: Statements) {
  const findRoom = (id: string): RoomRecord | undefined => {
    const row = sql.findRoom.get(id);
    return row && toRoom(row);
  };
  return {
    ping: (): void => void sql.ping.get(),
    findUser: (id: string): UserRecord | undefined => {
      const row = sql.findUser.get(id);
      return row && toUser(row);
    },
    findDeviceUser: (hash: string): UserRecord | undefined => {
      const row = sql.findDeviceUser.get(hash);
      return row && toUser(row);
    },
    findCredentials: (username: string): Credentials | undefined => {
      const row = sql.findCredentials.get(username);
      return row && { user: toUser(row), passwordHash: row.password_hash };
    },
    findSession: (id: string): SessionRecord | undefined => {
      const row = sql.findSession.get(id);
      return row && toSession(row);
    },
    listSessions: (userId: string): SessionRecord[] => sql.sessionsOf.all(userId).map(toSession),
    findRoom,
    listVisibleRooms: (userId: string): RoomRecord[] => sql.visibleRooms.all(userId).map(toRoom),
    isMember: (roomId: string, userId: string): boolean => sql.isMember.get(roomId, userId) !== undefined,
    listMembers: (roomId: string) => sql.members.all(roomId).map(toMember),
    findAvatar: (userId: string): AvatarImage | undefined => {
      const row = sql.findAvatar.get(userId);
      return row && { bytes: row.bytes, version: row.version };
    },
    listRoomIdsOf: (userId: string): string[] => sql.roomIdsOf.all(userId).map((row) => row.room_id),
    listMemberships: (userId: string): Membership[] =>
      sql.membershipsOf
        .all(userId)
        .map((row) => ({ roomId: row.room_id, readSeq: row.read_seq, mentions: row.mentions })),
    listReadPositions: (roomId: string): ReadPosition[] =>
      sql.readPositions.all(roomId).map((row) => ({ userId: row.user_id, readSeq: row.read_seq })),
    findReadSeq: (roomId: string, userId: string): number | undefined => sql.readSeq.get(roomId, userId)?.read_seq,
    countUnreadMentions: (roomId: string, userId: string): number =>
      sql.unreadMentions.get(roomId, userId)?.mentions ?? 0,
    findInvite: (code: string): Invite | undefined => {
      const row = sql.findInvite.get(code);
      return row && toInvite(row);
    },
    listMessages: (roomId: string, { afterSeq, beforeSeq, limit }: MessagePageQuery): MessagePage => {
      const upper = beforeSeq ?? Number.MAX_SAFE_INTEGER;
      // One row more than asked tells whether more exist in the paging direction.
      const rows =
        afterSeq === undefined
          ? sql.pageBefore.all(roomId, upper, limit + 1).reverse()
          : sql.pageAfter.all(roomId, afterSeq, upper, limit + 1);
      const hasMore = rows.length > limit;
      if (hasMore) rows.splice(afterSeq === undefined ? 0 : limit, 1);
      return { messages: rows.map(toMessage), hasMore };
    },
  };
}

/**
 * Each write is a nested better-sqlite3 transaction: inside the writer's batch transaction it runs in a savepoint,
 * so one failing write rolls back alone and the others in the batch still commit.
 */
export function writeOperations(db: Database.Database, sql: Statements) {
  const reads = readOperations(sql);
  return {
    createUser: db.transaction((nickname: string, createdAt: number): UserRecord => {
      const id = randomUUID();
      sql.insertUser.run(id, nickname, createdAt);
      return { id, nickname, tokenVersion: 0, createdAt };
    }),
    findOrCreateWechatUser: db.transaction((openid: string, nickname: string, createdAt: number): UserRecord => {
      sql.insertWechatUser.run(randomUUID(), nickname, createdAt, openid);
      return toUser(sql.findWechatUser.get(openid) as UserRow);
    }),
    findOrCreateDeviceUser: db.transaction((hash: string, nickname: string, createdAt: number): UserRecord => {
      sql.insertDeviceUser.run(randomUUID(), nickname, createdAt, hash);
      return toUser(sql.findDeviceUser.get(hash) as UserRow);
    }),
    createAccount: db.transaction((account: NewAccount): UserRecord | undefined => {
      const id = randomUUID();
      const { username, passwordHash, nickname, createdAt } = account;
      // ON CONFLICT DO NOTHING: a username taken in any letter case inserts nothing.
      if (sql.insertAccount.run(id, nickname, createdAt, username, passwordHash).changes === 0) return undefined;
      return { id, nickname, tokenVersion: 0, createdAt, username };
    }),
    claimAccount: db.transaction((userId: string, username: string, passwordHash: string): ClaimResult => {
      if (sql.usernameTaken.get(username)) return 'username-taken';
      const row = sql.claimAccount.get(username, passwordHash, userId);
      if (row) return toUser(row);
      return reads.findUser(userId) ? 'already-claimed' : 'not-found';
    }),
    bumpTokenVersion: db.transaction(
      (userId: string): number | undefined => sql.bumpTokenVersion.get(userId)?.token_version,
    ),
    setNickname: db.transaction((userId: string, nickname: string): UserRecord | undefined => {
      const row = sql.setNickname.get(nickname, userId);
      return row && toUser(row);
    }),
    setAvatar: db.transaction((userId: string, bytes: Uint8Array, updatedAt: number): UserRecord | undefined => {
      const row = sql.bumpAvatarVersion.get(updatedAt, userId);
      if (!row) return undefined;
      // Bytes arrive from the main thread as a plain Uint8Array; better-sqlite3 binds a Buffer as a BLOB.
      const blob = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      sql.upsertAvatar.run(userId, blob, row.avatar_version, updatedAt);
      return toUser(row);
    }),
    removeAvatar: db.transaction((userId: string): UserRecord | undefined => {
      sql.deleteAvatar.run(userId);
      const row = sql.clearAvatarVersion.get(userId);
      return row && toUser(row);
    }),
    createSession: db.transaction((session: NewSession): SessionRecord => {
      const { id, userId, device, address, createdAt } = session;
      sql.insertSession.run(id, userId, device, address, createdAt, createdAt);
      return { ...session, lastSeenAt: createdAt };
    }),
    touchSession: db.transaction((id: string, lastSeenAt: number, address: string): void => {
      sql.touchSession.run(lastSeenAt, address, id, lastSeenAt);
    }),
    endSession: db.transaction(
      (userId: string, id: string): boolean => sql.deleteSession.run(id, userId).changes === 1,
    ),
    endUserSessions: db.transaction((userId: string): string[] =>
      sql.deleteSessionsOf.all(userId).map((row) => row.id),
    ),
    createRoom: db.transaction((room: NewRoom): RoomRecord => {
      const id = randomUUID();
      sql.insertRoom.run(id, room.name, room.visibility, room.creatorId, room.creatorId, room.createdAt);
      sql.insertMember.run({ roomId: id, userId: room.creatorId, joinedAt: room.createdAt });
      sql.countMember.run(1, id);
      return reads.findRoom(id) as RoomRecord;
    }),
    addMember: db.transaction((roomId: string, userId: string, joinedAt: number): boolean => {
      const added = sql.insertMember.run({ roomId, userId, joinedAt }).changes === 1;
      if (added) sql.countMember.run(1, roomId);
      return added;
    }),
    removeMember: db.transaction((roomId: string, userId: string): boolean => {
      const removed = sql.deleteMember.run(roomId, userId).changes === 1;
      if (removed) sql.countMember.run(-1, roomId);
      return removed;
    }),
    markRead: db.transaction((roomId: string, userId: string, seq: number): ReadMark | undefined => {
      const state = sql.readState.get(roomId, userId);
      if (!state) return undefined;
      const target = Math.min(seq, state.last_seq);
      if (target <= state.read_seq) return { readSeq: state.read_seq, moved: false };
      sql.setReadSeq.run(target, roomId, userId);
      return { readSeq: target, moved: true };
    }),
    createInvite: db.transaction((invite: Invite): void => {
      sql.insertInvite.run(invite.code, invite.roomId, invite.createdBy, invite.createdAt, invite.expiresAt);
    }),
    appendMessage: db.transaction((input: NewMessage): AppendResult => {
      const stored = sql.byClientId.get(input.sender.id, input.clientId);
      if (stored) return { message: toMessage(stored), created: false };
      const bumped = sql.nextSeq.get(input.roomId);
      if (!bumped) throw new Error(`appendMessage: room ${input.roomId} does not exist`);
      const columns = replyColumns(input);
      const message: Message = {
        id: randomUUID(),
        roomId: input.roomId,
        seq: bumped.last_seq,
        clientId: input.clientId,
        sender: publicUser(input.sender),
        text: input.text,
        createdAt: input.createdAt,
        ...replyFields(columns.reply, columns.mentions),
      };
      const { id, roomId, seq, clientId, sender, text, createdAt } = message;
      sql.insertMessage.run(id, roomId, seq, sender.id, clientId, text, createdAt, columns.reply, columns.mentions);
      for (const userId of new Set(input.mentions)) sql.insertMention.run(userId, roomId, seq);
      sql.readOwnMessage.run(seq, roomId, sender.id, seq);
      return { message, created: true };
    }),
  };
}

export type ReadOperations = ReturnType<typeof readOperations> &
  ReturnType<typeof signInLinkReads> &
  ReturnType<typeof safetyReads> &
  ReturnType<typeof searchReads> &
  ReturnType<typeof messageChangeReads> &
  ReturnType<typeof mediaReads>;
export type WriteOperations = ReturnType<typeof writeOperations> &
  ReturnType<typeof signInLinkWrites> &
  ReturnType<typeof directRoomWrites> &
  ReturnType<typeof safetyWrites> &
  ReturnType<typeof messageChangeWrites> &
  ReturnType<typeof mediaWrites>;
