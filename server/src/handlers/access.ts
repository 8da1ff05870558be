import { notAMember, roomNotFound } from '../errors';
import type { Store } from '../store/types';

/** Passes for a member; otherwise `NOT_FOUND` for an unknown room, `FORBIDDEN` for a non-member. */
export async function requireMember(store: Store, roomId: string, userId: string): Promise<void> {
  if (await store.isMember(roomId, userId)) return;
  if (!(await store.findRoom(roomId))) throw roomNotFound();
  throw notAMember();
}
