import { directHandlers } from './handlers/direct';
import { mediaHandlers } from './handlers/media';
import { messageHandlers } from './handlers/message';
import { ownerHandlers } from './handlers/owner-actions';
import { messageChangeHandlers } from './handlers/message-changes';
import { readHandlers } from './handlers/read';
import { roomHandlers } from './handlers/room';
import { safetyHandlers } from './handlers/safety';
import { searchHandlers } from './handlers/search';
import { typingHandlers } from './handlers/typing';
import { dispatchRequests } from './handlers/define';
import type { Services } from './handlers/define';
import { roomIdsOf, roomKey } from './io';
import type { TypedSocket } from './io';
import type { SessionExpiry } from './session-end';

const handlers = [
  ...roomHandlers,
  ...ownerHandlers,
  ...directHandlers,
  ...messageHandlers,
  ...messageChangeHandlers,
  ...safetyHandlers,
  ...typingHandlers,
  ...readHandlers,
  ...searchHandlers,
  ...mediaHandlers,
];

/**
 * Builds the server's connection listener. Its per-socket listeners are shared functions that find their socket in
 * `this` (Socket.IO calls listeners so), so a thousand sockets hold no closures of their own.
 */
export function connectionListener(services: Services, sessionExpiry: SessionExpiry): (socket: TypedSocket) => void {
  const { presence, presenceChanges, logger, tasks } = services;
  const dispatch = dispatchRequests(handlers, services);

  function onDisconnect(this: TypedSocket, reason: string): void {
    const { user } = this.data;
    sessionExpiry.forget(this);
    tasks.track(presence.disconnect(user.id).then((rooms) => presenceChanges.went(rooms, user.id)));
    logger.debug({ userId: user.id, socketId: this.id, reason }, 'disconnected');
  }

  /** Counts the socket online and subscribes it to the user's rooms as presence tracks them. */
  async function arrive(socket: TypedSocket): Promise<void> {
    const { user } = socket.data;
    const { roomIds, cameOnline } = await presence.connect(user, roomIdsOf(socket));
    // Across nodes the answer comes later: a socket gone meanwhile must not be put back into rooms.
    if (socket.connected) {
      const current = new Set(roomIds);
      for (const stale of roomIdsOf(socket).filter((roomId) => !current.has(roomId))) socket.leave(roomKey(stale));
      socket.join(roomIds.map(roomKey));
    }
    if (cameOnline) presenceChanges.came(roomIds, user);
  }

  /**
   * A socket passed the auth middleware (it is already in its user room and the rooms loaded at the handshake).
   * Ends its session when its token expires, reconciles its rooms with the live membership and announces presence changes.
   */
  return (socket) => {
    const { user } = socket.data;
    socket.onAny(dispatch);
    sessionExpiry.watch(socket);
    // Registered before presence hears of the socket, so its departure always follows its arrival.
    socket.on('disconnect', onDisconnect);
    tasks.track(arrive(socket));
    logger.debug({ userId: user.id, socketId: socket.id, transport: socket.conn.transport.name }, 'connected');
  };
}
