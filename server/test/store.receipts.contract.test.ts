import type { Store } from '../src/store/types';
import { backends } from './store-backends';

describe.each(backends)('the $name store: read positions for receipts', (backend) => {
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

  const byUserId = <T extends { userId: string }>(reads: T[]) =>
    [...reads].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));

  it('lists every member’s read seq in the room by user id, following marks and the sender’s own messages', async () => {
    const [ann, bob, carol] = [
      await store.createUser('Ann', 1000),
      await store.createUser('Bob', 1000),
      await store.createUser('Carol', 1000),
    ];
    const room = await store.createRoom({ name: 'Lobby', visibility: 'public', creatorId: ann.id, createdAt: 2000 });
    const other = await store.createRoom({ name: 'Other', visibility: 'public', creatorId: carol.id, createdAt: 2000 });
    await store.addMember(room.id, bob.id, 2001);
    for (const clientId of ['a', 'b', 'c']) {
      await store.appendMessage({ roomId: room.id, sender: ann, clientId, text: clientId, createdAt: 3000 });
    }
    await store.markRead(room.id, bob.id, 2);
    await store.markRead(other.id, carol.id, 0);
    await expect(store.listReadPositions(room.id)).resolves.toEqual(
      byUserId([
        { userId: ann.id, readSeq: 3 },
        { userId: bob.id, readSeq: 2 },
      ]),
    );
    await store.addMember(room.id, carol.id, 4000);
    const positions = await store.listReadPositions(room.id);
    expect(positions).toEqual(byUserId(positions));
    expect(positions).toContainEqual({ userId: carol.id, readSeq: 3 });
    await store.removeMember(room.id, bob.id);
    expect((await store.listReadPositions(room.id)).map((read) => read.userId)).not.toContain(bob.id);
    await expect(store.listReadPositions('nowhere')).resolves.toEqual([]);
  });
});
