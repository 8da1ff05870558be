import { io } from 'socket.io-client';
import type { ChatSocket } from '../../src/platform/socket';
import { request } from '../../src/services/connection/request';
import { refreshSession } from '../../src/services/session/http';
import { startScriptedServer } from '../support/scripted-server';
import type { ScriptedServer } from '../support/scripted-server';

const alice = { id: 'u-alice', nickname: 'Alice' };
const room = {
  id: 'r-1',
  name: 'r',
  visibility: 'public' as const,
  memberCount: 1,
  onlineCount: 1,
  lastSeq: 0,
  createdAt: 1,
  ownerId: 'u-owner',
};

let server: ScriptedServer;
let socket: ChatSocket;

beforeEach(async () => {
  server = await startScriptedServer({
    user: alice,
    room,
    members: [alice],
    online: [alice],
    // Not a SessionResponse: `expiresAt` must be a number.
    refreshed: { token: 't', user: alice, expiresAt: 'tomorrow' as unknown as number },
  });
  const connected = server.nextConnection();
  socket = io(server.url, { auth: { token: 't' } });
  await new Promise((resolve) => socket.once('connect', () => resolve(null)));
  (await connected).on('room:invite', (_payload, ack) => ack({ ok: true, data: { code: 42 } as never }));
});

afterEach(async () => {
  socket.disconnect();
  await server.close();
});

describe('requests checked against the protocol both ways', () => {
  it('answers an ack that does not match the protocol as INTERNAL, and logs it', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await request(socket, 'room:invite', { roomId: room.id });
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'malformed answer from the server' } });
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/malformed ack for room:invite/), {
      ok: true,
      data: { code: 42 },
    });
  });

  it('passes an ack that matches the protocol on as it came', async () => {
    const listed = { ...room, joined: true, readSeq: room.lastSeq, unread: 0, mentions: 0 };
    expect(await request(socket, 'room:list', {})).toEqual({ ok: true, data: { rooms: [listed] } });
  });

  it('refuses a payload the protocol refuses without sending it', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const sent = jest.fn();
    server.io.sockets.sockets.values().next().value?.onAny(sent);
    const result = await request(socket, 'room:create', { name: '   ' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/room:create payload refused before sending/));
    // The next request arrives first: nothing was sent before it.
    await request(socket, 'room:list', {});
    expect(sent.mock.calls.map(([event]) => event)).toEqual(['room:list']);
  });

  it('answers an HTTP body that does not match the protocol as an unexpected answer', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await refreshSession(server.url, 't');
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'unexpected answer (200)', status: 200 },
    });
    expect(error).toHaveBeenCalledWith('[session] unexpected refresh answer 200', expect.anything());
  });
});
