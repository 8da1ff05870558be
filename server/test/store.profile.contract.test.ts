import { avatarUrl } from '@tandem/protocol';
import type { Store } from '../src/store/types';
import { backends } from './store-backends';

const bytes = (...values: number[]) => new Uint8Array(values);

describe.each(backends)('the $name store: profiles', (backend) => {
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

  it('renames a user, and the new name is what its messages, member lists and rooms show', async () => {
    const ann = await store.createUser('ann', 1000);
    const room = await store.createRoom({ name: 'r', visibility: 'public', creatorId: ann.id, createdAt: 1000 });
    await store.appendMessage({ roomId: room.id, sender: ann, clientId: 'c1', text: 'hi', createdAt: 1001 });
    const renamed = await store.setNickname(ann.id, '安');
    expect(renamed).toEqual({ ...ann, nickname: '安' });
    await expect(store.findUser(ann.id)).resolves.toEqual(renamed);
    await expect(store.listMembers(room.id)).resolves.toEqual([{ id: ann.id, nickname: '安' }]);
    const page = await store.listMessages(room.id, { limit: 10 });
    expect(page.messages[0]?.sender).toEqual({ id: ann.id, nickname: '安' });
    expect((await store.findRoom(room.id))?.lastMessage?.sender).toEqual({ id: ann.id, nickname: '安' });
    await expect(store.setNickname('nobody', 'x')).resolves.toBeUndefined();
  });

  it('stores an avatar under a new version each time, names it in every user it returns, and removes it', async () => {
    const ann = await store.createUser('ann', 1000);
    const room = await store.createRoom({ name: 'r', visibility: 'public', creatorId: ann.id, createdAt: 1000 });
    await store.appendMessage({ roomId: room.id, sender: ann, clientId: 'c1', text: 'hi', createdAt: 1001 });
    await expect(store.findAvatar(ann.id)).resolves.toBeUndefined();

    const first = await store.setAvatar(ann.id, bytes(1, 2, 3), 5000);
    expect(first?.avatar).toBe(avatarUrl(ann.id, 5000));
    const stored = await store.findAvatar(ann.id);
    expect(stored && { bytes: [...stored.bytes], version: stored.version }).toEqual({
      bytes: [1, 2, 3],
      version: 5000,
    });
    // The same millisecond (or a clock behind): still a new version, so a cached URL never shows the old image.
    const second = await store.setAvatar(ann.id, bytes(4), 5000);
    expect(second?.avatar).toBe(avatarUrl(ann.id, 5001));
    expect((await store.findAvatar(ann.id))?.version).toBe(5001);

    const shown = { id: ann.id, nickname: 'ann', avatar: avatarUrl(ann.id, 5001) };
    await expect(store.findUser(ann.id)).resolves.toEqual(second);
    await expect(store.listMembers(room.id)).resolves.toEqual([shown]);
    expect((await store.listMessages(room.id, { limit: 10 })).messages[0]?.sender).toEqual(shown);
    expect((await store.findRoom(room.id))?.lastMessage?.sender).toEqual(shown);
    // A resend answers the stored message with its sender as it is now.
    const resent = await store.appendMessage({
      roomId: room.id,
      sender: ann,
      clientId: 'c1',
      text: 'hi',
      createdAt: 2,
    });
    expect(resent).toMatchObject({ created: false, message: { sender: shown } });

    const removed = await store.removeAvatar(ann.id);
    expect(removed).toEqual({ ...ann });
    await expect(store.findAvatar(ann.id)).resolves.toBeUndefined();
    await expect(store.listMembers(room.id)).resolves.toEqual([{ id: ann.id, nickname: 'ann' }]);
    await expect(store.setAvatar('nobody', bytes(1), 1)).resolves.toBeUndefined();
    await expect(store.removeAvatar('nobody')).resolves.toBeUndefined();
  });

  it('carries the sender avatar given with a new message', async () => {
    const ann = (await store.setAvatar((await store.createUser('ann', 1000)).id, bytes(9), 7000))!;
    const room = await store.createRoom({ name: 'r', visibility: 'public', creatorId: ann.id, createdAt: 1000 });
    const { message } = await store.appendMessage({
      roomId: room.id,
      sender: ann,
      clientId: 'c',
      text: 't',
      createdAt: 1,
    });
    expect(message.sender).toEqual({ id: ann.id, nickname: 'ann', avatar: avatarUrl(ann.id, 7000) });
  });
});
