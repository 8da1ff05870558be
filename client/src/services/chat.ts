import { MESSAGE_TEXT_MAX_LENGTH, ROOM_NAME_MAX_LENGTH } from '@tandem/protocol';
import type { Room, User, Visibility } from '@tandem/protocol';
import { draftsStore } from '../stores/drafts';
import { messagesStore } from '../stores/messages';
import { outboxStore } from '../stores/outbox';
import { roomsStore } from '../stores/rooms';
import type { Invite } from '../stores/rooms';
import { sessionStore } from '../stores/session';
import { request } from './connection/request';
import { currentRuntime } from './current';
import { failure } from './errors';
import type { RequestError, Result } from './errors';
import { compose, retry } from './outbox/outbox';
import type { ComposeExtras } from './outbox/outbox';
import * as invites from './rooms/invites';
import { forgetRoom } from './sync/room-list';

/**
 * The chat intents pages call. Each goes through the signed-in session's connection runtime; signed out there is
 * none, and they answer `OFFLINE` (or do nothing). Components never see socket.io.
 */

const OFFLINE = failure('OFFLINE', 'not connected');

function currentUser(): User | null {
  return sessionStore.getState().user;
}

export function reconnectNow(): void {
  currentRuntime()?.reconnectNow();
}

/** Refreshes the room list; rooms joined on another device are added and synced, rooms left there dropped. */
export async function listRooms(): Promise<RequestError | null> {
  const runtime = currentRuntime();
  if (!runtime) return OFFLINE.error;
  const result = await runtime.sync.listRooms();
  if (!result.ok) return result.error;
  for (const roomId of result.data.added) void runtime.sync.syncRoom(roomId);
  return null;
}

export async function createRoom(name: string, visibility: Visibility = 'public'): Promise<Result<Room>> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > ROOM_NAME_MAX_LENGTH) return failure('INVALID_PAYLOAD', 'invalid room name');
  const runtime = currentRuntime();
  const result = await request(runtime?.socket ?? null, 'room:create', { name: trimmed, visibility });
  if (!result.ok) return result;
  const { room } = result.data;
  roomsStore.getState().joined(room);
  if (runtime) void runtime.sync.syncRoom(room.id);
  return { ok: true, data: room };
}

/**
 * Becomes a member of a room and loads its latest messages. A private room needs an invite code: the one given,
 * or the pending invite of a link or share card for this room.
 */
export async function joinRoom(roomId: string, inviteCode?: string): Promise<RequestError | null> {
  const id = roomId.trim();
  if (!id) return failure('INVALID_PAYLOAD', 'room id is empty').error;
  const runtime = currentRuntime();
  if (!runtime) return OFFLINE.error;
  return invites.joinWithInvite(runtime.sync, id, inviteCode);
}

/** A new invite code for a room the user is in (shown as a link or carried by a share card). */
export function createInvite(roomId: string): Promise<Result<Invite>> {
  return invites.createInvite(currentRuntime()?.socket ?? null, roomId);
}

export async function leaveRoom(roomId: string): Promise<RequestError | null> {
  const runtime = currentRuntime();
  const result = await request(runtime?.socket ?? null, 'room:leave', { roomId });
  if (!result.ok && result.error.code !== 'NOT_FOUND') return result.error;
  runtime?.typing.setTyping(roomId, false);
  forgetRoom(roomId);
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
  const connected = currentRuntime()?.socket.connected ?? false;
  if (connected && !roomsStore.getState().joinedIds.includes(roomId)) void joinRoom(roomId);
}

/** The open room's list shows its newest messages (or was scrolled back): only then do arrivals count as read. */
export function followNewest(roomId: string, following: boolean): void {
  const rooms = roomsStore.getState();
  if (rooms.activeRoomId === roomId && rooms.following !== following) rooms.setFollowing(following);
}

export function closeRoom(roomId: string): void {
  currentRuntime()?.typing.setTyping(roomId, false);
  if (roomsStore.getState().activeRoomId === roomId) roomsStore.getState().setActive(null);
}

/** Queues a message (shown at once as pending) and sends it when connected; `OUTBOX_FULL` when it cannot be kept. */
export function sendMessage(roomId: string, text: string, extras: ComposeExtras = {}): Result<string> {
  const user = currentUser();
  const trimmed = text.trim();
  if (!user) return failure('UNAUTHORIZED', 'not signed in');
  if (!trimmed || trimmed.length > MESSAGE_TEXT_MAX_LENGTH) return failure('INVALID_PAYLOAD', 'invalid message');
  const item = compose(roomId, trimmed, user, Date.now(), extras);
  if (!item) return failure('OUTBOX_FULL', 'too many unsent messages');
  // Sent while reading far back: the room goes to its newest messages, where the new one belongs (and the list
  // follows it down), as in WeChat, Telegram or Slack; shown under an old page it would read as an old reply.
  void loadNewest(roomId);
  draftsStore.getState().clearDraft(roomId);
  currentRuntime()?.typing.setTyping(roomId, false);
  currentRuntime()?.outbox.flush();
  return { ok: true, data: item.clientId };
}

export function retryMessage(clientId: string): void {
  const user = currentUser();
  if (!user || !retry(clientId, user)) return;
  const roomId = outboxStore.getState().items.find((item) => item.clientId === clientId)?.roomId;
  // Like a new message: a retried one goes below the newest messages, so those come back first.
  if (roomId !== undefined) void loadNewest(roomId);
  currentRuntime()?.outbox.flush();
}

export async function loadOlder(roomId: string): Promise<RequestError | null> {
  const runtime = currentRuntime();
  if (!runtime) return OFFLINE.error;
  return runtime.sync.paging.loadOlder(roomId);
}

/** The page after the held messages of a room read far back (scrolling down). */
export async function loadNewer(roomId: string): Promise<RequestError | null> {
  const runtime = currentRuntime();
  if (!runtime) return OFFLINE.error;
  return runtime.sync.paging.loadNewer(roomId);
}

/**
 * "Jump to latest" in a room read far back: its newest messages from disk at once (signed in but offline too),
 * then the server's. Nothing to do in a room that holds its newest messages.
 */
export async function loadNewest(roomId: string): Promise<RequestError | null> {
  if (!messagesStore.getState().rooms[roomId]?.hasNewer) return null;
  const runtime = currentRuntime();
  if (!runtime) {
    messagesStore.getState().showStoredNewest(roomId);
    return OFFLINE.error;
  }
  return runtime.sync.paging.loadNewest(roomId);
}

/** Opens a room at its message `seq` (a search result, a quoted message): a window around it when the message is not held. */
export async function loadAround(roomId: string, seq: number): Promise<RequestError | null> {
  const runtime = currentRuntime();
  if (!runtime) return OFFLINE.error;
  return runtime.sync.paging.loadAround(roomId, seq);
}

export function setTyping(roomId: string, isTyping: boolean): void {
  currentRuntime()?.typing.setTyping(roomId, isTyping);
}

/** Sends not yet answered on the current connection (diagnostics, tests). */
export function inFlightCount(): number {
  return currentRuntime()?.outbox.inFlightCount() ?? 0;
}
