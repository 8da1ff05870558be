import type { Store } from '../types';
import type { ReadOperations, WriteOperations } from './operations';
import { DatabaseThread } from './thread';
import type { BatchObserver } from './thread';

export interface SqliteStoreOptions {
  /** Sees every batch each database thread runs (metrics, tests). */
  onBatch?: BatchObserver;
}

/**
 * Opens (creating and migrating if needed) the SQLite database at `file`. The store's methods run on two database
 * threads, a writer (group commit) and a reader, so the event loop never waits for the disk or for a lock held by
 * another process. A resolved write is committed.
 */
export async function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const writer = new DatabaseThread<WriteOperations>(file, 'writer', options.onBatch);
  // The writer creates and migrates the database before the reader opens it.
  await writer.start();
  const reader = new DatabaseThread<ReadOperations>(file, 'reader', options.onBatch);
  try {
    await reader.start();
  } catch (error) {
    await writer.close();
    throw error;
  }
  const read = reader.call.bind(reader);
  const write = writer.call.bind(writer);
  return {
    // On the reader: it answers while the writer waits for a lock, as every read does.
    ping: () => read('ping'),
    createUser: (nickname, createdAt) => write('createUser', nickname, createdAt),
    findUser: (id) => read('findUser', id),
    findOrCreateWechatUser: (openid, nickname, createdAt) =>
      write('findOrCreateWechatUser', openid, nickname, createdAt),
    findOrCreateDeviceUser: (hash, nickname, createdAt) => write('findOrCreateDeviceUser', hash, nickname, createdAt),
    findDeviceUser: (hash) => read('findDeviceUser', hash),
    createAccount: (account) => write('createAccount', account),
    findCredentials: (username) => read('findCredentials', username),
    claimAccount: (userId, username, passwordHash) => write('claimAccount', userId, username, passwordHash),
    bumpTokenVersion: (userId) => write('bumpTokenVersion', userId),
    setNickname: (userId, nickname) => write('setNickname', userId, nickname),
    setAvatar: (userId, bytes, updatedAt) => write('setAvatar', userId, bytes, updatedAt),
    removeAvatar: (userId) => write('removeAvatar', userId),
    findAvatar: (userId) => read('findAvatar', userId),
    createSession: (session) => write('createSession', session),
    findSession: (id) => read('findSession', id),
    listSessions: (userId) => read('listSessions', userId),
    touchSession: (id, lastSeenAt, address) => write('touchSession', id, lastSeenAt, address),
    endSession: (userId, id) => write('endSession', userId, id),
    endUserSessions: (userId) => write('endUserSessions', userId),
    createTicket: (ticket) => write('createTicket', ticket),
    findTicket: (id) => read('findTicket', id),
    scanTicket: (id, now) => write('scanTicket', id, now),
    answerTicket: (id, answer, now) => write('answerTicket', id, answer, now),
    useTicket: (id, secretHash, now) => write('useTicket', id, secretHash, now),
    createSignInCode: (code) => write('createSignInCode', code),
    useSignInCode: (code, now) => write('useSignInCode', code, now),
    createRoom: (room) => write('createRoom', room),
    openDirectRoom: (room) => write('openDirectRoom', room),
    findRoom: (id) => read('findRoom', id),
    listVisibleRooms: (userId) => read('listVisibleRooms', userId),
    addMember: (roomId, userId, joinedAt) => write('addMember', roomId, userId, joinedAt),
    removeMember: (roomId, userId) => write('removeMember', roomId, userId),
    isMember: (roomId, userId) => read('isMember', roomId, userId),
    listMembers: (roomId) => read('listMembers', roomId),
    listRoomIdsOf: (userId) => read('listRoomIdsOf', userId),
    listMemberships: (userId) => read('listMemberships', userId),
    listReadPositions: (roomId) => read('listReadPositions', roomId),
    findReadSeq: (roomId, userId) => read('findReadSeq', roomId, userId),
    countUnreadMentions: (roomId, userId) => read('countUnreadMentions', roomId, userId),
    markRead: (roomId, userId, seq) => write('markRead', roomId, userId, seq),
    createInvite: (invite) => write('createInvite', invite),
    findInvite: (code) => read('findInvite', code),
    renameRoom: (roomId, name) => write('renameRoom', roomId, name),
    setRoomOwner: (roomId, ownerId) => write('setRoomOwner', roomId, ownerId),
    banUser: (roomId, userId, bannedAt) => write('banUser', roomId, userId, bannedAt),
    unbanUser: (roomId, userId) => write('unbanUser', roomId, userId),
    isBanned: (roomId, userId) => read('isBanned', roomId, userId),
    blockUser: (blockerId, blockedId, createdAt) => write('blockUser', blockerId, blockedId, createdAt),
    unblockUser: (blockerId, blockedId) => write('unblockUser', blockerId, blockedId),
    listBlocked: (blockerId) => read('listBlocked', blockerId),
    isBlockedBetween: (userId, otherId) => read('isBlockedBetween', userId, otherId),
    isDirectBlocked: (roomId) => read('isDirectBlocked', roomId),
    reportMessage: (report) => write('reportMessage', report),
    listReports: () => read('listReports'),
    appendMessage: (message) => write('appendMessage', message),
    listMessages: (roomId, query) => read('listMessages', roomId, query),
    searchMessages: (userId, query) => read('searchMessages', userId, query),
    findMessage: (roomId, messageId) => read('findMessage', roomId, messageId),
    changeMessage: (change) => write('changeMessage', change),
    listChanges: (roomId, afterChangeSeq, limit) => read('listChanges', roomId, afterChangeSeq, limit),
    createMedia: (media) => write('createMedia', media),
    findMedia: (id) => read('findMedia', id),
    claimMedia: (id, ownerId, roomId, clientId) => write('claimMedia', id, ownerId, roomId, clientId),
    listMessageMedia: (roomIds, clientIds) => read('listMessageMedia', roomIds, clientIds),
    mediaUsage: (ownerId) => read('mediaUsage', ownerId),
    deleteMedia: (id) => write('deleteMedia', id),
    // One after the other, the writer last: the last connection to close checkpoints the WAL and deletes it, and two
    // connections closing at the same moment can each see the other still open and both leave it behind.
    close: async () => {
      await reader.close();
      await writer.close();
    },
  };
}
