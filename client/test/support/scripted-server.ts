import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import { HEALTH_PATH, REFRESH_SESSION_PATH } from '@tandem/protocol';
import type { ClientToServerEvents, Room, ServerToClientEvents, SessionResponse, User } from '@tandem/protocol';

export type ScriptedSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface ScriptedServer {
  url: string;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  /** The `auth.token` of every handshake, in order. */
  handshakeTokens: string[];
  /** The bearer tokens `POST /api/session/refresh` was called with, in order. */
  refreshedTokens: string[];
  /** Resolves with the next socket that connects. */
  nextConnection(): Promise<ScriptedSocket>;
  close(): Promise<void>;
}

export interface ScriptedServerOptions {
  user: User;
  room: Room;
  members: User[];
  online: User[];
  /** What `POST /api/session/refresh` answers... */
  refreshed: SessionResponse;
  /** ...after this long (0 by default). */
  refreshDelayMs?: number;
}

/**
 * A real Socket.IO server (socket.io 4, port 0) that speaks just enough of the protocol for one signed-in client:
 * it lists and joins one room, answers the health check and token refresh, and lets a test emit any server event
 * (e.g. ones the real server does not send yet). Handshakes are accepted whatever the token, and recorded.
 */
export async function startScriptedServer(options: ScriptedServerOptions): Promise<ScriptedServer> {
  const refreshedTokens: string[] = [];
  const httpServer = http.createServer((request, response) => {
    if (request.url === HEALTH_PATH) return void response.writeHead(200).end('{"ok":true}');
    if (request.url === REFRESH_SESSION_PATH && request.method === 'POST') {
      refreshedTokens.push((request.headers.authorization ?? '').replace(/^Bearer /, ''));
      request.resume();
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(options.refreshed));
      }, options.refreshDelayMs ?? 0);
      return;
    }
    // socket.io handles its own path; anything else is unknown here.
    if (!request.url?.startsWith('/socket.io')) response.writeHead(404).end();
  });
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer);
  const handshakeTokens: string[] = [];
  const waiting: Array<(socket: ScriptedSocket) => void> = [];
  // Everything read: this server keeps no read state.
  const read = { readSeq: options.room.lastSeq, unread: 0, mentions: 0 };
  io.on('connection', (socket) => {
    handshakeTokens.push(String((socket.handshake.auth as { token?: unknown }).token));
    socket.on('room:list', (_payload, ack) =>
      ack({ ok: true, data: { rooms: [{ ...options.room, joined: true, ...read }] } }),
    );
    // No one blocked: the client asks on every connection.
    socket.on('user:blocks', (_payload, ack) => ack({ ok: true, data: { users: [] } }));
    socket.on('room:join', (_payload, ack) =>
      ack({
        ok: true,
        data: {
          room: { ...options.room, ...read },
          members: options.members,
          online: options.online,
          messages: [],
          hasMore: false,
        },
      }),
    );
    waiting.shift()?.(socket);
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    handshakeTokens,
    refreshedTokens,
    nextConnection: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => new Promise((resolve) => void io.close(() => resolve())),
  };
}
