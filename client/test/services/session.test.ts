import { io } from 'socket.io-client';
import { REFRESH_SESSION_PATH, SIGN_OUT_ALL_PATH, UNAUTHORIZED_CONNECT_ERROR } from '@tandem/protocol';
import type { SessionResponse } from '@tandem/protocol';
import { requestWechatSession } from '../../src/services/session/http';
import * as account from '../../src/services';
import * as chat from '../../src/services';
import { connectionStore } from '../../src/stores/connection';
import { sessionStore } from '../../src/stores/session';
import { wechatErrorText } from '../../src/i18n';
import { taroStub } from '../stubs/taro';
import { startFakeWechat, wechatEnv } from '../support/fake-wechat';
import type { FakeWechat } from '../support/fake-wechat';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';

// The mini program's wx.login (over the Taro stand-in's `login`) instead of the web's "unavailable".
jest.mock('../../src/platform/login', () => jest.requireActual('../../src/platform/login.weapp'));

let fakeWechat: FakeWechat;
/** WeChat sign-in configured against the fake code2session. */
let server: RunningServer;
/** No WeChat configuration: the route answers 501. */
let plainServer: RunningServer;

beforeAll(async () => {
  fakeWechat = await startFakeWechat();
  [server, plainServer] = await Promise.all([startServer({ env: wechatEnv(fakeWechat) }), startServer()]);
});

afterAll(async () => {
  await Promise.all([server?.stop(), plainServer?.stop(), fakeWechat?.close()]);
});

beforeEach(() => {
  chat.configureChat({ serverUrl: server.url, refresh: {} });
});

afterEach(() => {
  jest.restoreAllMocks();
  account.signOut();
});

async function post(path: string, token: string): Promise<Response> {
  return fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: '{}',
  });
}

/** A second device of the signed-in user: a fresh token for the same user, from the refresh route. */
async function secondDeviceToken(): Promise<SessionResponse> {
  const response = await post(REFRESH_SESSION_PATH, sessionStore.getState().token ?? '');
  expect(response.status).toBe(200);
  return (await response.json()) as SessionResponse;
}

const online = () => waitFor('online', () => connectionStore.getState().status === 'online');
const signedOut = () => waitFor('signed out', () => sessionStore.getState().token === null, 10_000);

describe('WeChat sign-in', () => {
  it('is offered in the mini program only when the server has it configured, a device account otherwise', async () => {
    expect(await account.miniProgramSignIn()).toBe('wechat');
    chat.configureChat({ serverUrl: plainServer.url });
    expect(await account.miniProgramSignIn()).toBe('device');
  });

  it('signs in with a wx.login code; the same WeChat user comes back under the name it chose first', async () => {
    const first = await account.signInWithWechat('  Wei  ');
    expect(first).toMatchObject({ ok: true, data: { nickname: 'Wei' } });
    await online();
    const firstUser = sessionStore.getState().user;

    account.signOut();
    const again = await account.signInWithWechat('Someone else');
    expect(again.ok && again.data).toEqual(firstUser);
    // Each sign-in asked WeChat about its own fresh code.
    expect(fakeWechat.codes.slice(-2)).toEqual([
      expect.stringMatching(/^stub-code-/),
      expect.stringMatching(/^stub-code-/),
    ]);
    expect(new Set(fakeWechat.codes.slice(-2)).size).toBe(2);
  });

  it('explains every refusal: bad code, blocked user, too many sign-ins, WeChat down, not configured', async () => {
    const refusal = async (code: string) => {
      const result = await requestWechatSession(server.url, code);
      if (result.ok) throw new Error(`${code} was accepted`);
      return result.error;
    };
    const texts = new Map<number, string>();
    for (const [code, status] of [
      ['invalid-1', 401],
      ['blocked-1', 403],
      ['busy-1', 429],
      ['broken-1', 502],
    ] as const) {
      const error = await refusal(code);
      expect(error.status).toBe(status);
      texts.set(status, wechatErrorText(error));
    }
    chat.configureChat({ serverUrl: plainServer.url });
    const notConfigured = await account.signInWithWechat();
    expect(!notConfigured.ok && notConfigured.error.status).toBe(501);
    if (!notConfigured.ok) texts.set(501, wechatErrorText(notConfigured.error));

    // Five different sentences, none of them the generic server error.
    expect(new Set(texts.values()).size).toBe(5);
    expect([...texts.values()]).not.toContain(wechatErrorText({ code: 'INTERNAL' }));
    expect(sessionStore.getState().token).toBeNull();
  });

  it('says so when wx.login itself fails, without asking the server', async () => {
    taroStub.failLogin(true);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const asked = fakeWechat.codes.length;
    const result = await account.signInWithWechat();
    expect(!result.ok && result.error.code).toBe('LOGIN_FAILED');
    expect(fakeWechat.codes).toHaveLength(asked);
  });
});

describe('session lifetime', () => {
  it('renews a token past half its lifetime at start, and connects with the new one', async () => {
    await account.signIn('Rita');
    await online();
    chat.stopChat();
    // As if the app were reopened four days into a seven-day token.
    const day = 24 * 3600_000;
    const issuedAt = Date.now() - 4 * day;
    sessionStore.setState({ issuedAt, expiresAt: issuedAt + 7 * day });
    const old = sessionStore.getState();
    chat.startChat();
    // (The new token may equal the old one byte for byte: JWT times are in whole seconds.)
    await waitFor('a renewed token', () => (sessionStore.getState().issuedAt ?? 0) > issuedAt);
    expect(sessionStore.getState()).toMatchObject({ user: old.user });
    expect(sessionStore.getState().expiresAt).toBeGreaterThan(Date.now() + 6 * day);
    await online();
  });

  it('renews a short-lived token over and over while the app runs', async () => {
    const shortLived = await startServer({ env: { TOKEN_TTL: '2s' } });
    try {
      chat.configureChat({ serverUrl: shortLived.url });
      await account.signIn('Tess');
      const tokens = new Set([sessionStore.getState().token]);
      await waitFor('three renewals', () => tokens.add(sessionStore.getState().token).size >= 4, 10_000);
      // Well past the first token's two seconds, a new connection is accepted with the latest one.
      chat.stopChat();
      chat.startChat();
      await online();
      expect(sessionStore.getState().user?.nickname).toBe('Tess');
    } finally {
      account.signOut();
      await shortLived.stop();
    }
  });

  it('signs out when another device signed out everywhere: the socket is dropped and its token refused', async () => {
    await account.signIn('Vic');
    await online();
    const other = await secondDeviceToken();
    expect((await post(SIGN_OUT_ALL_PATH, other.token)).status).toBe(200);
    await signedOut();
    expect(connectionStore.getState().status).toBe('offline');
  });

  it('signs out everywhere: this device at once, and the other devices of the user are cut off', async () => {
    await account.signIn('Wes');
    await online();
    const other = await secondDeviceToken();
    const otherDevice = io(server.url, {
      auth: { token: other.token },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      otherDevice.once('connect', () => resolve());
      otherDevice.once('connect_error', reject);
    });
    const cutOff = new Promise<string>((resolve) => otherDevice.once('disconnect', resolve));

    expect(await account.signOutEverywhere()).toBeNull();
    expect(sessionStore.getState().token).toBeNull();
    expect(await cutOff).toBe('io server disconnect');

    const refused = await new Promise<Error>((resolve) => {
      otherDevice.once('connect_error', resolve);
      otherDevice.connect();
    });
    expect(refused.message).toBe(UNAUTHORIZED_CONNECT_ERROR);
    otherDevice.disconnect();
  });
});
