import type { Store } from '../src/store/types';
import { backends } from './store-backends';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
/** Credential hashes as the route stores them: SHA-256 hex. */
const hashOf = (digit: string) => digit.repeat(64);

describe.each(backends)('the $name store: device accounts', (backend) => {
  let location: unknown;
  let store: Store;
  beforeEach(async () => {
    location = await backend.location();
    store = await backend.open(location);
  });
  afterEach(async () => {
    try {
      await store.close();
    } finally {
      await backend.dispose(location);
    }
  });

  it('creates a user on the first sign-in of a credential and finds the same user, name kept, afterwards', async () => {
    await expect(store.findDeviceUser(hashOf('a'))).resolves.toBeUndefined();
    const first = await store.findOrCreateDeviceUser(hashOf('a'), '安', 1000);
    expect(first).toEqual({ id: expect.any(String), nickname: '安', tokenVersion: 0, createdAt: 1000 });
    await expect(store.findOrCreateDeviceUser(hashOf('a'), 'Other name', 2000)).resolves.toEqual(first);
    await expect(store.findDeviceUser(hashOf('a'))).resolves.toEqual(first);
    await expect(store.findUser(first.id)).resolves.toEqual(first);
    const other = await store.findOrCreateDeviceUser(hashOf('b'), '安', 3000);
    expect(other.id).not.toBe(first.id);
  });

  it('keeps one user per credential when the first sign-ins race', async () => {
    const users = await Promise.all(
      Array.from({ length: 5 }, (_, i) => store.findOrCreateDeviceUser(hashOf('c'), `name ${i}`, i)),
    );
    expect(new Set(users.map((user) => user.id)).size).toBe(1);
  });

  it('never finds a guest, a WeChat user or an account by a device credential', async () => {
    await store.createUser('ann', 1000);
    await store.findOrCreateWechatUser(hashOf('d'), 'ann', 1000);
    await store.createAccount({ username: 'ann', passwordHash: HASH, nickname: 'ann', createdAt: 1000 });
    await expect(store.findDeviceUser(hashOf('d'))).resolves.toBeUndefined();
  });

  it('lets a device user claim a username and password, and still finds it by its credential', async () => {
    const device = await store.findOrCreateDeviceUser(hashOf('e'), 'Wei', 1000);
    const claimed = await store.claimAccount(device.id, 'wei', HASH);
    expect(claimed).toEqual({ ...device, username: 'wei' });
    await expect(store.findCredentials('WEI')).resolves.toEqual({ user: claimed, passwordHash: HASH });
    await expect(store.findDeviceUser(hashOf('e'))).resolves.toEqual(claimed);
    await expect(store.findOrCreateDeviceUser(hashOf('e'), 'x', 2)).resolves.toEqual(claimed);
  });
});
