import { HISTORY_MAX_LIMIT } from '@tandem/protocol';
import type { Message, RequestEvent, RequestInput, ResultOf, RoomListItem } from '@tandem/protocol';
import { findGap } from '../stores/message-merge';
import { messagesStore } from '../stores/messages';
import { outboxStore } from '../stores/outbox';
import { presenceStore } from '../stores/presence';
import { roomsStore } from '../stores/rooms';
import type { ChatSocket } from '../platform/socket';
import { fetchRange } from './catch-up';
import type { RequestError, Result } from './request';
import { DEFAULT_RETRY, requestWithRetry } from './retry';
import type { RetryOptions } from './retry';

export interface SyncOptions {
  retry: RetryOptions;
  /** Rooms re-synced at once after a (re)connect: 200 joins at once would exceed the server's request rate. */
  concurrency: number;
  /**
   * History pages one room's catch-up has in flight at once; `concurrency` rooms at a time bound the total. The
   * number of requests does not change (10,000 missed messages are 100 pages, well within the server's 300 per 10 s).
   */
  catchUpPages: number;
}

const options: SyncOptions = { retry: DEFAULT_RETRY, concurrency: 4, catchUpPages: 5 };

/** One task at a time per room: a join, a catch-up or a gap fill never interleave. */
const queues = new Map<string, Promise<unknown>>();
const gapFillQueued = new Set<string>();
/** Bumped on every disconnect: retries of an older connection's requests stop (the next connect re-syncs). */
let connectionGeneration = 0;

export function configureSync(overrides: Partial<SyncOptions>): void {
  Object.assign(options, overrides);
}

function exclusive<T>(roomId: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(roomId) ?? Promise.resolve();
  const next = previous.then(task, task);
  queues.set(roomId, next);
  void next.finally(() => {
    if (queues.get(roomId) === next) queues.delete(roomId);
  });
  return next;
}

/** A request of this connection, retried while it lasts. */
function send<E extends RequestEvent>(socket: ChatSocket, event: E, payload: RequestInput<E>) {
  const generation = connectionGeneration;
  return requestWithRetry(socket, event, payload, options.retry, () => generation !== connectionGeneration);
}

function giveUp(roomId: string, what: string, result: Result<unknown>): void {
  if (!result.ok && result.error.code !== 'OFFLINE') {
    console.error(`[sync] ${what} of room ${roomId} failed: ${result.error.code}; retried on the next connection`);
  }
}

/** A room the user is no longer in (refused here, or left on another device) is dropped, unsent messages included. */
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
 * Joins a room (or re-joins it after a reconnect) and catches up: with messages held, asks for those after the
 * highest contiguous seq and pages until `hasMore` is false; without, takes the latest page.
 */
export function syncRoom(
  socket: ChatSocket,
  roomId: string,
  ownUserId: string | null,
  extra: Pick<JoinPayload, 'inviteCode'> = {},
): Promise<RequestError | null> {
  return exclusive(roomId, () => joinAndCatchUp(socket, roomId, ownUserId, extra));
}

/** A re-join of a room still held as joined when its turn comes (a join would make a user who left a member again). */
function resyncRoom(socket: ChatSocket, roomId: string, ownUserId: string | null): Promise<RequestError | null> {
  return exclusive(roomId, async () => {
    if (!roomsStore.getState().joinedIds.includes(roomId)) return null;
    return joinAndCatchUp(socket, roomId, ownUserId, {});
  });
}

async function joinAndCatchUp(
  socket: ChatSocket,
  roomId: string,
  ownUserId: string | null,
  extra: Pick<JoinPayload, 'inviteCode'>,
): Promise<RequestError | null> {
  const held = messagesStore.getState().rooms[roomId];
  const afterSeq = held && held.contiguousSeq > 0 ? held.contiguousSeq : undefined;
  const joined = await send(
    socket,
    'room:join',
    afterSeq === undefined ? { roomId, ...extra } : { roomId, afterSeq, ...extra },
  );
  if (!joined.ok) {
    if (joined.error.code === 'NOT_FOUND' || joined.error.code === 'FORBIDDEN') forgetRoom(roomId);
    else giveUp(roomId, 'join', joined);
    return joined.error;
  }
  const { room, members, online, messages, hasMore } = joined.data;
  roomsStore.getState().joined(room);
  presenceStore.getState().joined(roomId, members, online);
  applyMessages(roomId, messages, ownUserId);
  if (afterSeq !== undefined && hasMore) await catchUp(socket, roomId, ownUserId, room.lastSeq);
  await fillGaps(socket, roomId, ownUserId);
  return null;
}

const contiguousSeq = (roomId: string) => messagesStore.getState().rooms[roomId]?.contiguousSeq ?? 0;

/**
 * Fetches to the end: the timeline holds every message after the last contiguous seq (disk keeps the newest). The
 * range up to `lastSeq` (from the join) is fetched in parallel pages, then any messages sent meanwhile page by page.
 */
async function catchUp(socket: ChatSocket, roomId: string, ownUserId: string | null, lastSeq: number) {
  const fetchPage = async (afterSeq: number) => {
    const result = await send(socket, 'message:history', { roomId, afterSeq, limit: HISTORY_MAX_LIMIT });
    if (!result.ok) {
      giveUp(roomId, 'catch-up', result);
      return null;
    }
    // A page answered before an earlier one leaves a gap for now, not fetched: the earlier page is on its way.
    applyMessages(roomId, result.data.messages, ownUserId);
    return { hasMore: result.data.hasMore && result.data.messages.length > 0 };
  };
  let hasMore = await fetchRange(contiguousSeq(roomId), lastSeq, options.catchUpPages, fetchPage);
  while (hasMore) hasMore = (await fetchPage(contiguousSeq(roomId)))?.hasMore ?? false;
}

async function fillGaps(socket: ChatSocket, roomId: string, ownUserId: string | null): Promise<void> {
  for (;;) {
    const room = messagesStore.getState().rooms[roomId];
    const gap = room ? findGap(room) : null;
    if (!gap) return;
    const limit = Math.min(HISTORY_MAX_LIMIT, gap.beforeSeq - gap.afterSeq - 1);
    const result = await send(socket, 'message:history', { roomId, afterSeq: gap.afterSeq, limit });
    if (!result.ok) return giveUp(roomId, 'gap fill', result);
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

/**
 * Writes a `room:list` answer into the rooms store and makes the joined rooms match the server's: a room held as
 * joined since before the request (`joinedBefore`) that the server says the user is not in was left on another
 * device, and is dropped; a room the user is in but this device does not hold was joined elsewhere, and is added.
 * Returns the added rooms, which have no messages yet.
 */
export function applyRoomList(rooms: readonly RoomListItem[], joinedBefore: readonly string[]): string[] {
  const memberOf = new Set(rooms.filter((room) => room.joined).map((room) => room.id));
  roomsStore.getState().listed(rooms.map(({ joined: _joined, ...room }) => room));
  for (const roomId of joinedBefore) {
    if (!memberOf.has(roomId) && roomsStore.getState().joinedIds.includes(roomId)) forgetRoom(roomId);
  }
  const added: string[] = [];
  for (const { joined, ...room } of rooms) {
    if (!joined || roomsStore.getState().joinedIds.includes(room.id)) continue;
    roomsStore.getState().joined(room);
    added.push(room.id);
  }
  return added;
}

/** `room:list`, applied as above; the rooms joined elsewhere are returned for syncing. */
export async function listRooms(
  socket: ChatSocket,
): Promise<Result<{ rooms: ResultOf<'room:list'>['rooms']; added: string[] }>> {
  const joinedBefore = [...roomsStore.getState().joinedIds];
  const listed = await send(socket, 'room:list', {});
  if (!listed.ok) return listed;
  return { ok: true, data: { rooms: listed.data.rooms, added: applyRoomList(listed.data.rooms, joinedBefore) } };
}

/**
 * After every (re)connect: asks which rooms the user is in (dropping those left on another device, adding those
 * joined there), then re-joins and catches up each joined room, a few at a time.
 */
export async function syncJoinedRooms(socket: ChatSocket, ownUserId: string | null): Promise<void> {
  const listed = await listRooms(socket);
  if (!listed.ok) {
    // Re-joining without knowing which rooms were left elsewhere could undo those leaves: wait for the next connect.
    if (listed.error.code !== 'OFFLINE')
      console.error(`[sync] room:list failed: ${listed.error.code}; rooms not re-synced`);
    return;
  }
  const roomIds = [...roomsStore.getState().joinedIds];
  let next = 0;
  const worker = async () => {
    while (next < roomIds.length) {
      const roomId = roomIds[next++];
      if (roomId !== undefined) await resyncRoom(socket, roomId, ownUserId);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, roomIds.length) }, worker));
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
    const result = await send(socket, 'message:history', { roomId, beforeSeq: room.oldestSeq });
    if (!result.ok) return result.error;
    applyMessages(roomId, result.data.messages, ownUserId);
    return null;
  } finally {
    messagesStore.getState().setLoadingOlder(roomId, false);
  }
}

/** The connection is gone: pending retries stop (the next connect re-syncs every room). */
export function connectionLost(): void {
  connectionGeneration += 1;
}

export function resetSyncRuntime(): void {
  connectionLost();
  queues.clear();
  gapFillQueued.clear();
}
