import { HISTORY_MAX_LIMIT } from '@tandem/protocol';
import type { Message, RequestEvent, RequestInput, ResultOf } from '@tandem/protocol';
import { findGap } from '../../stores/message-merge';
import { messagesStore } from '../../stores/messages';
import { presenceStore } from '../../stores/presence';
import { roomsStore } from '../../stores/rooms';
import type { Link } from '../connection/link';
import { DEFAULT_RETRY, requestWithRetry } from '../connection/retry';
import type { RetryOptions } from '../connection/retry';
import type { RequestError, Result } from '../errors';
import { messagesArrived } from './arrivals';
import { isFarBehind, showNewestPage } from './catch-up';
import { ChangeSync } from './changes';
import { giveUp } from './give-up';
import { applyRoomList, forgetRoom, roomJoined } from './room-list';
import { RoomPaging } from './paging';
import { RoomQueue } from './room-queue';

export interface SyncOptions {
  retry: RetryOptions;
  /** Rooms re-synced at once after a (re)connect: 200 joins at once would exceed the server's request rate. */
  concurrency: number;
}

export const DEFAULT_SYNC: SyncOptions = { retry: DEFAULT_RETRY, concurrency: 4 };

type JoinExtra = Pick<RequestInput<'room:join'>, 'inviteCode'>;

/**
 * Keeps the joined rooms' timelines matching the server's, for one connection runtime: the room list, joins and
 * catch-up after every (re)connect and gap filling (pages on scroll: paging.ts). One task at a time per room.
 */
export class RoomSync {
  private readonly queue = new RoomQueue();
  private readonly gapFillQueued = new Set<string>();
  /** Edits, recalls and deletes missed: asked for in the room's queue, after the pages in flight. */
  readonly changes = new ChangeSync(this.queue, (event, payload) => this.send(event, payload));
  /** Older and newer pages as the user scrolls, and "jump to latest". */
  readonly paging: RoomPaging;

  constructor(
    private readonly link: Link,
    private readonly options: () => SyncOptions,
  ) {
    this.paging = new RoomPaging({
      run: (roomId, task) => this.queue.run(roomId, task),
      send: (event, payload) => this.send(event, payload),
      arrived: (roomId, messages) => this.arrived(roomId, messages),
      catchUpToLatest: (roomId) => this.catchUpToLatest(roomId),
      ownId: () => this.link.ownId(),
    });
  }

  /** Joins a room (or re-joins it) and catches up. */
  syncRoom(roomId: string, extra: JoinExtra = {}): Promise<RequestError | null> {
    return this.queue.run(roomId, () => this.joinAndCatchUp(roomId, extra));
  }

  /** A message skipped seqs: fetch the missing ones (at most one fill waiting per room). */
  fillGap(roomId: string): Promise<void> {
    if (this.gapFillQueued.has(roomId)) return Promise.resolve();
    this.gapFillQueued.add(roomId);
    return this.queue.run(roomId, async () => {
      this.gapFillQueued.delete(roomId);
      await this.fillGaps(roomId);
    });
  }

  /** `room:list`, applied to the rooms store; the rooms joined elsewhere are returned for syncing. */
  async listRooms(): Promise<Result<{ rooms: ResultOf<'room:list'>['rooms']; added: string[] }>> {
    const joinedBefore = [...roomsStore.getState().joinedIds];
    const listed = await this.send('room:list', {});
    if (!listed.ok) return listed;
    return { ok: true, data: { rooms: listed.data.rooms, added: applyRoomList(listed.data.rooms, joinedBefore) } };
  }

  /**
   * After every (re)connect: asks which rooms the user is in (dropping those left on another device, adding those
   * joined there), then re-joins and catches up each joined room, a few at a time.
   */
  async syncJoinedRooms(): Promise<void> {
    const listed = await this.listRooms();
    if (!listed.ok) {
      // Re-joining without knowing which rooms were left elsewhere could undo those leaves: wait for the next connect.
      if (listed.error.code !== 'OFFLINE')
        console.error(`[sync] room:list failed: ${listed.error.code}; not re-synced`);
      return;
    }
    const roomIds = [...roomsStore.getState().joinedIds];
    let next = 0;
    const worker = async () => {
      while (next < roomIds.length) {
        const roomId = roomIds[next++];
        // Only a room still held as joined when its turn comes: a join would make a user who left a member again.
        if (roomId !== undefined) {
          await this.queue.run(roomId, () =>
            roomsStore.getState().joinedIds.includes(roomId) ? this.joinAndCatchUp(roomId, {}) : null,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options().concurrency, roomIds.length) }, worker));
  }

  dispose(): void {
    this.queue.clear();
    this.gapFillQueued.clear();
  }

  /** What is missing up to the room's last known seq (page after page, or its newest page), then any gap. */
  private async catchUpToLatest(roomId: string): Promise<void> {
    const lastSeq = roomsStore.getState().byId[roomId]?.lastSeq ?? 0;
    if (this.contiguousSeq(roomId) < lastSeq) await this.catchUp(roomId, lastSeq);
    await this.fillGaps(roomId);
  }

  /**
   * With messages held up to a seq less than a page behind the room's last known seq, asks for those after it;
   * otherwise (nothing held, or far behind) takes the newest page, the older history being paged in on scroll.
   * A room read far back (`hasNewer`) keeps its window: the join's page only updates the room's summary.
   */
  private async joinAndCatchUp(roomId: string, extra: JoinExtra): Promise<RequestError | null> {
    const readingBack = messagesStore.getState().rooms[roomId]?.hasNewer ?? false;
    const held = readingBack ? 0 : this.contiguousSeq(roomId);
    const farBehind = isFarBehind(held, roomsStore.getState().byId[roomId]?.lastSeq ?? 0);
    const afterSeq = held > 0 && !farBehind ? held : undefined;
    const joined = await this.send(
      'room:join',
      afterSeq === undefined ? { roomId, ...extra } : { roomId, afterSeq, ...extra },
    );
    if (!joined.ok) {
      if (joined.error.code === 'NOT_FOUND' || joined.error.code === 'FORBIDDEN') forgetRoom(roomId);
      else giveUp(roomId, 'join', joined);
      return joined.error;
    }
    const { room, members, online, messages, hasMore } = joined.data;
    roomJoined(room);
    presenceStore.getState().joined(roomId, members, online);
    if (afterSeq === undefined && held > 0) showNewestPage(roomId, messages, this.link.ownId());
    else this.arrived(roomId, messages);
    if (afterSeq !== undefined && hasMore) await this.catchUp(roomId, room.lastSeq);
    await this.fillGaps(roomId);
    // Edits, recalls and deletes of messages held from before, made while this device was away.
    await this.changes.catchUpTo(roomId, room.changeSeq ?? 0);
    return null;
  }

  /**
   * The rest after a join with `afterSeq` that said `hasMore` (messages came after the room list was read): page by
   * page when less than a page is missing, else the newest page.
   */
  private async catchUp(roomId: string, lastSeq: number): Promise<void> {
    if (isFarBehind(this.contiguousSeq(roomId), lastSeq)) {
      const newest = await this.send('message:history', { roomId, limit: HISTORY_MAX_LIMIT });
      if (newest.ok) showNewestPage(roomId, newest.data.messages, this.link.ownId());
      else giveUp(roomId, 'catch-up', newest);
      return;
    }
    for (let hasMore = true; hasMore;) {
      const afterSeq = this.contiguousSeq(roomId);
      const page = await this.send('message:history', { roomId, afterSeq, limit: HISTORY_MAX_LIMIT });
      if (!page.ok) return giveUp(roomId, 'catch-up', page);
      this.arrived(roomId, page.data.messages);
      hasMore = page.data.hasMore && this.contiguousSeq(roomId) > afterSeq;
    }
  }

  private async fillGaps(roomId: string): Promise<void> {
    for (;;) {
      const room = messagesStore.getState().rooms[roomId];
      const gap = room ? findGap(room) : null;
      if (!gap) return;
      const limit = Math.min(HISTORY_MAX_LIMIT, gap.beforeSeq - gap.afterSeq - 1);
      const result = await this.send('message:history', { roomId, afterSeq: gap.afterSeq, limit });
      if (!result.ok) return giveUp(roomId, 'gap fill', result);
      this.arrived(roomId, result.data.messages);
      if (this.contiguousSeq(roomId) <= gap.afterSeq) {
        console.error(`[sync] gap after seq ${gap.afterSeq} in room ${roomId} did not close`);
        return;
      }
    }
  }

  private arrived(roomId: string, messages: readonly Message[]): void {
    // Gaps are this class's own business: the caller fills them once its pages are in.
    messagesArrived(roomId, messages, this.link.ownId());
  }

  private contiguousSeq(roomId: string): number {
    return messagesStore.getState().rooms[roomId]?.contiguousSeq ?? 0;
  }

  /** A request of this connection, retried while it lasts. */
  private send<E extends RequestEvent>(event: E, payload: RequestInput<E>): Promise<Result<ResultOf<E>>> {
    const generation = this.link.generation();
    const cancelled = () => generation !== this.link.generation();
    return requestWithRetry(this.link.socket, event, payload, this.options().retry, cancelled);
  }
}
