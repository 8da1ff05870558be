import { HISTORY_MAX_LIMIT } from '@tandem/protocol';
import type { Message, RequestInput } from '@tandem/protocol';
import { findGap } from '../stores/message-merge';
import { messagesStore } from '../stores/messages';
import { outboxStore } from '../stores/outbox';
import { presenceStore } from '../stores/presence';
import { roomsStore } from '../stores/rooms';
import type { ChatSocket } from '../platform/socket';
import { request } from './request';
import type { RequestError } from './request';

/** Catch-up pages per room before giving up on the backlog and showing the latest page instead. */
export const MAX_CATCH_UP_PAGES = 20;

/** One task at a time per room: a join, a catch-up or a gap fill never interleave. */
const queues = new Map<string, Promise<unknown>>();
const gapFillQueued = new Set<string>();

function exclusive<T>(roomId: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(roomId) ?? Promise.resolve();
  const next = previous.then(task, task);
  queues.set(roomId, next);
  void next.finally(() => {
    if (queues.get(roomId) === next) queues.delete(roomId);
  });
  return next;
}

/** A room the server no longer lets us into is dropped locally, unsent messages included. */
export function forgetRoom(roomId: string): void {
  roomsStore.getState().left(roomId);
  messagesStore.getState().removeRoom(roomId);
  presenceStore.getState().removeRoom(roomId);
  outboxStore.getState().removeRoom(roomId);
}

function applyMessages(roomId: string, messages: readonly Message[], ownUserId: string | null) {
  const gap = messagesStore.getState().received(roomId, messages);
  for (const message of messages) {
    if (message.sender.id === ownUserId) outboxStore.getState().acked(message.clientId);
    roomsStore.getState().messageArrived(message, message.sender.id === ownUserId);
  }
  return gap;
}

type JoinPayload = RequestInput<'room:join'>;

/**
 * Joins (or re-joins after a reconnect) a room and catches up: with messages held, asks for those after the
 * highest contiguous seq and pages until `hasMore` is false; without, takes the latest page.
 */
export function syncRoom(
  socket: ChatSocket,
  roomId: string,
  ownUserId: string | null,
  extra: Pick<JoinPayload, 'inviteCode'> = {},
): Promise<RequestError | null> {
  return exclusive(roomId, async () => {
    const held = messagesStore.getState().rooms[roomId];
    const afterSeq = held && held.contiguousSeq > 0 ? held.contiguousSeq : undefined;
    const joined = await request(
      socket,
      'room:join',
      afterSeq === undefined ? { roomId, ...extra } : { roomId, afterSeq, ...extra },
    );
    if (!joined.ok) {
      if (joined.error.code === 'NOT_FOUND' || joined.error.code === 'FORBIDDEN') forgetRoom(roomId);
      return joined.error;
    }
    const { room, members, online, messages, hasMore } = joined.data;
    roomsStore.getState().joined(room);
    presenceStore.getState().joined(roomId, members, online);
    applyMessages(roomId, messages, ownUserId);
    if (afterSeq !== undefined && hasMore) await catchUp(socket, roomId, ownUserId);
    await fillGaps(socket, roomId, ownUserId);
    return null;
  });
}

async function catchUp(socket: ChatSocket, roomId: string, ownUserId: string | null): Promise<void> {
  for (let page = 0; page < MAX_CATCH_UP_PAGES; page++) {
    const afterSeq = messagesStore.getState().rooms[roomId]?.contiguousSeq ?? 0;
    const result = await request(socket, 'message:history', { roomId, afterSeq, limit: HISTORY_MAX_LIMIT });
    if (!result.ok) return;
    applyMessages(roomId, result.data.messages, ownUserId);
    if (!result.data.hasMore || result.data.messages.length === 0) return;
  }
  // Too far behind: the latest page is worth more than thousands of old messages.
  const latest = await request(socket, 'room:join', { roomId });
  if (latest.ok) messagesStore.getState().replaceStored(roomId, latest.data.messages);
}

async function fillGaps(socket: ChatSocket, roomId: string, ownUserId: string | null): Promise<void> {
  for (;;) {
    const room = messagesStore.getState().rooms[roomId];
    const gap = room ? findGap(room) : null;
    if (!gap) return;
    const limit = Math.min(HISTORY_MAX_LIMIT, gap.beforeSeq - gap.afterSeq - 1);
    const result = await request(socket, 'message:history', { roomId, afterSeq: gap.afterSeq, limit });
    if (!result.ok) return;
    applyMessages(roomId, result.data.messages, ownUserId);
    const after = messagesStore.getState().rooms[roomId]?.contiguousSeq ?? 0;
    if (after <= gap.afterSeq) {
      console.error(`[sync] gap after seq ${gap.afterSeq} in room ${roomId} did not close`);
      return;
    }
  }
}

/** A message skipped seqs: fetch the missing ones (at most one fill waiting per room). */
export function fillGap(socket: ChatSocket, roomId: string, ownUserId: string | null): Promise<void> {
  if (gapFillQueued.has(roomId)) return Promise.resolve();
  gapFillQueued.add(roomId);
  return exclusive(roomId, async () => {
    gapFillQueued.delete(roomId);
    await fillGaps(socket, roomId, ownUserId);
  });
}

/** After every (re)connect: re-join and catch up every joined room. */
export async function syncJoinedRooms(socket: ChatSocket, ownUserId: string | null): Promise<void> {
  const roomIds = roomsStore.getState().joinedIds;
  await Promise.all(roomIds.map((roomId) => syncRoom(socket, roomId, ownUserId)));
}

/** Older history for scrolling up: the page before the oldest held message. */
export async function loadOlder(
  socket: ChatSocket,
  roomId: string,
  ownUserId: string | null,
): Promise<RequestError | null> {
  const messages = messagesStore.getState();
  const room = messages.rooms[roomId];
  if (!room || room.oldestSeq <= 1 || messages.loadingOlder[roomId]) return null;
  messages.setLoadingOlder(roomId, true);
  try {
    const result = await request(socket, 'message:history', { roomId, beforeSeq: room.oldestSeq });
    if (!result.ok) return result.error;
    applyMessages(roomId, result.data.messages, ownUserId);
    return null;
  } finally {
    messagesStore.getState().setLoadingOlder(roomId, false);
  }
}

export function resetSyncRuntime(): void {
  queues.clear();
  gapFillQueued.clear();
}
