import { notAMember } from '../errors';
import { userKey } from '../io';
import { requireMember } from './access';
import { defineHandler } from './define';

/**
 * Moves the user's read seq forward (the store keeps the larger one; a seq past the room's last counts as the
 * last) and tells the user's other sockets, on every node (its user room), when it moved. The marking socket
 * learns the value from the ack. Rate limited by the shared request limiter: clients debounce marks.
 */
export const markRead = defineHandler('read:mark', async ({ roomId, seq }, { services, socket, user }) => {
  const mark = await services.store.markRead(roomId, user.id, seq);
  if (!mark) {
    // NOT_FOUND for an unknown room, FORBIDDEN for a non-member, as every members-only request answers.
    await requireMember(services.store, roomId, user.id);
    throw notAMember();
  }
  if (mark.moved) socket.to(userKey(user.id)).emit('read:updated', { roomId, readSeq: mark.readSeq });
  return { readSeq: mark.readSeq };
});

export const readHandlers = [markRead];
