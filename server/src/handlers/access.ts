import { AppError, notAMember, roomNotFound } from '../errors';
import { userKey } from '../io';
import type { RoomRecord, Store } from '../store/types';
import type { RequestContext } from './define';

/** Passes for a member; otherwise `NOT_FOUND` for an unknown room, `FORBIDDEN` for a non-member. */
export async function requireMember(store: Store, roomId: string, userId: string): Promise<void> {
  if (await store.isMember(roomId, userId)) return;
  if (!(await store.findRoom(roomId))) throw roomNotFound();
  throw notAMember();
}

/** FORBIDDEN when the user may not be in one more room. Run it in the user's queue, so creates and joins count. */
export async function requireRoomToSpare({ services, user }: RequestContext): Promise<void> {
  const max = services.limits.maxRoomsPerUser;
  if ((await services.store.listRoomIdsOf(user.id)).length >= max) {
    throw new AppError('FORBIDDEN', `you are already in ${max} rooms, the most allowed: leave one first`);
  }
}

const bannedFrom = () => new AppError('FORBIDDEN', 'the room’s owner has banned you from this room');

async function requireValidInvite({ services }: RequestContext, roomId: string, code: string | undefined) {
  const invite = code === undefined ? undefined : await services.store.findInvite(code);
  if (!invite || invite.roomId !== roomId || invite.expiresAt <= services.now()) {
    throw new AppError('FORBIDDEN', 'this private room needs a valid invite code');
  }
}

/**
 * Makes the user a member unless it is one: never a person the owner banned (not even with an invite), a private
 * room needs a valid invite for it, and neither the room nor the user may be at its cap. The caps are checked and the member added in the user's queue, then the room's, so
 * concurrent joins cannot overshoot them. True when the membership is new.
 */
export async function admit(context: RequestContext, room: RoomRecord, inviteCode: string | undefined) {
  const { services, user } = context;
  const { store, roomQueue, limits } = services;
  if (await store.isMember(room.id, user.id)) return false;
  if (await store.isBanned(room.id, user.id)) throw bannedFrom();
  if (room.visibility === 'private') await requireValidInvite(context, room.id, inviteCode);
  return roomQueue.run(userKey(user.id), () =>
    roomQueue.run(room.id, async () => {
      if (await store.isMember(room.id, user.id)) return false;
      // Again in the room's queue, where the owner's ban runs: a ban that raced this join wins on this node.
      if (await store.isBanned(room.id, user.id)) throw bannedFrom();
      await requireRoomToSpare(context);
      const current = await store.findRoom(room.id);
      if (!current) throw roomNotFound();
      if (current.memberCount >= limits.maxRoomMembers) {
        throw new AppError(
          'FORBIDDEN',
          `this room is full: it has the most members allowed (${limits.maxRoomMembers})`,
        );
      }
      return store.addMember(room.id, user.id, services.now());
    }),
  );
}
