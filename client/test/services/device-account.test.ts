import { createHash } from 'node:crypto';
import * as account from '../../src/services';
import * as chat from '../../src/services';
import { secureRandomHex } from '../../src/platform/random';
import {
  DEVICE_CREDENTIAL_KEY,
  deviceCredential,
  storedDeviceCredential,
} from '../../src/services/session/device-credential';
import type { PlatformStorage } from '../../src/platform/storage';
import { connectionStore } from '../../src/stores/connection';
import { roomsStore } from '../../src/stores/rooms';
import { sessionStore } from '../../src/stores/session';
import { taroStub } from '../stubs/taro';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());
beforeEach(() => chat.configureChat({ serverUrl: server.url, refresh: {} }));
afterEach(() => {
  jest.restoreAllMocks();
  account.signOut();
});

const online = () => waitFor('online', () => connectionStore.getState().status === 'online');

async function ok<T>(result: Promise<chat.Result<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected success, got ${settled.error.code}: ${settled.error.message}`);
  return settled.data;
}

/** A storage over a Map whose writes can be made to fail, as WeChat's does when it is full. */
function memoryStorage(writes: 'stick' | 'fail' = 'stick'): PlatformStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void (writes === 'stick' && map.set(key, value)),
    removeItem: (key) => void map.delete(key),
    keys: () => [...map.keys()],
  };
}

describe('the device credential', () => {
  it('is made once from the crypto source, 64 hex characters, and read back from storage afterwards', async () => {
    const storage = memoryStorage();
    expect(storedDeviceCredential(storage)).toBeNull();
    const credential = await deviceCredential(storage);
    expect(credential).toMatch(/^[0-9a-f]{64}$/);
    expect(storage.map.get(DEVICE_CREDENTIAL_KEY)).toBe(credential);
    await expect(deviceCredential(storage)).resolves.toBe(credential);
    // Another device makes another one.
    await expect(deviceCredential(memoryStorage())).resolves.not.toBe(credential);
  });

  it('gives the first one kept when two first sign-ins race', async () => {
    const storage = memoryStorage();
    const [first, second] = await Promise.all([deviceCredential(storage), deviceCredential(storage)]);
    expect(second).toBe(first);
    expect(storage.map.get(DEVICE_CREDENTIAL_KEY)).toBe(first);
  });

  it('replaces a malformed stored value, and refuses to go on when the new one does not stick', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const storage = memoryStorage();
    storage.map.set(DEVICE_CREDENTIAL_KEY, 'not a credential');
    expect(storedDeviceCredential(storage)).toBeNull();
    expect(await deviceCredential(storage)).toMatch(/^[0-9a-f]{64}$/);
    await expect(deviceCredential(memoryStorage('fail'))).rejects.toThrow('not stored');
  });

  it('comes from WeChat crypto manager in the mini program, and never from a weak source', async () => {
    const weapp = await import('../../src/platform/random.weapp');
    const made = await Promise.all(Array.from({ length: 20 }, () => weapp.secureRandomHex(32)));
    for (const hex of made) expect(hex).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(made).size).toBe(20);
    // No crypto source at all: a rejection, not a weak secret.
    const crypto = globalThis.crypto;
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      await expect(secureRandomHex(32)).rejects.toThrow('no crypto source');
    } finally {
      Object.defineProperty(globalThis, 'crypto', { value: crypto, configurable: true });
    }
  });
});

describe('signing in with the device account', () => {
  it('creates the account the first time, and signs in to the same one with its rooms after signing out', async () => {
    const user = await ok(account.signInWithDevice('  小明 '));
    expect(user).toEqual({ id: expect.any(String), nickname: '小明' });
    expect(sessionStore.getState().kind).toBe('device');
    expect(account.hasDeviceAccount()).toBe(true);
    await online();
    const room = await ok(chat.createRoom('ours', 'private'));

    account.signOut();
    // Sign-out forgot the session and what it cached, never the account's credential.
    expect(sessionStore.getState().token).toBeNull();
    const credential = taroStub.storage.get(DEVICE_CREDENTIAL_KEY);
    expect(credential).toMatch(/^[0-9a-f]{64}$/);
    expect(account.hasDeviceAccount()).toBe(true);

    const again = await ok(account.signInWithDevice());
    expect(again).toEqual(user);
    expect(sessionStore.getState().kind).toBe('device');
    await online();
    await waitFor('the private room listed again', () => roomsStore.getState().byId[room.id]);
    expect(taroStub.storage.get(DEVICE_CREDENTIAL_KEY)).toBe(credential);
  });

  it('is told NOT_FOUND without a name when the server does not know the stored credential', async () => {
    taroStub.storage.set(DEVICE_CREDENTIAL_KEY, createHash('sha256').update('unknown').digest('hex'));
    const unknown = await account.signInWithDevice();
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', status: 404 } });
    expect(sessionStore.getState().token).toBeNull();
    await expect(ok(account.signInWithDevice('Named'))).resolves.toMatchObject({ nickname: 'Named' });
  });

  it('becomes an account once it claims a username, and its credential then signs in to that account', async () => {
    const user = await ok(account.signInWithDevice('Wei'));
    const username = `wei_${Date.now().toString(36)}`;
    await ok(account.claimAccount(username, 'correct horse'));
    expect(sessionStore.getState().kind).toBe('account');
    account.signOut();
    await expect(ok(account.signInWithDevice())).resolves.toEqual({ ...user, username });
    expect(sessionStore.getState().kind).toBe('account');
  });
});
