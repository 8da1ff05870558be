import { AppError } from '../errors';
import { roomKey } from '../io';
import { requireMember } from './access';
import { defineHandler } from './define';

/**
 * Stores, then broadcasts to the room (the sender's sockets included), then acks: the ack means committed. A resend
 * of (sender, clientId) is answered with the stored message and not broadcast again: the first text wins. A
 * clientId the sender already used in another room is refused, since the stored message is not the one asked for.
 */
export const sendMessage = defineHandler(
  'message:send',
  async ({ roomId, clientId, text }, { services, user }) => {
    const { store, io, roomQueue, now } = services;
    return roomQueue.run(roomId, async () => {
      await requireMember(store, roomId, user.id);
      const sent = { roomId, sender: user, clientId, text, createdAt: now() };
      const { message, created } = await store.appendMessage(sent);
      if (message.roomId !== roomId) throw new AppError('INVALID_PAYLOAD', 'clientId already used for another room');
      if (created) io.to(roomKey(message.roomId)).emit('message:created', message);
      return { message };
    });
  },
  { rate: 'messageSend' },
);

export const messageHistory = defineHandler('message:history', async (query, { services, user }) => {
  await requireMember(services.store, query.roomId, user.id);
  return services.store.listMessages(query.roomId, query);
});

export const messageHandlers = [sendMessage, messageHistory];
