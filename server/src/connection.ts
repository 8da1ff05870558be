import { messageHandlers } from './handlers/message';
import { roomHandlers } from './handlers/room';
import { typingHandlers } from './handlers/typing';
import { answerUnknownEvents } from './handlers/define';
import type { Services } from './handlers/define';
import { roomIdsOf, roomKey } from './io';
import type { TypedSocket } from './io';

const handlers = [...roomHandlers, ...messageHandlers, ...typingHandlers];

/**
 * A socket passed the auth middleware (it is already in its user room and the rooms loaded at the handshake).
 * Registers the handlers, reconciles its rooms with the live membership and announces presence changes.
 */
export function onConnection(socket: TypedSocket, services: Services): void {
  const { presence, presenceChanges, logger } = services;
  const { user } = socket.data;
  for (const handler of handlers) handler.attach(socket, services);
  answerUnknownEvents(socket, logger);

  const { roomIds, cameOnline } = presence.connect(user, roomIdsOf(socket));
  const current = new Set(roomIds);
  for (const stale of roomIdsOf(socket).filter((roomId) => !current.has(roomId))) socket.leave(roomKey(stale));
  socket.join(roomIds.map(roomKey));
  if (cameOnline) presenceChanges.came(roomIds, user);
  logger.debug({ userId: user.id, socketId: socket.id, transport: socket.conn.transport.name }, 'connected');

  socket.on('disconnect', (reason) => {
    presenceChanges.went(presence.disconnect(user.id), user.id);
    logger.debug({ userId: user.id, socketId: socket.id, reason }, 'disconnected');
  });
}
