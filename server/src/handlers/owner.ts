import type { Room, User } from '@tandem/protocol';
import { AppError, roomNotFound } from '../errors';
import { roomKey, userKey } from '../io';
import { publicUser } from '../store/rows';
import type { RoomRecord } from '../store/types';
import type { RequestContext, Services } from './define';

/** The one owner rule: the room's owner is `ownerId` (its creator until handed over). */
export function isRoomOwner(room: { ownerId: string }, userId: string): boolean {
  return room.ownerId === userId;
}

/**
 * The room, when the user owns it and it is not a direct conversation (which has no owner actions); otherwise
 * `NOT_FOUND` for an unknown room, `FORBIDDEN` for anyone else.
 */
export async function requireOwnedRoom({ services, user }: RequestContext, roomId: string): Promise<RoomRecord> {
  const room = await services.store.findRoom(roomId);
  if (!room) throw roomNotFound();
  if (room.direct !== undefined) throw new AppError('FORBIDDEN', 'a direct conversation has no owner');
  if (!isRoomOwner(room, user.id)) throw new AppError('FORBIDDEN', 'only the room’s owner may do this');
  return room;
}

/** The other person an owner action names: never the owner, and a known user. */
export async function requireOtherPerson({ services, user }: RequestContext, userId: string): Promise<User> {
  if (userId === user.id) throw new AppError('INVALID_PAYLOAD', 'the owner cannot do this to themselves');
  const found = await services.store.findUser(userId);
  if (!found) throw new AppError('NOT_FOUND', 'no such user');
  return publicUser(found);
}

/** Tells the room (every socket, on every node) what the room is now. */
export async function announceRoom({ io, presence }: Services, room: RoomRecord): Promise<Room> {
  const [onlineCount = 0] = await presence.onlineCounts([room.id]);
  const updated: Room = { ...room, onlineCount };
  io.to(roomKey(room.id)).emit('room:updated', { room: updated });
  return updated;
}

/**
 * Ends a membership the owner ended: the room hears `member:left` (the removed person's devices too), then every
 * socket of the person, on every node, gets `room:removed` and stops hearing the room, as `room:leave` does.
 */
export async function removeFromRoom(
  { store, io, presence, presenceChanges }: Services,
  roomId: string,
  person: User,
  reason: 'kicked' | 'banned',
): Promise<boolean> {
  const removed = await store.removeMember(roomId, person.id);
  if (!removed) return false;
  io.to(roomKey(roomId)).emit('member:left', { roomId, user: person });
  io.to(userKey(person.id)).emit('room:removed', { roomId, reason });
  io.in(userKey(person.id)).socketsLeave(roomKey(roomId));
  if (await presence.left(roomId, person.id)) presenceChanges.went([roomId], person.id);
  return true;
}
