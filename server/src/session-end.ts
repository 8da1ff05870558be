import type { SessionEnded } from '@tandem/protocol';
import { userKey } from './io';
import type { TypedServer, TypedSocket } from './io';
import type { Logger } from './logger';

/** Node runs a longer timeout at once (2^31 - 1 ms, about 24.8 days), so a longer wait is taken in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Tells the socket why, then closes it: `session:ended` leaves before the transport closes. */
export function endSession(socket: TypedSocket, reason: SessionEnded['reason']): void {
  socket.emit('session:ended', { reason });
  socket.disconnect(true);
}

/** Sign-out everywhere: every socket of the user hears `signed_out`, then all of them are closed. */
export function endUserSessions(io: TypedServer, userId: string): void {
  io.to(userKey(userId)).emit('session:ended', { reason: 'signed_out' });
  io.in(userKey(userId)).disconnectSockets(true);
}

/**
 * Ends the socket's session when its token expires (`expiresAt`, epoch ms on the `now` clock): a token is checked
 * once, at the handshake, so without this a socket would outlive its token forever. The timer goes with the
 * transport, whichever way it closes.
 */
export function endSessionAtExpiry(socket: TypedSocket, expiresAt: number, now: () => number, logger: Logger): void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const remaining = expiresAt - now();
    if (remaining > 0) {
      timer = setTimeout(arm, Math.min(remaining, MAX_TIMEOUT_MS));
      return;
    }
    logger.debug({ userId: socket.data.user.id, socketId: socket.id }, 'token expired; session ended');
    endSession(socket, 'token_expired');
  };
  arm();
  socket.conn.once('close', () => clearTimeout(timer));
}
