import { AppError } from '../errors';
import { roomKey } from '../io';
import type { MediaRecord } from '../store/media-types';
import { requireMember } from './access';
import type { RequestContext } from './define';
import { defineHandler } from './define';
import { blockedBetween } from './safety';
import { checkedMentions, quoteOf } from './reply-mentions';
import { takeTurn } from './send-turn';

const CLAIM_REFUSED = {
  'not-found': new AppError('NOT_FOUND', 'no such media'),
  forbidden: new AppError('FORBIDDEN', 'only its uploader can send a media, and only into the room it was uploaded to'),
  used: new AppError('INVALID_PAYLOAD', 'this media is already in another message, or this clientId carries another'),
} as const;

/**
 * Ties the media to the message before the message is stored: the tie is by (sender, clientId), so a resend after a
 * failure between the two finds it in place, and the message is never stored without its media.
 */
async function claimMedia({ services, user }: RequestContext, mediaId: string, roomId: string, clientId: string) {
  const claim = await services.store.claimMedia(mediaId, user.id, roomId, clientId);
  if (typeof claim === 'string') throw CLAIM_REFUSED[claim];
  return claim;
}

/**
 * Stores, then broadcasts to the room (the sender's sockets included), then acks: the ack means committed. A resend
 * of (sender, clientId) is answered with the stored message and not broadcast again: the first text wins. A
 * clientId the sender already used in another room is refused, since the stored message is not the one asked for.
 * A message with `mediaId` carries that media, its URLs signed once for every member (media/signing.ts).
 *
 * Order: the store's writer runs appends in the order they are called and answers them in that order, so emitting
 * right after each append resolves sends `message:created` in seq order, with no per-room queue; sends that arrive
 * together share one commit (group commit). The checks before an append read the store, so one socket's sends take
 * turns until their append is called (send-turn.ts): pipelined sends keep their order on every backend. A socket subscribed to the room is a member (subscriptions follow
 * membership on every device), so only an unsubscribed socket pays for a membership read. A direct message between
 * two people one of whom blocked the other is refused (`FORBIDDEN`). A reply (`replyTo`) and mentions are checked
 * first (reply-mentions.ts); a message without either costs no extra read.
 */
export const sendMessage = defineHandler(
  'message:send',
  async ({ roomId, clientId, text, replyTo, mentions, mediaId }, context) => {
    const { services, socket, user } = context;
    const { store, io, now } = services;
    const reachedStore = await takeTurn(socket);
    let media: MediaRecord | undefined;
    let appending;
    try {
      if (!socket.rooms.has(roomKey(roomId))) await requireMember(store, roomId, user.id);
      // One indexed read: only a direct conversation can be blocked (issue 12).
      if (await store.isDirectBlocked(roomId)) throw blockedBetween();
      const reply = await quoteOf(store, roomId, replyTo);
      const mentioned = await checkedMentions(store, roomId, user.id, mentions);
      media = mediaId === undefined ? undefined : await claimMedia(context, mediaId, roomId, clientId);
      const createdAt = now();
      appending = store.appendMessage({ roomId, sender: user, clientId, text, createdAt, reply, mentions: mentioned });
    } finally {
      reachedStore();
    }
    const appended = await appending;
    if (appended.message.roomId !== roomId)
      throw new AppError('INVALID_PAYLOAD', 'clientId already used for another room');
    // Only a resend without mediaId pays for a media read: it may repeat a message that carries one.
    const message = media
      ? { ...appended.message, media: services.media.present(media) }
      : appended.created
        ? appended.message
        : ((await services.media.withMedia([appended.message]))[0] ?? appended.message);
    if (appended.created) io.to(roomKey(message.roomId)).emit('message:created', message);
    return { message };
  },
  { rate: 'messageSend' },
);

export const messageHistory = defineHandler('message:history', async (query, { services, user }) => {
  await requireMember(services.store, query.roomId, user.id);
  const page = await services.store.listMessages(query.roomId, query);
  return { ...page, messages: await services.media.withMedia(page.messages) };
});

export const messageHandlers = [sendMessage, messageHistory];
