import { createHash, randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { HttpErrorSchema, SessionResponseSchema } from '@tandem/protocol';
import type { SessionResponse } from '@tandem/protocol';
import { call, startServer } from './helpers';
import type { TestServer } from './helpers';
import { bearer, post } from './http-helpers';

let server: TestServer;
beforeAll(async () => {
  // Per credential: 3 sign-ins a minute; per address: far more, so only the credential's limit is met.
  server = await startServer({ limits: { rates: { signInAccount: { points: 3, durationMs: 60_000 } } } });
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

/** What a mini program makes: 256 random bits as lowercase hex. */
const newCredential = () => randomBytes(32).toString('hex');
const signInDevice = (url: string, body: unknown) => post(`${url}/api/session/device`, body);

async function session(response: Response): Promise<SessionResponse> {
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return v.parse(SessionResponseSchema, await response.json());
}

async function errorOf(response: Response) {
  return { status: response.status, body: v.parse(HttpErrorSchema, await response.json()) };
}

describe('POST /api/session/device', () => {
  it('creates the user on the first sign-in, and signs the same user in with its rooms afterwards', async () => {
    const credential = newCredential();
    const first = await session(await signInDevice(server.url, { credential, nickname: ' 安 ' }));
    expect(first.user).toEqual({ id: expect.any(String), nickname: '安' });
    const socket = await server.connect(first.token);
    const { room } = await call(socket, 'room:create', { name: 'ours', visibility: 'private' });
    await call(socket, 'message:send', { roomId: room.id, clientId: 'c1', text: 'kept' });
    socket.disconnect();
    expect((await post(`${server.url}/api/session/signout`, undefined, bearer(first.token))).status).toBe(200);

    // Signing out ends the session, not the account; a nickname sent again does not rename it.
    const again = await session(await signInDevice(server.url, { credential }));
    const renamed = await session(await signInDevice(server.url, { credential, nickname: 'Other' }));
    expect(again.user).toEqual(first.user);
    expect(renamed.user).toEqual(first.user);
    const later = await server.connect(again.token);
    const { rooms } = await call(later, 'room:list', {});
    expect(rooms.map((listed) => listed.id)).toContain(room.id);
    const { messages } = await call(later, 'message:history', { roomId: room.id });
    expect(messages.map((message) => message.text)).toEqual(['kept']);
  });

  it('makes another user of another credential, even with the same nickname', async () => {
    const ann = await session(await signInDevice(server.url, { credential: newCredential(), nickname: 'Ann' }));
    const other = await session(await signInDevice(server.url, { credential: newCredential(), nickname: 'Ann' }));
    expect(other.user.id).not.toBe(ann.user.id);
  });

  it('answers 404 NOT_FOUND for an unknown credential without a nickname, and creates nothing', async () => {
    const credential = newCredential();
    const unknown = await errorOf(await signInDevice(server.url, { credential }));
    expect(unknown).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'no account has this credential: send a nickname to create one' } },
    });
    await expect(server.store.findDeviceUser(createHash('sha256').update(credential).digest('hex'))).resolves.toBe(
      undefined,
    );
  });

  it('stores the credential only as its SHA-256', async () => {
    const credential = newCredential();
    const { user } = await session(await signInDevice(server.url, { credential, nickname: 'Wei' }));
    const hash = createHash('sha256').update(credential).digest('hex');
    await expect(server.store.findDeviceUser(hash)).resolves.toMatchObject({ id: user.id });
    await expect(server.store.findDeviceUser(credential)).resolves.toBeUndefined();
  });

  it('refuses malformed credentials and bodies with 400 INVALID_PAYLOAD', async () => {
    const good = newCredential();
    for (const body of [
      {},
      { credential: good.slice(1), nickname: 'Ann' },
      { credential: `${good}0`, nickname: 'Ann' },
      { credential: good.toUpperCase(), nickname: 'Ann' },
      { credential: `${good.slice(1)}z`, nickname: 'Ann' },
      { credential: randomBytes(32).toString('base64url'), nickname: 'Ann' },
      { credential: good, nickname: '   ' },
      { credential: 42, nickname: 'Ann' },
      'not an object',
    ]) {
      const { status, body: error } = await errorOf(await signInDevice(server.url, body));
      expect(status).toBe(400);
      expect(error.error.code).toBe('INVALID_PAYLOAD');
    }
  });

  it('limits sign-ins per credential with retryAfterMs, and holds no other credential back', async () => {
    const credential = newCredential();
    for (let i = 0; i < 3; i++) await session(await signInDevice(server.url, { credential, nickname: 'Bo' }));
    const limited = await errorOf(await signInDevice(server.url, { credential }));
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
    await session(await signInDevice(server.url, { credential: newCredential(), nickname: 'Bo' }));
  });

  it('lets a device user claim a username and password, keeping its id; its credential still signs it in', async () => {
    const credential = newCredential();
    const device = await session(await signInDevice(server.url, { credential, nickname: 'Dee' }));
    const username = `dee_${randomBytes(4).toString('hex')}`;
    const claimed = await session(
      await post(`${server.url}/api/accounts/claim`, { username, password: 'correct horse' }, bearer(device.token)),
    );
    expect(claimed.user).toEqual({ ...device.user, username });
    const password = await session(
      await post(`${server.url}/api/session/password`, { username, password: 'correct horse' }),
    );
    expect(password.user).toEqual(claimed.user);
    await expect(session(await signInDevice(server.url, { credential }))).resolves.toMatchObject({
      user: claimed.user,
    });
  });
});

describe('POST /api/session/device on its own server', () => {
  let own: TestServer | undefined;
  afterEach(async () => {
    await own?.close();
    own = undefined;
  });

  it('limits sign-ins per address before reading the body', async () => {
    own = await startServer({ limits: { rates: { signIn: { points: 2, durationMs: 60_000 } } } });
    for (let i = 0; i < 2; i++)
      await session(await signInDevice(own.url, { credential: newCredential(), nickname: 'A' }));
    const limited = await errorOf(await signInDevice(own.url, { credential: newCredential(), nickname: 'A' }));
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });

  it('never writes the credential to the log, whether the sign-in succeeds or not', async () => {
    const logLines: string[] = [];
    own = await startServer({ logLines });
    const credential = newCredential();
    await session(await signInDevice(own.url, { credential, nickname: 'A' }));
    await errorOf(await signInDevice(own.url, { credential: credential.toUpperCase(), nickname: 'A' }));
    own.app.app.log.info({ body: { credential } }, 'a body logged by mistake');
    expect(logLines.length).toBeGreaterThan(2);
    expect(logLines.join('\n').toLowerCase()).not.toContain(credential);
  });

  it('is refused with 403 FORBIDDEN where WeChat sign-in is configured, and says so in /api/config', async () => {
    own = await startServer({
      wechat: { appId: 'wx0123456789abcdef', appSecret: 'secret', apiBase: 'http://127.0.0.1:1' },
    });
    const refused = await errorOf(await signInDevice(own.url, { credential: newCredential(), nickname: 'A' }));
    expect(refused).toEqual({
      status: 403,
      body: { error: { code: 'FORBIDDEN', message: 'this server signs in with WeChat' } },
    });
    expect(await (await fetch(`${own.url}/api/config`)).json()).toMatchObject({ wechatSignIn: true });
  });
});
