import type { Store } from '../store/types';

/**
 * Whether the user owns the room: for now the room's creator (`rooms.created_by`). The one place that decides who
 * may moderate a room, so a later ownership model (transfer, several owners) changes only this function.
 */
export async function isRoomOwner(store: Store, roomId: string, userId: string): Promise<boolean> {
  return (await store.findRoomOwner(roomId)) === userId;
}
