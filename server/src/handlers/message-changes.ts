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
 * change that lost a race with a recall or delete of the same message finds a tombstone: CONFLICT. A tombstone's
 * media is released (its file deleted when no other upload holds the same bytes); an edited caption keeps its media.
 */
async function applyChange(
  { services }: RequestContext,
  change: MessageChange,
  media: Message['media'],
): Promise<{ message: Message }> {
  const changed = await services.store.changeMessage(change);
  if (!changed) throw tombstone();
  if (media && change.kind !== 'edit') await services.media.release(media.id);
  const message = media && change.kind === 'edit' ? { ...changed, media } : changed;
  services.io.to(roomKey(message.roomId)).emit('message:updated', { message });
  return { message };
}

/** The message with its media (a store read carries none): what a change acts on. */
async function withMedia({ services }: RequestContext, message: Message): Promise<Message> {
  return (await services.media.withMedia([message]))[0] ?? message;
}

export const editMessage = defineHandler(
  'message:edit',
  async ({ roomId, messageId, text }, context) => {
    const message = await withMedia(context, await findRoomMessage(context, roomId, messageId));
    requireOwnLive(message, context.user.id, 'edit');
    return applyChange(context, { kind: 'edit', roomId, messageId, text, at: context.services.now() }, message.media);
  },
  { rate: 'messageSend' },
);

export const recallMessage = defineHandler('message:recall', async ({ roomId, messageId }, context) => {
  const message = await withMedia(context, await findRoomMessage(context, roomId, messageId));
  requireOwnLive(message, context.user.id, 'recall');
  const { now, recallWindowMs } = context.services;
  const at = now();
  if (at - message.createdAt > recallWindowMs) {
    throw new AppError('FORBIDDEN', `a message can be recalled only within ${recallWindowMs / 1000}s of sending`);
  }
  return applyChange(context, { kind: 'recall', roomId, messageId, at }, message.media);
});

export const deleteMessage = defineHandler('message:delete', async ({ roomId, messageId }, context) => {
  const { services, user } = context;
  await requireMember(services.store, roomId, user.id);
  await requireOwnedRoom(context, roomId);
  const message = await withMedia(context, await findRoomMessage(context, roomId, messageId));
  if (message.state) throw tombstone();
  return applyChange(context, { kind: 'delete', roomId, messageId, at: services.now() }, message.media);
});

export const messageChanges = defineHandler(
  'message:changes',
  async ({ roomId, afterChangeSeq, limit }, { services, user }) => {
    await requireMember(services.store, roomId, user.id);
    const page = await services.store.listChanges(roomId, afterChangeSeq, limit);
    return { ...page, messages: await services.media.withMedia(page.messages) };
  },
);

export const messageChangeHandlers = [editMessage, recallMessage, deleteMessage, messageChanges];
