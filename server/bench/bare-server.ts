/**
 * The baseline of the server benchmark: a plain in-memory Socket.IO server speaking the part of the contract the
 * benchmark uses (nickname sign-in, `room:create`, `room:join`, `message:send` with its ack and the
 * `message:created` broadcast), with an in-memory seq per room and nothing else: no persistence, no validation, no
 * rate limits, no presence. Whatever Tandem measures above it is the cost of what Tandem does on top.
 *
 * Run by run.ts as its own process; listens on HOST:PORT (127.0.0.1 by default).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, Message, Room, ServerToClientEvents, User } from '@tandem/protocol';

const HEALTH_PATH = '/healthz';
const SESSION_PATH = '/api/session';

interface BareRoom {
  room: Room;
  seq: number;
}

const usersByToken = new Map<string, User>();
const rooms = new Map<string, BareRoom>();

function signIn(request: IncomingMessage, response: ServerResponse): void {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    const { nickname } = JSON.parse(body || '{}') as { nickname?: string };
    const user: User = { id: randomUUID(), nickname: nickname ?? 'bench' };
    const token = randomUUID();
    usersByToken.set(token, user);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ token, user, expiresAt: Date.now() + 24 * 60 * 60 * 1000 }));
  });
}

const http = createServer((request, response) => {
  if (request.method === 'POST' && request.url === SESSION_PATH) return signIn(request, response);
  if (request.url === HEALTH_PATH) return void response.end('{"ok":true}');
  response.writeHead(404).end();
});

const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: User }>(http, {
  serveClient: false,
  perMessageDeflate: false,
});

io.use((socket, next) => {
  const { token } = socket.handshake.auth as { token?: string };
  // Any token is accepted; a known one keeps its user's name.
  socket.data.user = usersByToken.get(token ?? '') ?? { id: randomUUID(), nickname: 'anonymous' };
  next();
});

io.on('connection', (socket) => {
  const { user } = socket.data;

  socket.on('room:create', ({ name, visibility = 'public' }, ack) => {
    const room: Room = {
      id: randomUUID(),
      name,
      visibility,
      memberCount: 1,
      onlineCount: 1,
      lastSeq: 0,
      createdAt: Date.now(),
      ownerId: user.id,
    };
    rooms.set(room.id, { room, seq: 0 });
    void socket.join(room.id);
    ack({ ok: true, data: { room } });
  });

  socket.on('room:join', ({ roomId }, ack) => {
    const entry = rooms.get(roomId);
    if (!entry) return ack({ ok: false, error: { code: 'NOT_FOUND', message: 'no such room' } });
    void socket.join(roomId);
    const room = { ...entry.room, readSeq: entry.room.lastSeq, unread: 0, mentions: 0 };
    ack({ ok: true, data: { room, members: [user], online: [user], messages: [], hasMore: false } });
  });

  socket.on('message:send', ({ roomId, clientId, text }, ack) => {
    const entry = rooms.get(roomId);
    if (!entry) return ack({ ok: false, error: { code: 'NOT_FOUND', message: 'no such room' } });
    const seq = ++entry.seq;
    const message: Message = {
      id: `${roomId}:${seq}`,
      roomId,
      seq,
      clientId,
      sender: user,
      text: text ?? '',
      createdAt: Date.now(),
    };
    io.to(roomId).emit('message:created', message);
    ack({ ok: true, data: { message } });
  });
});

http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void io.close();
    process.exit(0);
  });
}
