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

type AllowRequestCallback = (error: string | null | undefined, success: boolean) => void;

/** The parts of an Engine.IO connection the guard uses. */
interface EngineConnection {
  request: IncomingMessage | null;
  on(event: 'close', listener: (this: EngineConnection) => void): void;
}

/** The parts of the Engine.IO server the guard listens to. */
interface Engine {
  on(event: 'connection', listener: (connection: EngineConnection) => void): void;
  on(event: 'connection_error', listener: (error: { req: IncomingMessage }) => void): void;
}

interface HandshakeGuardDeps {
  allowedOrigins: '*' | string[];
  rateLimits: RateLimits;
  maxConnectionsPerIp: number;
  clientIp: (request: PeerRequest) => string;
  logger: Logger;
}

/**
 * The door of every Engine.IO connection, long-polling or websocket: Socket.IO's `allowRequest` runs once per
 * handshake (an upgrade or a poll carries its session's secret id and was checked at that session's handshake).
 * In order: the Origin, the address's handshake rate, the address's live connections. A refusal is an HTTP 403 whose
 * JSON body's `message` says why (`{"code":4,"message":"too many connections from this address"}`); a websocket
 * handshake gets the same status on its upgrade. Clients see a transport error and retry with their backoff.
 *
 * Live connections are counted from the handshake's approval (so a burst cannot overshoot while Engine.IO finishes
 * the handshake) to the connection's close; a handshake that fails after approval gives its place back.
 */
export function guardHandshakes(deps: HandshakeGuardDeps) {
  const live = new Map<string, number>();
  const approved = new WeakMap<IncomingMessage, string>();
  const addressOf = new Map<EngineConnection, string>();
  const release = (address: string) => {
    const remaining = (live.get(address) ?? 1) - 1;
    if (remaining > 0) live.set(address, remaining);
    else live.delete(address);
  };
  // One function for every connection (the emitter passes the connection as `this`): no closure per connection.
  function onClose(this: EngineConnection): void {
    const address = addressOf.get(this);
    addressOf.delete(this);
    if (address !== undefined) release(address);
  }

  async function verdict(request: IncomingMessage): Promise<string | undefined> {
    const { origin, host } = request.headers;
    if (!isOriginAllowed(origin, host, deps.allowedOrigins)) {
      deps.logger.info({ origin }, 'handshake refused: origin not allowed');
      return 'origin not allowed';
    }
    const address = addressKey(deps.clientIp(request));
    const rate = await deps.rateLimits.consume('handshake', address);
    if (!rate.allowed) {
      deps.logger.info({ address }, 'handshake refused: too many from this address');
      return `too many connection attempts from this address, retry in ${Math.ceil(rate.retryAfterMs / 1000)} s`;
    }
    const count = live.get(address) ?? 0;
    if (count >= deps.maxConnectionsPerIp) {
      deps.logger.info({ address, count }, 'handshake refused: too many connections from this address');
      return 'too many connections from this address';
    }
    live.set(address, count + 1);
    approved.set(request, address);
    return undefined;
  }

  return {
    allowRequest(request: IncomingMessage, callback: AllowRequestCallback): void {
      verdict(request).then(
        (refusal) => callback(refusal ?? null, refusal === undefined),
        (error: unknown) => {
          deps.logger.error({ err: error }, 'handshake check failed');
          callback('internal error', false);
        },
      );
    },
    /** Counts each approved handshake's connection until it closes. Call before anything clears `request`. */
    track(engine: Engine): void {
      engine.on('connection', (connection) => {
        const { request } = connection;
        const address = request ? approved.get(request) : undefined;
        if (!request || address === undefined) return;
        approved.delete(request);
        addressOf.set(connection, address);
        connection.on('close', onClose);
      });
      engine.on('connection_error', ({ req }) => {
        const address = approved.get(req);
        if (address === undefined) return;
        approved.delete(req);
        release(address);
      });
    },
  };
}

/**
 * Socket.IO middleware after authentication: a user may hold `maxSocketsPerUser` sockets at once (all devices and
 * tabs). The per-address limits are sized for hundreds of people behind one address; this one holds each person.
 * A refusal is a `connect_error` `rate limited` with an `ErrorBody` as `data`.
 */
export function limitSocketsPerUser(maxSocketsPerUser: number, logger: Logger) {
  const live = new Map<string, number>();
  const userOf = new Map<unknown, string>();
  function onClose(this: unknown): void {
    const userId = userOf.get(this);
    userOf.delete(this);
    if (userId === undefined) return;
    const remaining = (live.get(userId) ?? 1) - 1;
    if (remaining > 0) live.set(userId, remaining);
    else live.delete(userId);
  }
  return (socket: TypedSocket, next: (error?: Error) => void) => {
    const userId = socket.data.user.id;
    const count = live.get(userId) ?? 0;
    if (count >= maxSocketsPerUser) {
      logger.info({ userId, count }, 'connection refused: too many sockets for this user');
      return refuse(socket, next, { message: `too many connections for this user (at most ${maxSocketsPerUser})` });
    }
    live.set(userId, count + 1);
    userOf.set(socket.conn, userId);
    // The transport's close, not the socket's disconnect: it also fires when a later middleware refuses.
    socket.conn.on('close', onClose);
    next();
  };
}

function refuse(socket: TypedSocket, next: (error?: Error) => void, body: Omit<ErrorBody, 'code'>): void {
  const data: ErrorBody = { code: 'RATE_LIMITED', ...body };
  next(Object.assign(new Error(RATE_LIMITED_CONNECT_ERROR), { data }));
  // After Socket.IO has queued the CONNECT_ERROR packet (it does so on the next tick); close() flushes it first.
  setImmediate(() => socket.conn.close());
}
