import type { Store } from '../store/types';

/**
 * Whether the user owns the room: for now its creator (`rooms.created_by`). The one place that decides it, so
 * ownership transfer only has to change this function.
 */
export async function isRoomOwner(store: Store, roomId: string, userId: string): Promise<boolean> {
  return (await store.findRoomCreator(roomId)) === userId;
}
