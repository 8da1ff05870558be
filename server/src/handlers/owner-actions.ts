import { AppError, roomNotFound } from '../errors';
import { announceRoom, removeFromRoom, requireOtherPerson, requireOwnedRoom } from './owner';
import { defineHandler } from './define';
import type { RequestContext } from './define';

/** Owner actions (issue 12). Each checks the owner first: anyone else learns nothing about the person named. */

export const renameRoom = defineHandler('room:rename', async ({ roomId, name }, context) => {
  await requireOwnedRoom(context, roomId);
  const room = await context.services.store.renameRoom(roomId, name);
  if (!room) throw roomNotFound();
  return { room: await announceRoom(context.services, room) };
});

/** A member the owner names; `NOT_FOUND` when the person is not one. */
async function requireOtherMember(context: RequestContext, roomId: string, userId: string) {
  const person = await requireOtherPerson(context, userId);
  if (!(await context.services.store.isMember(roomId, userId))) {
    throw new AppError('NOT_FOUND', 'that person is not a member of this room');
  }
  return person;
}

export const kickMember = defineHandler('room:kick', async ({ roomId, userId }, context) => {
  await requireOwnedRoom(context, roomId);
  const person = await requireOtherMember(context, roomId, userId);
  // In the room's queue, as joins are: a join cannot slip between the check and the removal on this node.
  await context.services.roomQueue.run(roomId, () => removeFromRoom(context.services, roomId, person, 'kicked'));
  return {};
});

export const banMember = defineHandler('room:ban', async ({ roomId, userId }, context) => {
  await requireOwnedRoom(context, roomId);
  const person = await requireOtherPerson(context, userId);
  const { services } = context;
  await services.roomQueue.run(roomId, async () => {
    await services.store.banUser(roomId, userId, services.now());
    await removeFromRoom(services, roomId, person, 'banned');
  });
  return {};
});

export const unbanMember = defineHandler('room:unban', async ({ roomId, userId }, context) => {
  await requireOwnedRoom(context, roomId);
  await context.services.store.unbanUser(roomId, userId);
  return {};
});

export const transferRoom = defineHandler('room:transfer', async ({ roomId, userId }, context) => {
  await requireOwnedRoom(context, roomId);
  await requireOtherMember(context, roomId, userId);
  const room = await context.services.store.setRoomOwner(roomId, userId);
  if (!room) throw roomNotFound();
  return { room: await announceRoom(context.services, room) };
});

export const ownerHandlers = [renameRoom, kickMember, banMember, unbanMember, transferRoom];
