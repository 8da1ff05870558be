import type { Message } from '@tandem/protocol';
import { messagesStore } from '../../stores/messages';
import type { SeqGap } from '../../stores/messages';
import { outboxStore } from '../../stores/outbox';
import { roomsStore } from '../../stores/rooms';
import { mentionsStore } from '../../stores/mentions';

/**
 * "Stored messages arrived", whatever brought them: the ack of an own send, a `message:created` broadcast, a join
 * or a history page. They are merged into the room's timeline (an own optimistic copy becomes the stored one in
 * place), own ones leave the outbox, and the room's summary and read mark move on. Returns the first seq gap the
 * timeline now has, for the caller to fill (or not, when it is fetching that range already).
 */
export function messagesArrived(roomId: string, messages: readonly Message[], ownUserId: string | null): SeqGap | null {
  const gap = messagesStore.getState().received(roomId, messages);
  for (const message of messages) {
    const isOwn = message.sender.id === ownUserId;
    if (isOwn) outboxStore.getState().acked(message.clientId);
    roomsStore.getState().messageArrived(message, isOwn);
    mentionsStore.getState().arrived(message, ownUserId);
  }
  return gap;
}
