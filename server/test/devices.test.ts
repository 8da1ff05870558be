import { SignJWT } from 'jose';
import * as v from 'valibot';
import {
  HttpErrorSchema,
  SessionListResponseSchema,
  SessionResponseSchema,
  UNAUTHORIZED_CONNECT_ERROR,
} from '@tandem/protocol';
import type { SessionEnded, SessionInfo, SessionResponse } from '@tandem/protocol';
import { LAST_SEEN_INTERVAL_MS } from '../src/sessions';
import {
  call,
  connectSocket,
  nextEvent,
  sessionIdOf,
  settle,
  startServer,
  waitForConnect,
  withTimeout,
} from './helpers';
import type { ClientSocket, TestServer } from './helpers';
import { bearer, post } from './http-helpers';

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const WECHAT_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) MicroMessenger/8.0.50 miniProgram/wx1';

let server: TestServer;
/** The server's clock: tests move it to order sign-ins and to pass the last-seen interval. */
let clockOffsetMs = 0;
const now = () => Date.now() + clockOffsetMs;
beforeEach(async () => {
  clockOffsetMs = 0;
  server = await startServer({ now });
});
afterEach(() => server.close());

let counter = 0;
const fresh = () => `ann_${++counter}`;

async function sessionOf(response: Response): Promise<SessionResponse> {
  expect(response.status).toBe(200);
  return v.parse(SessionResponseSchema, await response.json());
}
const signUp = async (username: string, headers: Record<string, string> = {}, device?: string) =>
  sessionOf(await post(`${server.url}/api/accounts`, { username, password: 'correct horse', device }, headers));
const signInAgain = async (username: string, headers: Record<string, string> = {}, device?: string) =>
  sessionOf(await post(`${server.url}/api/session/password`, { username, password: 'correct horse', device }, headers));
const refresh = (token: string) => post(`${server.url}/api/session/refresh`, undefined, bearer(token));

async function listSessions(token: string): Promise<SessionInfo[]> {
  const response = await fetch(`${server.url}/api/sessions`, { headers: bearer(token) });
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return v.parse(SessionListResponseSchema, await response.json()).sessions;
}
const signOutSession = (token: string, sessionId: string) =>
  post(`${server.url}/api/sessions/${sessionId}/signout`, undefined, bearer(token));

/** Everything the socket heard until the server disconnected it. */
function untilDisconnect(socket: ClientSocket): Promise<{ heard: SessionEnded[]; reason: string }> {
  const heard: SessionEnded[] = [];
  socket.on('session:ended', (event) => heard.push(event));
  const done = new Promise<{ heard: SessionEnded[]; reason: string }>((resolve) => {
    socket.once('disconnect', (reason) => resolve({ heard, reason }));
  });
  return withTimeout(done, 'socket was not disconnected', 10_000);
}
const SIGNED_OUT = { heard: [{ reason: 'signed_out' }], reason: 'io server disconnect' };

async function expectHandshakeRefused(token: string) {
  const socket = connectSocket(server.url, token);
  await expect(waitForConnect(socket)).rejects.toThrow(UNAUTHORIZED_CONNECT_ERROR);
  socket.disconnect();
}

describe('sessions', () => {
  it('starts a session per sign-in, labelled from the User-Agent or the device given, with the address', async () => {
    const username = fresh();
    const first = await signUp(username, { 'user-agent': CHROME_MAC });
    clockOffsetMs += 1000;
    await signInAgain(username, { 'user-agent': WECHAT_UA });
    clockOffsetMs += 1000;
    const third = await signInAgain(username, { 'user-agent': CHROME_MAC }, '  Ann’s laptop ');
    clockOffsetMs += 1000;
    const guest = await sessionOf(
      await post(`${server.url}/api/session`, { nickname: 'Guest' }, { 'user-agent': 'curl/8' }),
    );

    const sessions = await listSessions(third.token);
    expect(sessions.map(({ device, address, current }) => ({ device, address, current }))).toEqual([
      { device: 'Ann’s laptop', address: '127.0.0.1', current: true },
      { device: 'WeChat', address: '127.0.0.1', current: false },
      { device: 'Chrome on macOS', address: '127.0.0.1', current: false },
    ]);
    expect(sessions[2]?.id).toBe(sessionIdOf(first.token));
    expect(sessions[0]?.id).toBe(sessionIdOf(third.token));
    expect(sessions[0]?.createdAt).toBeGreaterThan(sessions[1]!.createdAt);
    expect(sessions.map((session) => session.lastSeenAt)).toEqual(sessions.map((session) => session.createdAt));
    // The first session's list marks the first as current; another user's list holds only its own.
    expect((await listSessions(first.token)).map((session) => session.current)).toEqual([false, false, true]);
    expect(await listSessions(guest.token)).toEqual([
      expect.objectContaining({ device: 'Unknown device', current: true }),
    ]);
  });

  it('keeps the session on refresh and on a guest claiming an account', async () => {
    const guest = await sessionOf(await post(`${server.url}/api/session`, { nickname: 'Guest', device: 'Phone' }));
    const refreshed = await sessionOf(await refresh(guest.token));
    expect(sessionIdOf(refreshed.token)).toBe(sessionIdOf(guest.token));
    const claim = { username: fresh(), password: 'correct horse' };
    const claimed = await sessionOf(await post(`${server.url}/api/accounts/claim`, claim, bearer(refreshed.token)));
    expect(sessionIdOf(claimed.token)).toBe(sessionIdOf(guest.token));
    expect(await listSessions(claimed.token)).toEqual([expect.objectContaining({ device: 'Phone', current: true })]);
  });

  it('notes last seen on refresh and on connect, at most once a minute', async () => {
    const ann = await signUp(fresh());
    const [created] = await listSessions(ann.token);
    clockOffsetMs += LAST_SEEN_INTERVAL_MS - 5000;
    await sessionOf(await refresh(ann.token));
    expect((await listSessions(ann.token))[0]?.lastSeenAt).toBe(created!.lastSeenAt);

    clockOffsetMs += 10_000;
    const before = now();
    await sessionOf(await refresh(ann.token));
    const refreshed = (await listSessions(ann.token))[0]!.lastSeenAt;
    expect(refreshed).toBeGreaterThanOrEqual(before);

    clockOffsetMs += LAST_SEEN_INTERVAL_MS;
    const beforeConnect = now();
    await server.connect(ann.token);
    // The socket's write is not awaited by the handshake: wait for it to land.
    await waitUntil(async () => (await listSessions(ann.token))[0]!.lastSeenAt >= beforeConnect);
    expect((await listSessions(ann.token))[0]?.createdAt).toBe(created!.createdAt);
  });

  it('signs one session out: its socket hears signed_out and drops, its token is refused; the others stay', async () => {
    const username = fresh();
    const laptop = await signUp(username);
    const phone = await signInAgain(username);
    const laptopSocket = await server.connect(laptop.token);
    const phoneSocket = await server.connect(phone.token);
    const phoneEnded = untilDisconnect(phoneSocket);
    const laptopHeard = nextEvent(laptopSocket, 'session:ended', () => true, 1000).catch(() => 'nothing');

    const response = await signOutSession(laptop.token, sessionIdOf(phone.token));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(await phoneEnded).toEqual(SIGNED_OUT);

    expect((await refresh(phone.token)).status).toBe(401);
    expect((await fetch(`${server.url}/api/sessions`, { headers: bearer(phone.token) })).status).toBe(401);
    await expectHandshakeRefused(phone.token);

    expect(await laptopHeard).toBe('nothing');
    expect(laptopSocket.connected).toBe(true);
    await settle(laptopSocket);
    expect((await listSessions(laptop.token)).map((session) => session.id)).toEqual([sessionIdOf(laptop.token)]);
    // A second sign-out of the ended session finds nothing.
    expect((await signOutSession(laptop.token, sessionIdOf(phone.token))).status).toBe(404);
  });

  it("answers 404 for another user's session, or an id no session has, and ends nothing", async () => {
    const ann = await signUp(fresh());
    const bob = await signUp(fresh());
    const bobSocket = await server.connect(bob.token);
    for (const id of [sessionIdOf(bob.token), 'no-such-session', 'a.b']) {
      const response = await signOutSession(ann.token, id);
      expect(response.status).toBe(404);
      expect(v.parse(HttpErrorSchema, await response.json()).error.code).toBe('NOT_FOUND');
    }
    expect(bobSocket.connected).toBe(true);
    await settle(bobSocket);
    await sessionOf(await refresh(bob.token));
    expect((await signOutSession('not-a-token', sessionIdOf(bob.token))).status).toBe(401);
  });

  it('signs this session out with POST /api/session/signout, leaving the others', async () => {
    const username = fresh();
    const laptop = await signUp(username);
    const phone = await signInAgain(username);
    const laptopSocket = await server.connect(laptop.token);
    const phoneSocket = await server.connect(phone.token);
    const laptopEnded = untilDisconnect(laptopSocket);
    const response = await post(`${server.url}/api/session/signout`, undefined, bearer(laptop.token));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(await laptopEnded).toEqual(SIGNED_OUT);
    expect((await refresh(laptop.token)).status).toBe(401);
    expect((await post(`${server.url}/api/session/signout`, undefined, bearer(laptop.token))).status).toBe(401);
    expect(phoneSocket.connected).toBe(true);
    await settle(phoneSocket);
    expect((await listSessions(phone.token)).map((session) => session.current)).toEqual([true]);
  });

  it('ends every session with signout-all', async () => {
    const username = fresh();
    const laptop = await signUp(username);
    const phone = await signInAgain(username);
    const ended = Promise.all([
      untilDisconnect(await server.connect(laptop.token)),
      untilDisconnect(await server.connect(phone.token)),
    ]);
    expect((await post(`${server.url}/api/session/signout-all`, undefined, bearer(laptop.token))).status).toBe(200);
    expect(await ended).toEqual([SIGNED_OUT, SIGNED_OUT]);
    const userId = laptop.user.id;
    await expect(server.store.listSessions(userId)).resolves.toEqual([]);
    const again = await signInAgain(username);
    expect((await listSessions(again.token)).map((session) => session.id)).toEqual([sessionIdOf(again.token)]);
  });

  it('accepts a token issued before sessions until it expires, lists no session for it, and refresh starts one', async () => {
    const { user } = await signUp(fresh());
    const legacy = await new SignJWT({ nickname: user.nickname, ver: 0 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(server.secret);
    const socket = await server.connect(legacy);
    await call(socket, 'room:list', {});
    const listed = await listSessions(legacy);
    expect(listed.map((session) => session.current)).toEqual([false]);
    const refreshed = await sessionOf(await refresh(legacy));
    const sessions = await listSessions(refreshed.token);
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).toMatchObject({ id: sessionIdOf(refreshed.token), current: true });
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
