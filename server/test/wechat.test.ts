import * as v from 'valibot';
import { HttpErrorSchema, SessionResponseSchema, WECHAT_DEFAULT_NICKNAME } from '@tandem/protocol';
import { startServer } from './helpers';
import type { TestServer } from './helpers';
import { bearer, post, startFakeWechat } from './http-helpers';
import type { FakeAnswer, FakeWechat } from './http-helpers';

const APP_ID = 'wx0123456789abcdef';
const APP_SECRET = 'app-secret-never-logged-3f9a';
const SESSION_KEY = 'session-key-never-logged-77c1';

/** Codes the fake understands: `user-<name>` signs in as openid `openid-<name>`; `err-<n>` answers errcode n. */
function code2session(code: string): FakeAnswer {
  if (code === 'drop') return 'drop';
  if (code === 'http-500') return { status: 500, body: { errcode: -1, errmsg: 'system error' } };
  if (code === 'garbage') return { body: ['not', 'an', 'object'] };
  const failure = /^err-(-?\d+)$/.exec(code);
  if (failure) return { body: { errcode: Number(failure[1]), errmsg: `error ${failure[1]}` } };
  return { body: { openid: `openid-${code}`, session_key: SESSION_KEY } };
}

const logLines: string[] = [];
let wechat: FakeWechat;
let server: TestServer;
beforeAll(async () => {
  wechat = await startFakeWechat(code2session);
  server = await startServer({ wechat: { appId: APP_ID, appSecret: APP_SECRET, apiBase: wechat.url }, logLines });
});
afterAll(async () => {
  await server.close();
  await wechat.close();
});

const signInWechat = (body: unknown) => post(`${server.url}/api/session/wechat`, body);

async function expectError(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  const body: unknown = await response.json();
  expect(v.is(HttpErrorSchema, body)).toBe(true);
  expect(body).toMatchObject({ error: { code } });
  return (body as { error: Record<string, unknown> }).error;
}

describe('POST /api/session/wechat', () => {
  it('exchanges the code with the configured app id and secret and creates the user on first sign-in', async () => {
    const response = await signInWechat({ code: 'user-ann', nickname: ' Ann ' });
    expect(response.status).toBe(200);
    const session = v.parse(SessionResponseSchema, await response.json());
    expect(session.user.nickname).toBe('Ann');
    const call = wechat.calls.at(-1);
    expect(Object.fromEntries(call ?? [])).toEqual({
      appid: APP_ID,
      secret: APP_SECRET,
      js_code: 'user-ann',
      grant_type: 'authorization_code',
    });
    const socket = await server.connect(session.token);
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });

  it('signs the same WeChat user in as the same account, keeping its first nickname', async () => {
    const first = v.parse(
      SessionResponseSchema,
      await (await signInWechat({ code: 'user-bob', nickname: 'Bob' })).json(),
    );
    const again = v.parse(
      SessionResponseSchema,
      await (await signInWechat({ code: 'user-bob', nickname: 'B' })).json(),
    );
    expect(again.user).toEqual(first.user);
    const other = v.parse(SessionResponseSchema, await (await signInWechat({ code: 'user-carol' })).json());
    expect(other.user.id).not.toBe(first.user.id);
  });

  it('signs the user in again after a sign-out everywhere, with a token the old ones do not match', async () => {
    const before = v.parse(SessionResponseSchema, await (await signInWechat({ code: 'user-erin' })).json());
    const signOut = await post(`${server.url}/api/session/signout-all`, undefined, bearer(before.token));
    expect(signOut.status).toBe(200);
    const after = v.parse(SessionResponseSchema, await (await signInWechat({ code: 'user-erin' })).json());
    expect(after.user).toEqual(before.user);
    const refresh = (token: string) => post(`${server.url}/api/session/refresh`, undefined, bearer(token));
    expect((await refresh(before.token)).status).toBe(401);
    expect((await refresh(after.token)).status).toBe(200);
  });

  it('names a new user with the default nickname when none is given', async () => {
    const session = v.parse(SessionResponseSchema, await (await signInWechat({ code: 'user-dan' })).json());
    expect(session.user.nickname).toBe(WECHAT_DEFAULT_NICKNAME);
  });

  it('answers 401 UNAUTHORIZED to an invalid (40029) or already used (40163) code', async () => {
    await expectError(await signInWechat({ code: 'err-40029' }), 401, 'UNAUTHORIZED');
    await expectError(await signInWechat({ code: 'err-40163' }), 401, 'UNAUTHORIZED');
  });

  it('answers 429 RATE_LIMITED with a retry delay when WeChat rate-limits (45011)', async () => {
    const response = await signInWechat({ code: 'err-45011' });
    expect(response.headers.get('retry-after')).toBe('60');
    const error = await expectError(response, 429, 'RATE_LIMITED');
    expect(error.retryAfterMs).toBe(60_000);
  });

  it('answers 403 FORBIDDEN when WeChat blocks the user (40226)', async () => {
    await expectError(await signInWechat({ code: 'err-40226' }), 403, 'FORBIDDEN');
  });

  it.each([
    ['another errcode', 'err--1'],
    ['an HTTP error', 'http-500'],
    ['an answer without openid', 'garbage'],
    ['a dropped connection', 'drop'],
  ])('answers 502 INTERNAL to %s', async (_name, code) => {
    await expectError(await signInWechat({ code }), 502, 'INTERNAL');
  });

  it('answers 400 INVALID_PAYLOAD to a missing, empty or oversized code', async () => {
    const calls = wechat.calls.length;
    for (const body of [{}, { code: '' }, { code: 'x'.repeat(129) }, { code: 42 }, { code: 'ok', nickname: '' }]) {
      await expectError(await signInWechat(body), 400, 'INVALID_PAYLOAD');
    }
    expect(wechat.calls.length).toBe(calls);
  });

  it('answers 502 INTERNAL when WeChat cannot be reached', async () => {
    const offline = await startServer({
      wechat: { appId: APP_ID, appSecret: APP_SECRET, apiBase: 'http://127.0.0.1:1' },
    });
    try {
      await expectError(await post(`${offline.url}/api/session/wechat`, { code: 'user-x' }), 502, 'INTERNAL');
    } finally {
      await offline.close();
    }
  });

  it('never logs the app secret, a code or a session key', async () => {
    await signInWechat({ code: 'user-secretive' });
    await signInWechat({ code: 'err-40029' });
    await signInWechat({ code: 'drop' });
    const logged = logLines.join('\n');
    expect(logged).toContain('wechat code2session');
    for (const secret of [APP_SECRET, SESSION_KEY, 'user-secretive', 'err-40029']) expect(logged).not.toContain(secret);
  });
});

describe('without WeChat configured', () => {
  let plain: TestServer;
  beforeAll(async () => {
    plain = await startServer();
  });
  afterAll(() => plain.close());

  it('answers 501 INTERNAL saying WeChat sign-in is not configured', async () => {
    const error = await expectError(await post(`${plain.url}/api/session/wechat`, { code: 'user-x' }), 501, 'INTERNAL');
    expect(error.message).toBe('WeChat sign-in is not configured');
  });

  it('tells clients through GET /api/config, which says yes when configured', async () => {
    expect(await (await fetch(`${plain.url}/api/config`)).json()).toMatchObject({ wechatSignIn: false });
    expect(await (await fetch(`${server.url}/api/config`)).json()).toMatchObject({ wechatSignIn: true });
  });
});
