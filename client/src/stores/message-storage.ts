import type { PersistStorage, StorageValue } from 'zustand/middleware';
import type { Message } from '@tandem/protocol';
import { buildRoom, emptyRoom, fromServer, recentStored } from './message-merge';
import type { ChatMessage, RoomMessages } from './message-merge';
import { platformStorage } from '../platform/storage';
import type { PlatformStorage } from '../platform/storage';

/** Messages kept on disk per room: the newest ones, enough to show a room at once after a restart. */
export const PERSISTED_MESSAGES_PER_ROOM = 200;
/**
 * Characters per room key: at most 3 bytes each in UTF-8, so a key stays under 600 KB (WeChat allows 1 MB).
 * Long CJK messages reach it before the message count does.
 */
export const MAX_ROOM_CHARS = 200_000;
/** Characters for all rooms together: under 6 MB of WeChat's 10 MB, leaving room for everything else. */
export const MAX_TOTAL_CHARS = 2_000_000;

export interface PersistedMessages {
  rooms: Record<string, RoomMessages>;
  changeSeqs: Record<string, number>;
}

interface MessagesIndex {
  roomIds: string[];
  version?: number;
  /** Per room, the change seq its messages on disk are up to date with (absent in older indexes: 0). */
  changeSeqs?: Record<string, number>;
}

export interface RoomSplitStorage extends PersistStorage<PersistedMessages> {
  /** The messages stored on disk for one room (its newest when it was last written), or null. */
  readRoom(name: string, roomId: string): Message[] | null;
}

/**
 * Keeps each room's recent stored messages under its own key (`<name>.<roomId>`) plus an index key, and writes
 * only the rooms whose state object changed since the last write. Unsent messages are not stored here: the
 * outbox owns them. A room holding an older window (`hasNewer`, read far back) is not written: its disk copy stays
 * the newest messages, which open the room after a restart and come back first on "jump to latest".
 */
export function createRoomSplitStorage(
  storage: PlatformStorage = platformStorage,
  limit = PERSISTED_MESSAGES_PER_ROOM,
): RoomSplitStorage {
  const written = new Map<string, RoomMessages>();
  const writtenChars = new Map<string, number>();
  /** The change seq each room's messages on disk are up to date with. */
  const writtenChangeSeqs = new Map<string, number>();
  const roomKey = (name: string, roomId: string) => `${name}.${roomId}`;

  /** The room's newest messages as JSON, within its share of the character budgets. */
  const serialize = (roomId: string, room: RoomMessages): string => {
    let othersChars = 0;
    for (const [id, chars] of writtenChars) if (id !== roomId) othersChars += chars;
    const budget = Math.max(0, Math.min(MAX_ROOM_CHARS, MAX_TOTAL_CHARS - othersChars));
    const messages = recentStored(room, limit);
    let json = JSON.stringify(messages);
    while (json.length > budget && messages.length > 0) {
      messages.splice(0, Math.max(1, Math.ceil(messages.length / 10)));
      json = JSON.stringify(messages);
    }
    return json;
  };

  return {
    getItem(name) {
      const index = parseJson<MessagesIndex>(storage.getItem(name), name);
      if (!index) return null;
      const rooms: Record<string, RoomMessages> = {};
      const changeSeqs: Record<string, number> = {};
      for (const roomId of index.roomIds) {
        const messages = parseJson<Message[]>(storage.getItem(roomKey(name, roomId)), roomKey(name, roomId));
        if (!messages) continue;
        writtenChars.set(roomId, JSON.stringify(messages).length);
        const byKey: Record<string, ChatMessage> = {};
        for (const message of messages) {
          const chatMessage = fromServer(message);
          byKey[chatMessage.key] = chatMessage;
        }
        rooms[roomId] = buildRoom(byKey);
        written.set(roomId, rooms[roomId]);
        changeSeqs[roomId] = index.changeSeqs?.[roomId] ?? 0;
        writtenChangeSeqs.set(roomId, changeSeqs[roomId]);
      }
      return { state: { rooms, changeSeqs }, version: index.version ?? 0 };
    },
    setItem(name, value: StorageValue<PersistedMessages>) {
      const { rooms } = value.state;
      const roomIds = Object.keys(rooms);
      for (const roomId of roomIds) {
        const room = rooms[roomId] ?? emptyRoom;
        // A room not written keeps the change seq of its disk copy, unless that copy is what memory holds.
        if (!room.hasNewer) writtenChangeSeqs.set(roomId, value.state.changeSeqs[roomId] ?? 0);
        if (written.get(roomId) === room || room.hasNewer) continue;
        const json = serialize(roomId, room);
        storage.setItem(roomKey(name, roomId), json);
        written.set(roomId, room);
        writtenChars.set(roomId, json.length);
      }
      for (const roomId of [...written.keys()]) {
        if (roomId in rooms) continue;
        storage.removeItem(roomKey(name, roomId));
        written.delete(roomId);
        writtenChars.delete(roomId);
        writtenChangeSeqs.delete(roomId);
      }
      const changeSeqs = Object.fromEntries(roomIds.map((id) => [id, writtenChangeSeqs.get(id) ?? 0]));
      const index: MessagesIndex = { roomIds, version: value.version, changeSeqs };
      storage.setItem(name, JSON.stringify(index));
    },
    readRoom(name, roomId) {
      return parseJson<Message[]>(storage.getItem(roomKey(name, roomId)), roomKey(name, roomId));
    },
    removeItem(name) {
      const index = parseJson<MessagesIndex>(storage.getItem(name), name);
      for (const roomId of index?.roomIds ?? []) storage.removeItem(roomKey(name, roomId));
      storage.removeItem(name);
      written.clear();
      writtenChars.clear();
      writtenChangeSeqs.clear();
    },
  };
}

function parseJson<T>(text: string | null, key: string): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    console.error(`[storage] ${key} is not valid JSON; ignoring it`, error);
    return null;
  }
}
