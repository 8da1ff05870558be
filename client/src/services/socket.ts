import { MESSAGE_TEXT_MAX_LENGTH, ROOM_NAME_MAX_LENGTH } from '@tandem/protocol';
import type { Room, User } from '@tandem/protocol';
import { createSocket } from '../platform/socket';
import type { ChatSocket } from '../platform/socket';
import { getServerUrl } from '../platform/server';
import { clearPersistedState } from '../stores/persist';
import { connectionStore } from '../stores/connection';
import { draftsStore } from '../stores/drafts';
import { messagesStore } from '../stores/messages';
import { outboxStore } from '../stores/outbox';
import { presenceStore } from '../stores/presence';
import { roomsStore } from '../stores/rooms';
import { sessionStore, validToken } from '../stores/session';
import { ConnectionManager } from './connection';
import type { ConnectionManagerOptions } from './connection';
import * as outbox from './outbox';
import { failure, request } from './request';
import type { RequestError, Result } from './request';
import { listenToServerEvents } from './server-events';
import { requestSession } from './session';
import * as sync from './sync';
import * as typing from './typing';

/**
 * The one owner of the socket. It registers every listener once, writes what the server says into the stores,
 * and exposes the intents pages call. Components never see socket.io.
 */

export interface ChatConfig {
  serverUrl: string;
  connection: ConnectionManagerOptions;
}

const config: ChatConfig = { serverUrl: getServerUrl(), connection: {} };
let socket: ChatSocket | null = null;
let manager: ConnectionManager | null = null;

/** Overrides the server URL and connection options (tests, tooling); call before `startChat`. */
export function configureChat(overrides: Partial<ChatConfig>): void {
  Object.assign(config, overrides);
}

function currentUser(): User | null {
  return sessionStore.getState().user;
}

function ownId(): string | null {
  return currentUser()?.id ?? null;
}

function createChatSocket(): ChatSocket {
  const created = createSocket(config.serverUrl, { auth: () => ({ token: sessionStore.getState().token ?? '' }) });
  created.on('connect', () => {
    manager?.connected();
    flushOutbox();
    void sync.syncJoinedRooms(created, ownId());
    // A room opened from a link before the connection came up.
    const active = roomsStore.getState().activeRoomId;
    if (active && !roomsStore.getState().joinedIds.includes(active)) void joinRoom(active);
    void listRooms();
  });
  created.on('disconnect', (reason) => {
    outbox.connectionLost();
    typing.resetTypingRuntime();
    presenceStore.getState().connectionLost();
    manager?.disconnected(reason);
  });
  created.on('connect_error', (error) => manager?.connectFailed(error));
  listenToServerEvents(created, ownId);
  return created;
}

function flushOutbox(): void {
  const id = ownId();
  if (id) outbox.flush(socket, id);
}

/** App launch: shows unsent messages again and connects when a valid session is stored. */
export function startChat(): void {
  const session = sessionStore.getState();
  if (!validToken(session) || !session.user) {
    if (session.token) signOut();
    return;
  }
  if (manager) return;
  outbox.restoreOutbox(session.user);
  socket ??= createChatSocket();
  const live = socket;
  outbox.bindOutbox({ flush: flushOutbox, fillGap: (roomId) => void sync.fillGap(live, roomId, ownId()) });
  manager = new ConnectionManager(
    {
      connect: () => live.connect(),
      disconnect: () => live.disconnect(),
      dropTransport: () => live.io.engine?.close(),
      isConnected: () => live.connected,
      probe: async () => (await request(live, 'room:list', {}, 5000)).ok,
      flushBeforeSuspend: (budgetMs) => {
        flushOutbox();
        return outbox.whenIdle(budgetMs);
      },
      onUnauthorized: () => signOut(),
    },
    config.connection,
  );
  manager.start();
}

/** Closes the socket and forgets runtime state; stores and storage stay (used by sign-out and tests). */
export function stopChat(): void {
  manager?.stop();
  manager = null;
  socket?.removeAllListeners();
  socket?.disconnect();
  socket = null;
  outbox.resetOutboxRuntime();
  sync.resetSyncRuntime();
  typing.resetTypingRuntime();
}

export async function signIn(nickname: string): Promise<Result<User>> {
  const trimmed = nickname.trim();
  if (!trimmed) return failure('INVALID_PAYLOAD', 'nickname is empty');
  const result = await requestSession(config.serverUrl, trimmed);
  if (!result.ok) return result;
  stopChat();
  resetStores();
  sessionStore.getState().signedIn(result.data);
  startChat();
  return { ok: true, data: result.data.user };
}

/** Forgets the session and everything stored for it on this device. */
export function signOut(): void {
  stopChat();
  resetStores();
  sessionStore.getState().signedOut();
  clearPersistedState();
  connectionStore.getState().offline('stopped');
}

function resetStores(): void {
  roomsStore.getState().reset();
  messagesStore.getState().reset();
  outboxStore.getState().reset();
  draftsStore.getState().reset();
  presenceStore.getState().reset();
}

export function reconnectNow(): void {
  manager?.reconnectNow();
}

export async function listRooms(): Promise<RequestError | null> {
  const result = await request(socket, 'room:list', {});
  if (!result.ok) return result.error;
  roomsStore.getState().listed(result.data.rooms);
  // Private rooms are only listed to their members.
  for (const room of result.data.rooms) {
    if (room.visibility === 'private' && !roomsStore.getState().joinedIds.includes(room.id)) {
      roomsStore.getState().joined(room);
    }
  }
  return null;
}

export async function createRoom(name: string): Promise<Result<Room>> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > ROOM_NAME_MAX_LENGTH) return failure('INVALID_PAYLOAD', 'invalid room name');
  const result = await request(socket, 'room:create', { name: trimmed });
  if (!result.ok) return result;
  const { room } = result.data;
  roomsStore.getState().joined(room);
  if (socket) void sync.syncRoom(socket, room.id, ownId());
  return { ok: true, data: room };
}

/** Becomes a member of a room (by id, or with an invite code) and loads its latest messages. */
export async function joinRoom(roomId: string, inviteCode?: string): Promise<RequestError | null> {
  const id = roomId.trim();
  if (!id) return failure('INVALID_PAYLOAD', 'room id is empty').error;
  if (!socket) return failure('OFFLINE', 'not connected').error;
  return sync.syncRoom(socket, id, ownId(), inviteCode ? { inviteCode } : {});
}

export async function leaveRoom(roomId: string): Promise<RequestError | null> {
  const result = await request(socket, 'room:leave', { roomId });
  if (!result.ok && result.error.code !== 'NOT_FOUND') return result.error;
  typing.setTyping(socket, roomId, false);
  sync.forgetRoom(roomId);
  draftsStore.getState().clearDraft(roomId);
  return null;
}

/** The chat page opened a room: its messages count as read while it is on screen. */
export function openRoom(roomId: string): void {
  roomsStore.getState().setActive(roomId);
  if (socket?.connected && !roomsStore.getState().joinedIds.includes(roomId)) void joinRoom(roomId);
}

export function closeRoom(roomId: string): void {
  typing.setTyping(socket, roomId, false);
  if (roomsStore.getState().activeRoomId === roomId) roomsStore.getState().setActive(null);
}

/** Queues a message (shown at once as pending) and sends it when connected. */
export function sendMessage(roomId: string, text: string): Result<string> {
  const user = currentUser();
  const trimmed = text.trim();
  if (!user) return failure('UNAUTHORIZED', 'not signed in');
  if (!trimmed || trimmed.length > MESSAGE_TEXT_MAX_LENGTH) return failure('INVALID_PAYLOAD', 'invalid message');
  const item = outbox.compose(roomId, trimmed, user);
  draftsStore.getState().clearDraft(roomId);
  typing.setTyping(socket, roomId, false);
  flushOutbox();
  return { ok: true, data: item.clientId };
}

export function retryMessage(clientId: string): void {
  const user = currentUser();
  if (user && outbox.retry(clientId, user)) flushOutbox();
}

export async function loadOlder(roomId: string): Promise<RequestError | null> {
  if (!socket) return failure('OFFLINE', 'not connected').error;
  return sync.loadOlder(socket, roomId, ownId());
}

export function setTyping(roomId: string, isTyping: boolean): void {
  typing.setTyping(socket, roomId, isTyping);
}
