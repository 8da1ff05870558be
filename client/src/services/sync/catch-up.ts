import { HISTORY_MAX_LIMIT } from '@tandem/protocol';
import type { Message } from '@tandem/protocol';
import { recentStored } from '../../stores/message-merge';
import { messagesStore } from '../../stores/messages';
import { messagesArrived } from './arrivals';

/**
 * More than one page behind: catching up would bring a backlog into memory that nobody may scroll to. Such a room
 * shows its newest page instead, and the older history is paged in as the user scrolls (`loadOlder`).
 */
export function isFarBehind(heldSeq: number, lastSeq: number): boolean {
  return heldSeq > 0 && lastSeq - heldSeq > HISTORY_MAX_LIMIT;
}

/**
 * Shows a far-behind room from its newest page: held stored messages older than the page are dropped (they are
 * the older history now, paged in again on scroll), held ones within or after it (a broadcast that came first)
 * and unsent ones stay. The timeline stays gapless from its oldest message, so exactly-once and order still hold.
 */
export function showNewestPage(roomId: string, newest: readonly Message[], ownUserId: string | null): void {
  const first = newest[0]?.seq;
  if (first === undefined) return;
  const room = messagesStore.getState().rooms[roomId];
  const newer = room ? recentStored(room, Number.MAX_SAFE_INTEGER).filter((message) => message.seq > first) : [];
  messagesStore.getState().replaceStored(roomId, [...newest, ...newer]);
  messagesArrived(roomId, newest, ownUserId);
}
