import * as v from 'valibot';
import {
  ClientConfigSchema,
  HttpErrorSchema,
  PROTOCOL_VERSION,
  SessionResponseSchema,
  UNAUTHORIZED_CONNECT_ERROR,
} from '@tandem/protocol';
import { createTokenService } from '../src/auth';
import { connectSocket, sessionIdOf, startServer, waitForConnect, withTimeout } from './helpers';
import type { ClientSocket, TestServer } from './helpers';
import { bearer, post } from './http-helpers';

/** The server's clock; tests move it forward so a refreshed token differs from the old one. */
let clockOffsetMs = 0;
const logLines: string[] = [];
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ now: () => Date.now() + clockOffsetMs, logLines });
});
afterEach(() => {
  clockOffsetMs = 0;
  server.disconnectClients();
});
afterAll(() => server.close());

const refresh = (headers: Record<string, string>, body?: unknown) =>
  post(`${server.url}/api/session/refresh`, body, headers);
const signOutAll = (token: string) => post(`${server.url}/api/session/signout-all`, undefined, bearer(token));

async function expectUnauthorized(response: Response): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
  const body: unknown = await response.json();
  expect(v.is(HttpErrorSchema, body)).toBe(true);
  expect(body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
}

async function expectHandshakeRefused(token: string): Promise<void> {
  const socket = connectSocket(server.url, token);
  try {
    await expect(waitForConnect(socket)).rejects.toThrow(UNAUTHORIZED_CONNECT_ERROR);
  } finally {
    socket.disconnect();
  }
}

const disconnected = (socket: ClientSocket) =>
  withTimeout(new Promise<string>((resolve) => socket.once('disconnect', resolve)), 'socket was not disconnected');

describe('GET /api/config', () => {
  it('tells clients whether WeChat sign-in is available and the protocol version, without secrets', async () => {
    const response = await fetch(`${server.url}/api/config`);
    expect(response.status).toBe(200);
    const body = v.parse(ClientConfigSchema, await response.json());
    expect(body).toEqual({ wechatSignIn: false, protocolVersion: PROTOCOL_VERSION });
  });
});

describe('POST /api/session/refresh', () => {
  it('gives a valid token a fresh one with a later expiry, for the same user', async () => {
    const session = await server.signIn('Ann');
    clockOffsetMs = 60_000;
    const response = await refresh(bearer(session.token));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const renewed = v.parse(SessionResponseSchema, await response.json());
    expect(renewed.user).toEqual(session.user);
    expect(renewed.token).not.toBe(session.token);
    expect(renewed.expiresAt).toBeGreaterThanOrEqual(session.expiresAt + 59_000);
    const socket = await server.connect(renewed.token);
    expect(socket.connected).toBe(true);
  });

  it('accepts the empty JSON body a mini program sends', async () => {
    const session = await server.signIn('Ann');
    const response = await fetch(`${server.url}/api/session/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(session.token) },
      body: '',
    });
    expect(response.status).toBe(200);
  });

  it('answers 401 UNAUTHORIZED without a bearer token', async () => {
    await expectUnauthorized(await refresh({}));
    await expectUnauthorized(await refresh({ authorization: 'Bearer' }));
    const { token } = await server.signIn('Ann');
    await expectUnauthorized(await refresh({ authorization: `Basic ${token}` }));
  });

  it('answers 401 UNAUTHORIZED to a malformed, forged or expired token', async () => {
    const { token, user } = await server.signIn('Ann');
    await expectUnauthorized(await refresh(bearer('not-a-jwt')));
    await expectUnauthorized(await refresh(bearer(`${token.slice(0, -2)}xx`)));
    const forger = createTokenService({ secret: new TextEncoder().encode('f'.repeat(32)), ttlMs: 60_000 });
    const forged = await forger.issue({ ...user, tokenVersion: 0, createdAt: 0 }, sessionIdOf(token));
    await expectUnauthorized(await refresh(bearer(forged.token)));
    const past = createTokenService({ secret: server.secret, ttlMs: 60_000, now: () => Date.now() - 120_000 });
    const expired = await past.issue({ ...user, tokenVersion: 0, createdAt: 0 }, sessionIdOf(token));
    await expectUnauthorized(await refresh(bearer(expired.token)));
  });
});

describe('POST /api/session/signout-all', () => {
  it('disconnects every live socket of the user and no one else', async () => {
    const ann = await server.client('Ann');
    const annTablet = await server.connect(ann.session.token);
    const bob = await server.client('Bob');
    const reasons = Promise.all([disconnected(ann), disconnected(annTablet)]);
    const response = await signOutAll(ann.session.token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(await reasons).toEqual(['io server disconnect', 'io server disconnect']);
    expect(bob.connected).toBe(true);
  });

  it('refuses the old token, and tokens refreshed from it, everywhere afterwards', async () => {
    const session = await server.signIn('Ann');
    clockOffsetMs = 60_000;
    const refreshed = v.parse(SessionResponseSchema, await (await refresh(bearer(session.token))).json());
    expect((await signOutAll(session.token)).status).toBe(200);
    for (const token of [session.token, refreshed.token]) {
      await expectUnauthorized(await refresh(bearer(token)));
      await expectUnauthorized(await signOutAll(token));
      await expectHandshakeRefused(token);
    }
  });

  it('answers 401 UNAUTHORIZED without a valid token and signs no one out', async () => {
    const ann = await server.client('Ann');
    await expectUnauthorized(await signOutAll('forged'));
    await expectUnauthorized(await post(`${server.url}/api/session/signout-all`));
    expect(ann.connected).toBe(true);
    expect((await refresh(bearer(ann.session.token))).status).toBe(200);
  });
});

describe('logs', () => {
  it('never contain a bearer token from an Authorization header', async () => {
    const { token } = await server.signIn('Ann');
    await refresh(bearer(token));
    await refresh(bearer(`${token}x`));
    await signOutAll(token);
    expect(logLines.length).toBeGreaterThan(0);
    const logged = logLines.join('\n');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(token.split('.')[2]);
  });
});
