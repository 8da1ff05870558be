import type { Store } from '../src/store/types';
import { backends } from './store-backends';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';

describe.each(backends)('the $name store: accounts', (backend) => {
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

  const account = (username: string, nickname = username) =>
    store.createAccount({ username, passwordHash: HASH, nickname, createdAt: 1000 });

  it('creates an account with its username and finds its credentials in any letter case', async () => {
    const ann = await account('Ann.Lee', '安');
    expect(ann).toEqual({
      id: expect.any(String),
      nickname: '安',
      tokenVersion: 0,
      createdAt: 1000,
      username: 'Ann.Lee',
    });
    await expect(store.findUser(ann!.id)).resolves.toEqual(ann);
    for (const spelling of ['Ann.Lee', 'ann.lee', 'ANN.LEE']) {
      await expect(store.findCredentials(spelling)).resolves.toEqual({ user: ann, passwordHash: HASH });
    }
    await expect(store.findCredentials('bob')).resolves.toBeUndefined();
  });

  it('refuses a username taken in another letter case, and keeps one account when sign-ups race', async () => {
    expect(await account('ann')).toBeDefined();
    await expect(account('ANN')).resolves.toBeUndefined();
    const raced = await Promise.all(Array.from({ length: 5 }, () => account('bob')));
    expect(raced.filter((user) => user !== undefined)).toHaveLength(1);
  });

  it('never finds a guest or a WeChat user by password', async () => {
    await store.createUser('ann', 1000);
    await store.findOrCreateWechatUser('openid', 'ann', 1000);
    await expect(store.findCredentials('ann')).resolves.toBeUndefined();
  });

  it('lets a guest claim a free username once, keeping its id, and refuses taken names and second claims', async () => {
    const guest = await store.createUser('Guest', 1000);
    await account('taken');
    await expect(store.claimAccount(guest.id, 'TAKEN', HASH)).resolves.toBe('username-taken');
    const claimed = await store.claimAccount(guest.id, 'Guest_1', HASH);
    expect(claimed).toEqual({ ...guest, username: 'Guest_1' });
    await expect(store.findCredentials('guest_1')).resolves.toEqual({ user: claimed, passwordHash: HASH });
    await expect(store.claimAccount(guest.id, 'other', HASH)).resolves.toBe('already-claimed');
    const wechat = await store.findOrCreateWechatUser('openid', 'Wei', 1000);
    await expect(store.claimAccount(wechat.id, 'wei', HASH)).resolves.toBe('already-claimed');
    await expect(store.claimAccount('nobody', 'free', HASH)).resolves.toBe('not-found');
  });
});
