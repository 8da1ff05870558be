import { MENTION_ALL } from '@tandem/protocol';
import type { Store, UserRecord } from '../src/store/types';
import { backends } from './store-backends';

describe.each(backends)('the $name store: replies and mentions', (backend) => {
  let location: unknown;
  let store: Store;
  let ann: UserRecord;
  let bob: UserRecord;
  let roomId: string;
  beforeEach(async () => {
    location = await backend.location();
    store = await backend.open(location);
    ann = await store.createUser('Ann', 1000);
    bob = await store.createUser('Bob', 1000);
    roomId = (await store.createRoom({ name: 'Lobby', visibility: 'public', creatorId: ann.id, createdAt: 1000 })).id;
    await store.addMember(roomId, bob.id, 1001);
  });
  afterEach(async () => {
    try {
      await store.close();
    } finally {
      await backend.dispose(location);
    }
  });

  const send = (sender: UserRecord, clientId: string, extra: object = {}) =>
    store.appendMessage({ roomId, sender, clientId, text: clientId, createdAt: 2000, ...extra });

  it('stores a reply with its quote and mentions, and returns them in every read and on a resend', async () => {
    const { message: first } = await send(bob, 'first');
    const reply = { id: first.id, seq: first.seq, sender: { id: bob.id, nickname: 'Bob' }, excerpt: 'first' };
    const { message, created } = await send(ann, 'answer', { reply, mentions: [bob.id] });
    expect(created).toBe(true);
    expect(message).toMatchObject({ replyTo: first.id, reply, mentions: [bob.id] });
    const { messages } = await store.listMessages(roomId, { limit: 10 });
    expect(messages[1]).toEqual(message);
    expect(messages[0]).not.toHaveProperty('reply');
    expect(messages[0]).not.toHaveProperty('mentions');
    await expect(store.findMessage(roomId, message.id)).resolves.toEqual(message);
    expect((await store.findRoom(roomId))?.lastMessage).toEqual(message);
    const resend = await send(ann, 'answer', { mentions: [] });
    expect(resend).toEqual({ message, created: false });
  });

  it('finds a message only in its own room', async () => {
    const { message } = await send(ann, 'here');
    const other = await store.createRoom({ name: 'Other', visibility: 'public', creatorId: ann.id, createdAt: 1 });
    await expect(store.findMessage(other.id, message.id)).resolves.toBeUndefined();
    await expect(store.findMessage(roomId, 'no-such-id')).resolves.toBeUndefined();
  });

  it('counts the unread messages mentioning a member or everyone, once each, until read moves past them', async () => {
    await send(ann, 'one', { mentions: [bob.id] });
    await send(ann, 'two');
    await send(ann, 'three', { mentions: [bob.id, MENTION_ALL] });
    await send(ann, 'four', { mentions: [MENTION_ALL] });
    await expect(store.countUnreadMentions(roomId, bob.id)).resolves.toBe(3);
    // The sender has read its own messages: its @all does not count for it.
    await expect(store.countUnreadMentions(roomId, ann.id)).resolves.toBe(0);
    expect(await store.listMemberships(bob.id)).toEqual([{ roomId, readSeq: 0, mentions: 3 }]);
    await store.markRead(roomId, bob.id, 3);
    await expect(store.countUnreadMentions(roomId, bob.id)).resolves.toBe(1);
    await store.markRead(roomId, bob.id, 4);
    expect(await store.listMemberships(bob.id)).toEqual([{ roomId, readSeq: 4, mentions: 0 }]);
    const carl = await store.createUser('Carl', 1000);
    await expect(store.countUnreadMentions(roomId, carl.id)).resolves.toBe(0);
  });
});
