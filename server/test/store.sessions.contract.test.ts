import type { Store } from '../src/store/types';
import { backends } from './store-backends';

describe.each(backends)('the $name store: sessions', (backend) => {
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

  const session = (id: string, userId: string, createdAt: number) =>
    store.createSession({ id, userId, device: `device ${id}`, address: '203.0.113.7', createdAt });

  it('creates a session last seen when it was created, and finds it by id', async () => {
    const ann = await store.createUser('Ann', 1000);
    const created = await session('s1', ann.id, 5000);
    const expected = {
      id: 's1',
      userId: ann.id,
      device: 'device s1',
      address: '203.0.113.7',
      createdAt: 5000,
      lastSeenAt: 5000,
    };
    expect(created).toEqual(expected);
    await expect(store.findSession('s1')).resolves.toEqual(expected);
    await expect(store.findSession('s2')).resolves.toBeUndefined();
  });

  it("lists a user's sessions newest first, and no one else's", async () => {
    const ann = await store.createUser('Ann', 1000);
    const bob = await store.createUser('Bob', 1000);
    await session('old', ann.id, 2000);
    await session('new', ann.id, 4000);
    await session('mid', ann.id, 3000);
    await session('bobs', bob.id, 5000);
    const listed = await store.listSessions(ann.id);
    expect(listed.map((row) => row.id)).toEqual(['new', 'mid', 'old']);
    await expect(store.listSessions('nobody')).resolves.toEqual([]);
  });

  it('moves last seen and the address forward, never back', async () => {
    const ann = await store.createUser('Ann', 1000);
    await session('s1', ann.id, 5000);
    await store.touchSession('s1', 9000, '198.51.100.1');
    expect(await store.findSession('s1')).toMatchObject({ lastSeenAt: 9000, address: '198.51.100.1' });
    await store.touchSession('s1', 7000, '192.0.2.9');
    expect(await store.findSession('s1')).toMatchObject({ lastSeenAt: 9000, address: '198.51.100.1' });
    await store.touchSession('missing', 9500, '192.0.2.9');
    await expect(store.findSession('missing')).resolves.toBeUndefined();
  });

  it("ends one session of its own user only, and leaves the user's others", async () => {
    const ann = await store.createUser('Ann', 1000);
    const bob = await store.createUser('Bob', 1000);
    await session('a1', ann.id, 2000);
    await session('a2', ann.id, 3000);
    await expect(store.endSession(bob.id, 'a1')).resolves.toBe(false);
    await expect(store.findSession('a1')).resolves.toBeDefined();
    await expect(store.endSession(ann.id, 'a1')).resolves.toBe(true);
    await expect(store.endSession(ann.id, 'a1')).resolves.toBe(false);
    await expect(store.findSession('a1')).resolves.toBeUndefined();
    expect((await store.listSessions(ann.id)).map((row) => row.id)).toEqual(['a2']);
  });

  it('ends every session of a user at once, naming them, and no one else', async () => {
    const ann = await store.createUser('Ann', 1000);
    const bob = await store.createUser('Bob', 1000);
    await session('a1', ann.id, 2000);
    await session('a2', ann.id, 3000);
    await session('b1', bob.id, 3000);
    expect((await store.endUserSessions(ann.id)).sort()).toEqual(['a1', 'a2']);
    await expect(store.listSessions(ann.id)).resolves.toEqual([]);
    expect((await store.listSessions(bob.id)).map((row) => row.id)).toEqual(['b1']);
    await expect(store.endUserSessions(ann.id)).resolves.toEqual([]);
  });
});
