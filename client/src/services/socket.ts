import { MESSAGE_TEXT_MAX_LENGTH, ROOM_NAME_MAX_LENGTH } from '@tandem/protocol';
import type { Room, User, Visibility } from '@tandem/protocol';
import { createSocket } from '../platform/socket';
import type { ChatSocket } from '../platform/socket';
import { getServerUrl } from '../platform/server';
import { onStorageWrite } from '../platform/storage';
import { connectionStore } from '../stores/connection';
import { draftsStore } from '../stores/drafts';
import { presenceStore } from '../stores/presence';
import { roomsStore } from '../stores/rooms';
import type { Invite } from '../stores/rooms';
import { sessionStore, validToken } from '../stores/session';
import { ConnectionManager } from './connection';
import type { ConnectionManagerOptions } from './connection';
import * as invites from './invites';
import * as outbox from './outbox';
import { failure, request } from './request';
import type { RequestError, Result } from './request';
import { signOut } from './account';
import { listenToServerEvents } from './server-events';
import { refreshSession } from './session';
import { SessionRefresher } from './session-refresh';
import type { SessionRefresherOptions } from './session-refresh';
import * as sync from './sync';
import * as typing from './typing';

/**
 * The one owner of the socket. It registers every listener once, writes what the server says into the stores,
 * and exposes the intents pages call (the session ones are in account.ts). Components never see socket.io.
 */

export interface ChatConfig {
  serverUrl: string;
  connection: ConnectionManagerOptions;
  refresh: SessionRefresherOptions;
}

const config: ChatConfig = { serverUrl: getServerUrl(), connection: {}, refresh: {} };
let socket: ChatSocket | null = null;
let manager: ConnectionManager | null = null;
let refresher: SessionRefresher | null = null;

// A failed write (storage full) shows on the banner: unsent messages or read marks may not survive a restart.
onStorageWrite((key, ok) => connectionStore.getState().storageWritten(key, ok));

/** Overrides the server URL and connection options (tests, tooling); call before `startChat`. */
export function configureChat(overrides: Partial<ChatConfig>): void {
  Object.assign(config, overrides);
}

/** The server the HTTP routes (sign-in, refresh) go to. */
export function chatServerUrl(): string {
  return config.serverUrl;
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
    // Timers stop while a mini program is in the background: a reconnect is the moment to look again.
    refresher?.check();
    flushOutbox();
    // Lists the rooms (dropping those left on another device) before re-joining the others.
    void sync.syncJoinedRooms(created, ownId());
    // A room opened from a link before the connection came up.
    const active = roomsStore.getState().activeRoomId;
    if (active && !roomsStore.getState().joinedIds.includes(active)) void joinRoom(active);
  });
  created.on('disconnect', (reason) => {
    outbox.connectionLost();
    sync.connectionLost();
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
  refresher = new SessionRefresher(
    { refresh: (token) => refreshSession(config.serverUrl, token), onRefused: () => signOut() },
    config.refresh,
  );
  refresher.start();
}

/** Closes the socket and forgets runtime state; stores and storage stay (used by sign-out and tests). */
export function stopChat(): void {
  manager?.stop();
  manager = null;
  refresher?.stop();
  refresher = null;
  socket?.removeAllListeners();
  socket?.disconnect();
  socket = null;
  outbox.resetOutboxRuntime();
  sync.resetSyncRuntime();
  typing.resetTypingRuntime();
}

export function reconnectNow(): void {
  manager?.reconnectNow();
}

/** Refreshes the room list; rooms joined on another device are added and synced, rooms left there dropped. */
export async function listRooms(): Promise<RequestError | null> {
  if (!socket) return failure('OFFLINE', 'not connected').error;
  const live = socket;
  const result = await sync.listRooms(live);
  if (!result.ok) return result.error;
  for (const roomId of result.data.added) void sync.syncRoom(live, roomId, ownId());
  return null;
}

export async function createRoom(name: string, visibility: Visibility = 'public'): Promise<Result<Room>> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > ROOM_NAME_MAX_LENGTH) return failure('INVALID_PAYLOAD', 'invalid room name');
  const result = await request(socket, 'room:create', { name: trimmed, visibility });
  if (!result.ok) return result;
  const { room } = result.data;
  roomsStore.getState().joined(room);
  if (socket) void sync.syncRoom(socket, room.id, ownId());
  return { ok: true, data: room };
}

/**
 * Becomes a member of a room and loads its latest messages. A private room needs an invite code: the one given,
 * or the pending invite of a link or share card for this room.
 */
export async function joinRoom(roomId: string, inviteCode?: string): Promise<RequestError | null> {
  const id = roomId.trim();
  if (!id) return failure('INVALID_PAYLOAD', 'room id is empty').error;
  if (!socket) return failure('OFFLINE', 'not connected').error;
  return invites.joinWithInvite(socket, id, ownId(), inviteCode);
}

/** A new invite code for a room the user is in (shown as a link or carried by a share card). */
export function createInvite(roomId: string): Promise<Result<Invite>> {
  return invites.createInvite(socket, roomId);
}

export async function leaveRoom(roomId: string): Promise<RequestError | null> {
  const result = await request(socket, 'room:leave', { roomId });
  if (!result.ok && result.error.code !== 'NOT_FOUND') return result.error;
  typing.setTyping(socket, roomId, false);
  sync.forgetRoom(roomId);
  draftsStore.getState().clearDraft(roomId);
  return null;
}

/** A room opened from an invite link or share card: the invite waits (through sign-in) until the room is joined. */
export function receiveInvite(roomId: string, code: string): void {
  invites.receiveInvite(roomId, code);
}

/** The chat page opened a room (from a link with `inviteCode`): its messages count as read while on screen. */
export function openRoom(roomId: string, inviteCode?: string): void {
  if (inviteCode) invites.receiveInvite(roomId, inviteCode);
  roomsStore.getState().setActive(roomId);
  if (socket?.connected && !roomsStore.getState().joinedIds.includes(roomId)) void joinRoom(roomId);
}

export function closeRoom(roomId: string): void {
  typing.setTyping(socket, roomId, false);
  if (roomsStore.getState().activeRoomId === roomId) roomsStore.getState().setActive(null);
}

/** Queues a message (shown at once as pending) and sends it when connected; `OUTBOX_FULL` when it cannot be kept. */
export function sendMessage(roomId: string, text: string): Result<string> {
  const user = currentUser();
  const trimmed = text.trim();
  if (!user) return failure('UNAUTHORIZED', 'not signed in');
  if (!trimmed || trimmed.length > MESSAGE_TEXT_MAX_LENGTH) return failure('INVALID_PAYLOAD', 'invalid message');
  const item = outbox.compose(roomId, trimmed, user);
  if (!item) return failure('OUTBOX_FULL', 'too many unsent messages');
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
