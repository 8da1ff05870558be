import { AppError } from '../errors';
import { roomKey } from '../io';
import { requireMember } from './access';
import { defineHandler } from './define';
import { blockedBetween } from './safety';
import { checkedMentions, quoteOf } from './reply-mentions';

/**
 * Stores, then broadcasts to the room (the sender's sockets included), then acks: the ack means committed. A resend
 * of (sender, clientId) is answered with the stored message and not broadcast again: the first text wins. A
 * clientId the sender already used in another room is refused, since the stored message is not the one asked for.
 *
 * Order: the store's writer runs appends in the order they are called and answers them in that order, so emitting
 * right after each append resolves sends `message:created` in seq order, with no per-room queue; sends that arrive
 * together share one commit (group commit). A socket subscribed to the room is a member (subscriptions follow
 * membership on every device), so only an unsubscribed socket pays for a membership read. A direct message between
 * two people one of whom blocked the other is refused (`FORBIDDEN`). A reply (`replyTo`) and mentions are checked
 * first (reply-mentions.ts); a message without either costs no extra read.
 */
export const sendMessage = defineHandler(
  'message:send',
  async ({ roomId, clientId, text, replyTo, mentions }, { services, socket, user }) => {
    const { store, io, now } = services;
    if (!socket.rooms.has(roomKey(roomId))) await requireMember(store, roomId, user.id);
    // One indexed read: only a direct conversation can be blocked (issue 12).
    if (await store.isDirectBlocked(roomId)) throw blockedBetween();
    const reply = await quoteOf(store, roomId, replyTo);
    const mentioned = await checkedMentions(store, roomId, user.id, mentions);
    const { message, created } = await store.appendMessage({
      roomId,
      sender: user,
      clientId,
      text,
      createdAt: now(),
      reply,
      mentions: mentioned,
    });
    if (message.roomId !== roomId) throw new AppError('INVALID_PAYLOAD', 'clientId already used for another room');
    if (created) io.to(roomKey(message.roomId)).emit('message:created', message);
    return { message };
  },
  { rate: 'messageSend' },
);

export const messageHistory = defineHandler('message:history', async (query, { services, user }) => {
  await requireMember(services.store, query.roomId, user.id);
  return services.store.listMessages(query.roomId, query);
});

export const messageHandlers = [sendMessage, messageHistory];
