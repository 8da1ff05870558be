import type { IncomingMessage } from 'node:http';

interface EngineConnection {
  request: IncomingMessage | null;
}

interface Engine {
  on(event: 'connection', listener: (connection: EngineConnection) => void): void;
}

/**
 * Engine.IO keeps each connection's handshake request for as long as the connection lives: on the connection
 * (`request`, which Socket.IO's docs suggest clearing) and, for a websocket, in the upgrade's response object, which
 * its TCP socket's close listener holds (engine.io 6.6, `WebSocketResponse`). Nothing reads the request after the
 * handshake guard: Socket.IO's `handshake` then has empty headers, and the address it keeps comes from the
 * transport. So the connection lets go of it, and the headers it carries (the largest part) are dropped from it.
 * Register after every other reader of `request`.
 */
export function dropHandshakeRequests(engine: Engine): void {
  engine.on('connection', (connection) => {
    const { request } = connection;
    connection.request = null;
    if (!request) return;
    request.headers = {};
    request.rawHeaders = [];
  });
}
