import { roomKey } from '../io';
import { requireMember } from './access';
import { defineHandler } from './define';

/**
 * Relays to the room's other sockets (the user's other devices included, not the sending socket). Over the typing
 * limit an update is dropped without an error: typing is a hint, and clients expire it anyway.
 */
export const updateTyping = defineHandler(
  'typing:update',
  async ({ roomId, typing }, { services, socket, user }) => {
    await requireMember(services.store, roomId, user.id);
    socket.to(roomKey(roomId)).emit('typing:updated', { roomId, user, typing });
    return {};
  },
  { rate: 'typing', whenLimited: {} },
);

export const typingHandlers = [updateTyping];
