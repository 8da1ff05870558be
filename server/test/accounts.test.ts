import * as v from 'valibot';
import { HttpErrorSchema, SessionResponseSchema } from '@tandem/protocol';
import type { SessionResponse } from '@tandem/protocol';
import { call, startServer } from './helpers';
import type { TestServer } from './helpers';
import { bearer, post } from './http-helpers';

let server: TestServer;
beforeAll(async () => {
  // Per username: 3 tries a minute; per address: far more, so only the username's limit is met.
  server = await startServer({ limits: { rates: { signInAccount: { points: 3, durationMs: 60_000 } } } });
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

let counter = 0;
/** A username no other test uses (the server lives across tests). */
const fresh = (stem = 'user') => `${stem}_${++counter}`;

const signUp = (body: unknown) => post(`${server.url}/api/accounts`, body);
const signIn = (body: unknown) => post(`${server.url}/api/session/password`, body);
const claim = (token: string, body: unknown) => post(`${server.url}/api/accounts/claim`, body, bearer(token));

async function session(response: Response): Promise<SessionResponse> {
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return v.parse(SessionResponseSchema, await response.json());
}

async function errorOf(response: Response) {
  return { status: response.status, body: v.parse(HttpErrorSchema, await response.json()) };
}

describe('accounts', () => {
  it('signs up with a username and password, and signs in with them in any letter case', async () => {
    const username = fresh('Ann.Lee');
    const created = await session(await signUp({ username, password: 'correct horse', nickname: '安' }));
    expect(created.user).toEqual({ id: expect.any(String), nickname: '安', username });
    const again = await session(await signIn({ username: username.toUpperCase(), password: 'correct horse' }));
    expect(again.user).toEqual(created.user);
    // The token is a real session: the socket connects as that user.
    const socket = await server.connect(again.token);
    const { room } = await call(socket, 'room:create', { name: 'mine' });
    expect(room.name).toBe('mine');
  });

  it('names the account after its username when no nickname is given', async () => {
    const username = fresh();
    const { user } = await session(await signUp({ username, password: 'correct horse' }));
    expect(user.nickname).toBe(username);
  });

  it('refuses a username taken in any letter case with 409 CONFLICT', async () => {
    const username = fresh('bob');
    await session(await signUp({ username, password: 'correct horse' }));
    const taken = await errorOf(await signUp({ username: username.toUpperCase(), password: 'another one' }));
    expect(taken).toEqual({ status: 409, body: { error: { code: 'CONFLICT', message: 'this username is taken' } } });
  });

  it('refuses invalid sign-ups with 400 INVALID_PAYLOAD and creates nothing', async () => {
    const shortPassword = fresh();
    for (const body of [
      {},
      { username: 'ab', password: 'correct horse' },
      { username: 'has space', password: 'correct horse' },
      { username: shortPassword, password: 'short' },
      { username: fresh(), password: 'x'.repeat(129) },
      { username: fresh(), password: 'correct horse', nickname: '' },
      'not an object',
    ]) {
      const { status, body: error } = await errorOf(await signUp(body));
      expect(status).toBe(400);
      expect(error.error.code).toBe('INVALID_PAYLOAD');
    }
    // Nothing was created: the name is still free.
    await session(await signUp({ username: shortPassword, password: 'correct horse' }));
  });

  it('answers a wrong password and an unknown username the same way', async () => {
    const username = fresh();
    await session(await signUp({ username, password: 'correct horse' }));
    const wrong = await signIn({ username, password: 'wrong horse' });
    const unknown = await signIn({ username: fresh('nobody'), password: 'correct horse' });
    const unusable = await signIn({ username: 'not a username!', password: 'x' });
    const answers = await Promise.all(
      [wrong, unknown, unusable].map(async (response) => ({
        status: response.status,
        authenticate: response.headers.get('www-authenticate'),
        body: await response.json(),
      })),
    );
    expect(answers[0]).toEqual({
      status: 401,
      authenticate: 'Bearer',
      body: { error: { code: 'UNAUTHORIZED', message: 'wrong username or password' } },
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('never signs in a guest by nickname and password', async () => {
    const nickname = fresh('guest');
    await server.signIn(nickname);
    expect((await signIn({ username: nickname, password: 'anything at all' })).status).toBe(401);
  });

  it('limits sign-in attempts per username, whatever the letter case, with retryAfterMs', async () => {
    const username = fresh('target');
    await session(await signUp({ username, password: 'correct horse' }));
    for (let i = 0; i < 2; i++) expect((await signIn({ username, password: `guess ${i}` })).status).toBe(401);
    const limited = await errorOf(await signIn({ username: username.toUpperCase(), password: 'correct horse' }));
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
    // Another username from the same address is not held back.
    const other = fresh();
    await session(await signUp({ username: other, password: 'correct horse' }));
  });
});

describe('a guest claiming its account', () => {
  it('keeps its id, rooms and history, and signs in with the password afterwards', async () => {
    const guest = await server.signIn('Guest');
    const socket = await server.connect(guest.token);
    const { room } = await call(socket, 'room:create', { name: 'private', visibility: 'private' });
    await call(socket, 'message:send', { roomId: room.id, clientId: 'c1', text: 'mine' });
    const username = fresh('claimed');
    const claimed = await session(await claim(guest.token, { username, password: 'correct horse' }));
    expect(claimed.user).toEqual({ id: guest.user.id, nickname: 'Guest', username });

    const later = await session(await signIn({ username, password: 'correct horse' }));
    expect(later.user.id).toBe(guest.user.id);
    const laptop = await server.connect(later.token);
    const { rooms } = await call(laptop, 'room:list', {});
    expect(rooms.map((listed) => listed.id)).toContain(room.id);
    const { messages } = await call(laptop, 'message:history', { roomId: room.id });
    expect(messages.map((message) => message.text)).toEqual(['mine']);
  });

  it('is refused a taken username, a second claim, a bad body and a bad token', async () => {
    const owner = fresh('owner');
    await session(await signUp({ username: owner, password: 'correct horse' }));
    const guest = await server.signIn('Guest');
    expect(
      await errorOf(await claim(guest.token, { username: owner.toUpperCase(), password: 'correct horse' })),
    ).toEqual({ status: 409, body: { error: { code: 'CONFLICT', message: 'this username is taken' } } });
    await session(await claim(guest.token, { username: fresh(), password: 'correct horse' }));
    const second = await errorOf(await claim(guest.token, { username: fresh(), password: 'correct horse' }));
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CONFLICT');
    expect((await errorOf(await claim(guest.token, { username: 'x', password: 'correct horse' }))).status).toBe(400);
    expect((await claim('not a token', { username: fresh(), password: 'correct horse' })).status).toBe(401);
  });
});
