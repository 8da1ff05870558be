import type { Message } from '@tandem/protocol';
import { AppError } from '../errors';
import { roomKey } from '../io';
import type { MessageChange } from '../store/types';
import { requireMember } from './access';
import { defineHandler } from './define';
import type { RequestContext } from './define';
import { requireOwnedRoom } from './owner';

const messageNotFound = () => new AppError('NOT_FOUND', 'message not found');
const tombstone = () => new AppError('CONFLICT', 'this message was recalled or deleted');

/** A message of a room the user is a member of (tombstones included); NOT_FOUND for none. */
async function findRoomMessage({ services, user }: RequestContext, roomId: string, messageId: string) {
  await requireMember(services.store, roomId, user.id);
  const message = await services.store.findMessage(roomId, messageId);
  if (!message) throw messageNotFound();
  return message;
}

function requireOwnLive(message: Message, userId: string, verb: string): void {
  if (message.sender.id !== userId) throw new AppError('FORBIDDEN', `you can only ${verb} your own messages`);
  if (message.state) throw tombstone();
}

/**
 * Stores the change, then tells the room (through the adapter, so every node's sockets hear it), then acks. A
 * change that lost a race with a recall or delete of the same message finds a tombstone: CONFLICT.
 */
async function applyChange({ services }: RequestContext, change: MessageChange): Promise<{ message: Message }> {
  const message = await services.store.changeMessage(change);
  if (!message) throw tombstone();
  services.io.to(roomKey(message.roomId)).emit('message:updated', { message });
  return { message };
}

export const editMessage = defineHandler(
  'message:edit',
  async ({ roomId, messageId, text }, context) => {
    requireOwnLive(await findRoomMessage(context, roomId, messageId), context.user.id, 'edit');
    return applyChange(context, { kind: 'edit', roomId, messageId, text, at: context.services.now() });
  },
  { rate: 'messageSend' },
);

export const recallMessage = defineHandler('message:recall', async ({ roomId, messageId }, context) => {
  const message = await findRoomMessage(context, roomId, messageId);
  requireOwnLive(message, context.user.id, 'recall');
  const { now, recallWindowMs } = context.services;
  const at = now();
  if (at - message.createdAt > recallWindowMs) {
    throw new AppError('FORBIDDEN', `a message can be recalled only within ${recallWindowMs / 1000}s of sending`);
  }
  return applyChange(context, { kind: 'recall', roomId, messageId, at });
});

export const deleteMessage = defineHandler('message:delete', async ({ roomId, messageId }, context) => {
  const { services, user } = context;
  await requireMember(services.store, roomId, user.id);
  await requireOwnedRoom(context, roomId);
  const message = await findRoomMessage(context, roomId, messageId);
  if (message.state) throw tombstone();
  return applyChange(context, { kind: 'delete', roomId, messageId, at: services.now() });
});

export const messageChanges = defineHandler(
  'message:changes',
  async ({ roomId, afterChangeSeq, limit }, { services, user }) => {
    await requireMember(services.store, roomId, user.id);
    return services.store.listChanges(roomId, afterChangeSeq, limit);
  },
);

export const messageChangeHandlers = [editMessage, recallMessage, deleteMessage, messageChanges];
