import type { SessionEnded } from '@tandem/protocol';
import { sessionKey, userKey } from './io';
import type { TypedServer, TypedSocket } from './io';
import type { Logger } from './logger';

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
 * Signing one session out: its sockets hear `signed_out` and are closed, the user's other sessions stay. Through the
 * adapter, so it reaches the session's sockets on every node.
 */
export function endSessionSockets(io: TypedServer, sessionId: string): void {
  io.to(sessionKey(sessionId)).emit('session:ended', { reason: 'signed_out' });
  io.in(sessionKey(sessionId)).disconnectSockets(true);
}

const second = (epochMs: number) => Math.floor(epochMs / 1000);

/**
 * Ends each socket's session when its token expires (`socket.data.expiresAt`, on the `now` clock): a token is
 * checked once, at the handshake, so without this a socket would outlive its token. Sockets are filed by the second
 * their token expires (tokens carry whole seconds) and one timer a second ends the due ones: a socket costs a set
 * entry, not a timer of its own. `forget` on disconnect.
 */
export class SessionExpiry {
  private readonly due = new Map<number, Set<TypedSocket>>();
  private swept: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {
    this.swept = second(now()) - 1;
    this.timer = setInterval(() => this.sweep(), 1000);
    this.timer.unref();
  }

  watch(socket: TypedSocket): void {
    // A token that expires within the second already swept is ended at the next sweep.
    const at = Math.max(second(socket.data.expiresAt), this.swept + 1);
    let sockets = this.due.get(at);
    if (!sockets) this.due.set(at, (sockets = new Set()));
    sockets.add(socket);
  }

  forget(socket: TypedSocket): void {
    const at = Math.max(second(socket.data.expiresAt), this.swept + 1);
    const sockets = this.due.get(at);
    if (sockets?.delete(socket) && sockets.size === 0) this.due.delete(at);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Ends every socket whose token expired in a second not swept yet (the clock may have jumped). */
  private sweep(): void {
    const until = second(this.now());
    for (let at = this.swept + 1; at <= until; at++) {
      const sockets = this.due.get(at);
      this.due.delete(at);
      for (const socket of sockets ?? []) {
        this.logger.debug({ userId: socket.data.user.id, socketId: socket.id }, 'token expired; session ended');
        endSession(socket, 'token_expired');
      }
    }
    this.swept = Math.max(this.swept, until);
  }
}
