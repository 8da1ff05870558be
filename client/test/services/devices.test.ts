import { io } from 'socket.io-client';
import * as account from '../../src/services';
import * as chat from '../../src/services';
import { connectionStore } from '../../src/stores/connection';
import { sessionStore } from '../../src/stores/session';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());
beforeEach(() => chat.configureChat({ serverUrl: server.url, refresh: {} }));
afterEach(() => account.signOut());

let counter = 0;
const fresh = (stem: string) => `${stem}_${++counter}`;
const online = () => waitFor('online', () => connectionStore.getState().status === 'online');

async function ok<T>(result: Promise<chat.Result<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected success, got ${settled.error.code}: ${settled.error.message}`);
  return settled.data;
}

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** Another device of the same account: a password sign-in over plain HTTP with its own User-Agent. */
async function otherDevice(username: string): Promise<string> {
  const response = await fetch(`${server.url}/api/session/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': FIREFOX_LINUX },
    body: JSON.stringify({ username, password: 'correct horse' }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}
const refreshStatus = async (token: string) =>
  (
    await fetch(`${server.url}/api/session/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    })
  ).status;

describe('devices', () => {
  it('lists this and the other devices, and signs the other one out: its socket drops and its token is refused', async () => {
    const username = fresh('ann');
    await ok(account.signUp(username, 'correct horse'));
    await online();
    const otherToken = await otherDevice(username);
    const otherSocket = io(server.url, { auth: { token: otherToken }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      otherSocket.once('connect', resolve);
      otherSocket.once('connect_error', reject);
    });
    const ended = new Promise<unknown>((resolve) => otherSocket.once('session:ended', resolve));

    const devices = await ok(account.listDevices());
    expect(devices.map(({ device, current, address }) => ({ device, current, address }))).toEqual([
      { device: 'Firefox on Linux', current: false, address: '127.0.0.1' },
      { device: expect.any(String), current: true, address: '127.0.0.1' },
    ]);

    expect(await account.signOutDevice(devices[0]!.id)).toBeNull();
    expect(await ended).toEqual({ reason: 'signed_out' });
    await waitFor('the other socket dropped', () => !otherSocket.connected);
    expect(await refreshStatus(otherToken)).toBe(401);
    expect((await ok(account.listDevices())).map((session) => session.current)).toEqual([true]);
    // This device is still signed in and connected.
    expect(connectionStore.getState().status).toBe('online');
    // A session that is already gone counts as signed out.
    expect(await account.signOutDevice(devices[0]!.id)).toBeNull();
    otherSocket.close();
  });

  it('ends its own session on the server when it signs out', async () => {
    await ok(account.signUp(fresh('bob'), 'correct horse'));
    const { token } = sessionStore.getState();
    expect(await refreshStatus(token!)).toBe(200);
    account.signOut();
    // The sign-out request goes out without being waited for.
    const deadline = Date.now() + 5000;
    while ((await refreshStatus(token!)) !== 401) {
      if (Date.now() > deadline) throw new Error('the signed-out token is still accepted');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await expect(account.listDevices()).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });
});
