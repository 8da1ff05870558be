import type { IncomingMessage } from 'node:http';
import { RATE_LIMITED_CONNECT_ERROR } from '@tandem/protocol';
import type { ErrorBody } from '@tandem/protocol';
import { addressKey } from './client-ip';
import type { PeerRequest } from './client-ip';
import type { TypedSocket } from './io';
import type { Logger } from './logger';
import type { RateLimits } from './rate-limits';

/**
 * Whether a request with this Origin header may use Socket.IO or the API from a browser. Always allowed: no
 * Origin (the mini program, native clients: they still need a token) and the server's own origin (Origin's host
 * equals the Host header). Otherwise the origin must be listed, unless the list is `*`.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: '*' | string[]) {
  if (origin === undefined || allowed === '*') return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin === 'null') return false;
  if (host !== undefined && parsed.host === host.toLowerCase()) return true;
  return allowed.includes(parsed.origin);
}

/**
 * Socket.IO's `allowRequest`: runs for every Engine.IO handshake, long-polling or websocket (an upgrade of a
 * polling session carries its secret session id and was checked at that session's handshake). A refused browser
 * gets HTTP 403 / a failed upgrade, which its client reports as a transport error.
 */
export function originCheck(allowed: '*' | string[], logger: Logger) {
  return (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => {
    const { origin, host } = request.headers;
    if (isOriginAllowed(origin, host, allowed)) return callback(null, true);
    logger.info({ origin }, 'socket.io handshake from a disallowed origin refused');
    callback('origin not allowed', false);
  };
}

interface ConnectionLimitDeps {
  rateLimits: RateLimits;
  maxConnectionsPerIp: number;
  clientIp: (request: PeerRequest) => string;
  logger: Logger;
}

/**
 * Socket.IO middleware, before authentication (it costs no database read): an address may start `handshake`
 * connections per window and hold `maxConnectionsPerIp` at once. A refusal is a `connect_error` with the message
 * `rate limited` and an `ErrorBody` as `data`; the server then closes the transport so a client that ignores the
 * error cannot keep it open.
 */
export function limitConnections(deps: ConnectionLimitDeps) {
  const live = new Map<string, number>();
  return async (socket: TypedSocket, next: (error?: Error) => void) => {
    // The handshake's peer address, captured when the transport opened: a long-polling request's own TCP socket may
    // be gone by the time the namespace is joined.
    const { headers, address: peer } = socket.handshake;
    const address = addressKey(deps.clientIp({ headers, socket: { remoteAddress: peer } }));
    const verdict = await deps.rateLimits.consume('handshake', address);
    if (!verdict.allowed) {
      return refuse(socket, next, { message: 'too many connection attempts', retryAfterMs: verdict.retryAfterMs });
    }
    const count = live.get(address) ?? 0;
    if (count >= deps.maxConnectionsPerIp) {
      deps.logger.info({ address, count }, 'connection refused: too many from this address');
      return refuse(socket, next, { message: 'too many connections from this address' });
    }
    live.set(address, count + 1);
    // The transport's close, not the socket's disconnect: it also fires when a later middleware refuses.
    socket.conn.once('close', () => {
      const remaining = (live.get(address) ?? 1) - 1;
      if (remaining > 0) live.set(address, remaining);
      else live.delete(address);
    });
    next();
  };
}

function refuse(socket: TypedSocket, next: (error?: Error) => void, body: Omit<ErrorBody, 'code'>): void {
  const data: ErrorBody = { code: 'RATE_LIMITED', ...body };
  next(Object.assign(new Error(RATE_LIMITED_CONNECT_ERROR), { data }));
  // After Socket.IO has queued the CONNECT_ERROR packet (it does so on the next tick); close() flushes it first.
  setImmediate(() => socket.conn.close());
}
