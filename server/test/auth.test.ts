import { SignJWT } from 'jose';
import { UNAUTHORIZED_CONNECT_ERROR } from '@tandem/protocol';
import { createTokenService } from '../src/auth';
import { call, connectSocket, sessionIdOf, startServer, waitForConnect } from './helpers';
import type { ClientOptions, TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

async function expectRefused(token: string | undefined, options?: ClientOptions): Promise<void> {
  const socket = connectSocket(server.url, token, options);
  try {
    await expect(waitForConnect(socket)).rejects.toThrow(UNAUTHORIZED_CONNECT_ERROR);
    expect(socket.connected).toBe(false);
  } finally {
    socket.disconnect();
  }
}

describe('the Socket.IO handshake', () => {
  it('accepts a token from POST /api/session', async () => {
    const { token } = await server.signIn('Ann');
    const socket = await server.connect(token);
    expect(socket.connected).toBe(true);
  });

  it('works for websocket-only clients', async () => {
    const socket = await server.client('Ann', { transports: ['websocket'] });
    expect(socket.io.engine.transport.name).toBe('websocket');
    expect(await call(socket, 'room:list', {})).toEqual({ rooms: expect.any(Array) });
  });

  it('works for long-polling clients, requests included', async () => {
    const socket = await server.client('Ann', { transports: ['polling'] });
    expect(socket.io.engine.transport.name).toBe('polling');
    const { room } = await call(socket, 'room:create', { name: 'polled' });
    const { message } = await call(socket, 'message:send', { roomId: room.id, clientId: 'c1', text: 'hi' });
    expect(message.seq).toBe(1);
  });

  it('works for clients that start polling and upgrade', async () => {
    const socket = await server.client('Ann', { transports: ['polling', 'websocket'] });
    expect(await call(socket, 'room:list', {})).toEqual({ rooms: expect.any(Array) });
  });

  it('refuses a handshake without a token', async () => {
    await expectRefused(undefined);
    await expectRefused(undefined, { transports: ['polling'] });
  });

  it('refuses a token that is not a string', async () => {
    const socket = connectSocket(server.url, undefined, { auth: { token: 42 } });
    await expect(waitForConnect(socket)).rejects.toThrow(UNAUTHORIZED_CONNECT_ERROR);
    socket.disconnect();
  });

  it('refuses a malformed token', async () => {
    await expectRefused('not-a-jwt');
  });

  it('refuses a token signed with another secret', async () => {
    const { user, token: real } = await server.signIn('Ann');
    const forger = createTokenService({ secret: new TextEncoder().encode('x'.repeat(32)), ttlMs: 60_000 });
    const { token } = await forger.issue({ ...user, tokenVersion: 0, createdAt: Date.now() }, sessionIdOf(real));
    await expectRefused(token);
  });

  it('refuses a token whose payload was altered', async () => {
    const { token } = await server.signIn('Ann');
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: 'someone-else', nickname: 'x', ver: 0 })).toString('base64url');
    await expectRefused(`${header}.${payload}.${signature}`);
  });

  it('refuses an unsigned (alg none) token', async () => {
    const { user } = await server.signIn('Ann');
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 3600;
    await expectRefused(`${encode({ alg: 'none' })}.${encode({ sub: user.id, nickname: 'Ann', ver: 0, exp })}.`);
  });

  it('refuses an expired token', async () => {
    const { user, token: real } = await server.signIn('Ann');
    const past = createTokenService({ secret: server.secret, ttlMs: 60_000, now: () => Date.now() - 120_000 });
    const { token, expiresAt } = await past.issue(
      { ...user, tokenVersion: 0, createdAt: Date.now() },
      sessionIdOf(real),
    );
    expect(expiresAt).toBeLessThan(Date.now());
    await expectRefused(token);
  });

  it('refuses a token whose version was revoked', async () => {
    const { user, token: real } = await server.signIn('Ann');
    const stale = createTokenService({ secret: server.secret, ttlMs: 60_000 });
    const { token } = await stale.issue({ ...user, tokenVersion: 1, createdAt: Date.now() }, sessionIdOf(real));
    await expectRefused(token);
  });

  it('refuses a valid signature for a user that does not exist', async () => {
    const token = await new SignJWT({ nickname: 'Ghost', ver: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('no-such-user')
      .setExpirationTime('1h')
      .sign(server.secret);
    await expectRefused(token);
  });
});
