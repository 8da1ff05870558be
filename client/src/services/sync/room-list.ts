import type { JoinedRoom, RoomListItem } from '@tandem/protocol';
import { messagesStore } from '../../stores/messages';
import { outboxStore } from '../../stores/outbox';
import { presenceStore } from '../../stores/presence';
import { receiptsStore } from '../../stores/receipts';
import { mentionsStore } from '../../stores/mentions';
import { roomsStore } from '../../stores/rooms';

/** A room the user is no longer in (refused here, or left on another device) is dropped, unsent messages included. */
export function forgetRoom(roomId: string): void {
  roomsStore.getState().left(roomId);
  messagesStore.getState().removeRoom(roomId);
  presenceStore.getState().removeRoom(roomId);
  receiptsStore.getState().removeRoom(roomId);
  outboxStore.getState().removeRoom(roomId);
}

/** A `room:join` answer's room: joined here, with the user's read state and unread mentions there. */
export function roomJoined(room: JoinedRoom): void {
  roomsStore.getState().joined(room);
  mentionsStore.getState().counted(room.id, room.mentions, room.lastSeq);
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
  for (const room of rooms) if (room.joined) mentionsStore.getState().counted(room.id, room.mentions, room.lastSeq);
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
