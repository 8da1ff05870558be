import type { Store } from '../src/store/types';
import { backends } from './store-backends';

describe.each(backends)('the $name store: direct conversations', (backend) => {
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

  it('makes one private room per pair, whichever way round and however many open it at once', async () => {
    const ann = await store.createUser('Ann', 1000);
    const bob = await store.createUser('Bob', 1000);
    const opens = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        store.openDirectRoom({
          userIds: index % 2 === 0 ? [ann.id, bob.id] : [bob.id, ann.id],
          name: 'Ann, Bob',
          creatorId: index % 2 === 0 ? ann.id : bob.id,
          createdAt: 2000 + index,
        }),
      ),
    );
    expect(opens.filter((open) => open.created)).toHaveLength(1);
    const [first] = opens;
    expect(new Set(opens.map((open) => open.room.id))).toEqual(new Set([first!.room.id]));
    const room = first!.room;
    expect(room).toMatchObject({ visibility: 'private', memberCount: 2, lastSeq: 0 });
    expect(room.direct).toEqual(
      [...[ann, bob].map(({ id, nickname }) => ({ id, nickname }))].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    await expect(store.isMember(room.id, ann.id)).resolves.toBe(true);
    await expect(store.isMember(room.id, bob.id)).resolves.toBe(true);
    await expect(store.findReadSeq(room.id, bob.id)).resolves.toBe(0);
    const listed = await store.listVisibleRooms(bob.id);
    expect(listed.find((candidate) => candidate.id === room.id)?.direct).toEqual(room.direct);
    // A room that is not a conversation has no `direct`.
    const plain = await store.createRoom({ name: 'Lobby', visibility: 'public', creatorId: ann.id, createdAt: 3000 });
    expect((await store.findRoom(plain.id))?.direct).toBeUndefined();
  });
});
