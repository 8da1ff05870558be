import { HISTORY_MAX_LIMIT } from '@tandem/protocol';
import type { Message, RequestEvent, RequestInput, ResultOf } from '@tandem/protocol';
import { messagesStore } from '../../stores/messages';
import type { RequestError, Result } from '../errors';
import { showNewestPage } from './catch-up';

/** Messages fetched on each side of a message the room is opened at. */
const AROUND_PAGE = 30;

/** What paging needs of the room sync it belongs to. */
export interface PagingHost {
  /** Runs a task in the room's queue (after its join, catch-up or gap fill). */
  run<T>(roomId: string, task: () => Promise<T>): Promise<T>;
  send<E extends RequestEvent>(event: E, payload: RequestInput<E>): Promise<Result<ResultOf<E>>>;
  arrived(roomId: string, messages: readonly Message[]): void;
  /** Fetches what is missing up to the room's last known seq, then any gap. */
  catchUpToLatest(roomId: string): Promise<void>;
  ownId(): string | null;
}

/**
 * History as the user scrolls: older pages above the held messages, and, in a room read far back that dropped its
 * newest messages to stay bounded (`hasNewer`), newer pages below them and "jump to latest".
 */
export class RoomPaging {
  constructor(private readonly host: PagingHost) {}

  /** Older history for scrolling up: the page before the oldest held message. */
  async loadOlder(roomId: string): Promise<RequestError | null> {
    const messages = messagesStore.getState();
    const room = messages.rooms[roomId];
    if (!room || room.oldestSeq <= 1 || messages.loadingOlder[roomId]) return null;
    messages.setLoadingOlder(roomId, true);
    try {
      const beforeSeq = room.oldestSeq;
      const result = await this.host.send('message:history', { roomId, beforeSeq });
      if (!result.ok) return result.error;
      // The room was replaced meanwhile (its newest page came): this page no longer joins its oldest message.
      if (messagesStore.getState().rooms[roomId]?.oldestSeq !== beforeSeq) return null;
      this.host.arrived(roomId, result.data.messages);
      return null;
    } finally {
      messagesStore.getState().setLoadingOlder(roomId, false);
    }
  }

  /**
   * Scrolling down in a room read far back: the page after the held messages. Once a page says nothing newer is
   * left, the room holds up to its newest again (and fetches any message that came meanwhile).
   */
  loadNewer(roomId: string): Promise<RequestError | null> {
    const messages = messagesStore.getState();
    if (!messages.rooms[roomId]?.hasNewer || messages.loadingNewer[roomId]) return Promise.resolve(null);
    messages.setLoadingNewer(roomId, true);
    return this.host.run(roomId, async () => {
      try {
        return await this.pageNewer(roomId);
      } finally {
        messagesStore.getState().setLoadingNewer(roomId, false);
      }
    });
  }

  /**
   * "Jump to latest" in a room read far back: the newest messages kept on disk at once (offline too), then the
   * server's: what came after them, or its newest page when there is no disk copy.
   */
  loadNewest(roomId: string): Promise<RequestError | null> {
    if (!messagesStore.getState().rooms[roomId]?.hasNewer) return Promise.resolve(null);
    messagesStore.getState().showStoredNewest(roomId);
    return this.host.run(roomId, () => this.catchUpToNewest(roomId));
  }

  /**
   * Opens the room at `seq` (a search result, a tap on a quoted message): nothing to fetch when the message is held; otherwise a window of
   * pages before and after it replaces the held messages (newer ones come back as the user scrolls down).
   */
  loadAround(roomId: string, seq: number): Promise<RequestError | null> {
    return this.host.run(roomId, async () => {
      const held = messagesStore.getState().rooms[roomId];
      if (held && held.keys.some((key) => held.byKey[key]?.seq === seq)) return null;
      const [before, after] = await Promise.all([
        this.host.send('message:history', { roomId, beforeSeq: seq + 1, limit: AROUND_PAGE }),
        this.host.send('message:history', { roomId, afterSeq: seq, limit: AROUND_PAGE }),
      ]);
      if (!before.ok) return before.error;
      if (!after.ok) return after.error;
      const messages = [...before.data.messages, ...after.data.messages];
      messagesStore.getState().showWindow(roomId, messages, after.data.hasMore);
      if (!after.data.hasMore) await this.host.catchUpToLatest(roomId);
      return null;
    });
  }

  private async pageNewer(roomId: string): Promise<RequestError | null> {
    const room = messagesStore.getState().rooms[roomId];
    if (!room?.hasNewer) return null;
    const afterSeq = room.contiguousSeq;
    const page = await this.host.send('message:history', { roomId, afterSeq, limit: HISTORY_MAX_LIMIT });
    if (!page.ok) return page.error;
    const now = messagesStore.getState().rooms[roomId];
    // Jumped to the latest meanwhile: this page belongs to the window that was left.
    if (!now?.hasNewer || now.contiguousSeq !== afterSeq) return null;
    this.host.arrived(roomId, page.data.messages);
    if (page.data.hasMore) return null;
    messagesStore.getState().reachedNewest(roomId);
    // A message broadcast while the page was read was not held (it was past the window): fetch what is missing.
    await this.host.catchUpToLatest(roomId);
    return null;
  }

  private async catchUpToNewest(roomId: string): Promise<RequestError | null> {
    if (messagesStore.getState().rooms[roomId]?.hasNewer) {
      // No disk copy newer than the window: the window stays until the server's newest page replaces it.
      const newest = await this.host.send('message:history', { roomId, limit: HISTORY_MAX_LIMIT });
      if (!newest.ok) {
        if (newest.error.code !== 'OFFLINE')
          console.error(`[sync] newest page of room ${roomId}: ${newest.error.code}`);
        return newest.error;
      }
      if (messagesStore.getState().rooms[roomId]?.hasNewer) {
        showNewestPage(roomId, newest.data.messages, this.host.ownId());
      }
    }
    await this.host.catchUpToLatest(roomId);
    return null;
  }
}
