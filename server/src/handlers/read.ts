import { notAMember } from '../errors';
import { userKey } from '../io';
import { requireMember } from './access';
import { defineHandler } from './define';

/**
 * Moves the user's read seq forward (the store keeps the larger one; a seq past the room's last counts as the
 * last) and tells the user's other sockets, on every node (its user room), when it moved. The marking socket
 * learns the value from the ack. A move also goes into the room's aggregated read receipts. Rate limited by the
 * shared request limiter: clients debounce marks.
 */
export const markRead = defineHandler('read:mark', async ({ roomId, seq }, { services, socket, user }) => {
  const mark = await services.store.markRead(roomId, user.id, seq);
  if (!mark) {
    // NOT_FOUND for an unknown room, FORBIDDEN for a non-member, as every members-only request answers.
    await requireMember(services.store, roomId, user.id);
    throw notAMember();
  }
  if (mark.moved) {
    socket.to(userKey(user.id)).emit('read:updated', { roomId, readSeq: mark.readSeq });
    services.readReceipts.moved(roomId, user.id, mark.readSeq);
  }
  return { readSeq: mark.readSeq };
});

/** Every member's read position, to members only: one read of the room's memberships, which also says who is one. */
export const readReceipts = defineHandler('read:receipts', async ({ roomId }, { services, user }) => {
  const reads = await services.store.listReadPositions(roomId);
  if (!reads.some((read) => read.userId === user.id)) {
    await requireMember(services.store, roomId, user.id);
    throw notAMember();
  }
  return { reads };
});

export const readHandlers = [markRead, readReceipts];
