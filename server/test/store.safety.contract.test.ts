import type { Store } from '../src/store/types';
import { backends } from './store-backends';

describe.each(backends)('the $name store: owners and safety', (backend) => {
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

  const people = async () => ({
    ann: await store.createUser('Ann', 1000),
    bob: await store.createUser('Bob', 1000),
  });

  it('a room is owned by its creator; renaming and handing it over change it, an unknown room gives undefined', async () => {
    const { ann, bob } = await people();
    const room = await store.createRoom({ name: 'Lobby', visibility: 'public', creatorId: ann.id, createdAt: 2000 });
    expect(room.ownerId).toBe(ann.id);
    expect((await store.findRoom(room.id))?.ownerId).toBe(ann.id);
    expect(await store.renameRoom(room.id, 'Hall')).toMatchObject({ id: room.id, name: 'Hall', ownerId: ann.id });
    expect(await store.setRoomOwner(room.id, bob.id)).toMatchObject({ name: 'Hall', ownerId: bob.id });
    expect((await store.listVisibleRooms(ann.id)).find((r) => r.id === room.id)).toMatchObject({
      name: 'Hall',
      ownerId: bob.id,
    });
    await expect(store.renameRoom('no-such-room', 'x')).resolves.toBeUndefined();
    await expect(store.setRoomOwner('no-such-room', bob.id)).resolves.toBeUndefined();
    const { room: direct } = await store.openDirectRoom({
      userIds: [ann.id, bob.id],
      name: 'Ann, Bob',
      creatorId: bob.id,
      createdAt: 3000,
    });
    expect(direct.ownerId).toBe(bob.id);
  });

  it('bans a person from one room once, until unbanned', async () => {
    const { ann, bob } = await people();
    const room = await store.createRoom({ name: 'Lobby', visibility: 'public', creatorId: ann.id, createdAt: 2000 });
    const other = await store.createRoom({ name: 'Den', visibility: 'public', creatorId: ann.id, createdAt: 2000 });
    await expect(store.isBanned(room.id, bob.id)).resolves.toBe(false);
    await expect(store.banUser(room.id, bob.id, 3000)).resolves.toBe(true);
    await expect(store.banUser(room.id, bob.id, 3001)).resolves.toBe(false);
    await expect(store.isBanned(room.id, bob.id)).resolves.toBe(true);
    await expect(store.isBanned(other.id, bob.id)).resolves.toBe(false);
    await expect(store.unbanUser(room.id, bob.id)).resolves.toBe(true);
    await expect(store.unbanUser(room.id, bob.id)).resolves.toBe(false);
    await expect(store.isBanned(room.id, bob.id)).resolves.toBe(false);
  });

  it('keeps each person’s block list, one way, in the order blocked', async () => {
    const { ann, bob } = await people();
    const cid = await store.createUser('Cid', 1000);
    await expect(store.blockUser(ann.id, cid.id, 2000)).resolves.toBe(true);
    await expect(store.blockUser(ann.id, bob.id, 2001)).resolves.toBe(true);
    await expect(store.blockUser(ann.id, bob.id, 2002)).resolves.toBe(false);
    expect(await store.listBlocked(ann.id)).toEqual([
      { id: cid.id, nickname: 'Cid' },
      { id: bob.id, nickname: 'Bob' },
    ]);
    expect(await store.listBlocked(bob.id)).toEqual([]);
    await expect(store.isBlockedBetween(ann.id, bob.id)).resolves.toBe(true);
    await expect(store.isBlockedBetween(bob.id, ann.id)).resolves.toBe(true);
    await expect(store.isBlockedBetween(bob.id, cid.id)).resolves.toBe(false);
    await expect(store.unblockUser(ann.id, bob.id)).resolves.toBe(true);
    await expect(store.unblockUser(ann.id, bob.id)).resolves.toBe(false);
    await expect(store.isBlockedBetween(bob.id, ann.id)).resolves.toBe(false);
  });

  it('tells whether a direct conversation has a block between its two people', async () => {
    const { ann, bob } = await people();
    const { room } = await store.openDirectRoom({
      userIds: [ann.id, bob.id],
      name: 'Ann, Bob',
      creatorId: ann.id,
      createdAt: 2000,
    });
    const lobby = await store.createRoom({ name: 'Lobby', visibility: 'public', creatorId: ann.id, createdAt: 2000 });
    await expect(store.isDirectBlocked(room.id)).resolves.toBe(false);
    await store.blockUser(bob.id, ann.id, 3000);
    await expect(store.isDirectBlocked(room.id)).resolves.toBe(true);
    await expect(store.isDirectBlocked(lobby.id)).resolves.toBe(false);
    await store.unblockUser(bob.id, ann.id);
    await store.blockUser(ann.id, bob.id, 3001);
    await expect(store.isDirectBlocked(room.id)).resolves.toBe(true);
  });

  it('stores a report with a snapshot of the message, and none for a message not in the room', async () => {
    const { ann, bob } = await people();
    const room = await store.createRoom({ name: 'Lobby', visibility: 'public', creatorId: ann.id, createdAt: 2000 });
    const other = await store.createRoom({ name: 'Den', visibility: 'public', creatorId: ann.id, createdAt: 2000 });
    const { message } = await store.appendMessage({
      roomId: room.id,
      sender: ann,
      clientId: 'c1',
      text: 'rude words',
      createdAt: 3000,
    });
    const first = await store.reportMessage({
      id: 'p1',
      roomId: room.id,
      messageId: message.id,
      reporterId: bob.id,
      reason: 'rude',
      createdAt: 4000,
    });
    const expected = {
      id: 'p1',
      roomId: room.id,
      messageId: message.id,
      seq: 1,
      senderId: ann.id,
      text: 'rude words',
      reporterId: bob.id,
      reason: 'rude',
      createdAt: 4000,
    };
    expect(first).toEqual(expected);
    const second = await store.reportMessage({
      id: 'p2',
      roomId: room.id,
      messageId: message.id,
      reporterId: ann.id,
      createdAt: 5000,
    });
    expect(second).not.toHaveProperty('reason');
    await expect(
      store.reportMessage({ id: 'p3', roomId: other.id, messageId: message.id, reporterId: bob.id, createdAt: 6000 }),
    ).resolves.toBeUndefined();
    expect(await store.listReports()).toEqual([expected, second]);
  });
});
