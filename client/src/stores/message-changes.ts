import type { Message } from '@tandem/protocol';
import { fromServer, isNewerVersion } from './message-merge';
import type { ChatMessage, RoomMessages } from './message-merge';

/**
 * Applies later versions of stored messages (edits, recalls, deletes) to the ones the room holds, each only when its
 * changeSeq is newer than the held copy's: idempotent, and in any order. A message not held is left out (it comes
 * as it is now when paged in). Returns the same room object when nothing changed.
 */
export function applyMessageChanges(room: RoomMessages, messages: readonly Message[]): RoomMessages {
  let byKey: Record<string, ChatMessage> | null = null;
  for (const message of messages) {
    const incoming = fromServer(message);
    const held = (byKey ?? room.byKey)[incoming.key];
    if (!held || held.id !== incoming.id || !isNewerVersion(held, incoming)) continue;
    byKey ??= { ...room.byKey };
    byKey[incoming.key] = incoming;
  }
  // Ids and seqs are unchanged, so the order and the derived fields are too.
  return byKey ? { ...room, byKey } : room;
}
