import { roomKey } from '../io';
import { requireMember } from './access';
import { defineHandler } from './define';

/** Relays to the room's other sockets (the user's other devices included, not the sending socket). */
export const updateTyping = defineHandler('typing:update', async ({ roomId, typing }, { services, socket, user }) => {
  await requireMember(services.store, roomId, user.id);
  socket.to(roomKey(roomId)).emit('typing:updated', { roomId, user, typing });
  return {};
});

export const typingHandlers = [updateTyping];
