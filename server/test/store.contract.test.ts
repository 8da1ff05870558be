import fc from 'fast-check';
import type { User } from '@tandem/protocol';
import type { MessagePageQuery, Store } from '../src/store/types';
import { backends } from './store-backends';

describe.each(backends)('the $name store', (backend) => {
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

  const newUser = async (nickname = 'Ann'): Promise<User> => {
    const { id } = await store.createUser(nickname, Date.now());
    return { id, nickname };
  };
  const newRoom = async (creator: User, visibility: 'public' | 'private' = 'public') =>
    store.createRoom({ name: 'room', visibility, creatorId: creator.id, createdAt: Date.now() });
  const append = (roomId: string, sender: User, clientId: string, text = clientId) =>
    store.appendMessage({ roomId, sender, clientId, text, createdAt: Date.now() });

  describe('ping', () => {
    it('resolves while the database answers, and rejects once the store is closed', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
    });
  });

  describe('users', () => {
    it('creates users with distinct ids and token version 0, and finds them', async () => {
      const first = await store.createUser('Ann', 1000);
      const second = await store.createUser('Ann', 2000);
      expect(first).toEqual({ id: expect.any(String), nickname: 'Ann', tokenVersion: 0, createdAt: 1000 });
      expect(second.id).not.toBe(first.id);
      await expect(store.findUser(first.id)).resolves.toEqual(first);
      await expect(store.findUser('nobody')).resolves.toBeUndefined();
    });

    it('creates a WeChat user on the first sign-in of an openid and finds the same user afterwards', async () => {
      const first = await store.findOrCreateWechatUser('openid-1', 'Ann', 1000);
      expect(first).toEqual({ id: expect.any(String), nickname: 'Ann', tokenVersion: 0, createdAt: 1000 });
      await expect(store.findOrCreateWechatUser('openid-1', 'Other name', 2000)).resolves.toEqual(first);
      const other = await store.findOrCreateWechatUser('openid-2', 'Ann', 3000);
      expect(other.id).not.toBe(first.id);
      await expect(store.findUser(first.id)).resolves.toEqual(first);
    });

    it('keeps one user per openid when the first sign-ins race', async () => {
      const users = await Promise.all(Array.from({ length: 5 }, () => store.findOrCreateWechatUser('o', 'A', 1)));
      expect(new Set(users.map((user) => user.id)).size).toBe(1);
    });

    it('bumps the token version of one user only', async () => {
      const ann = await store.createUser('Ann', 1000);
      const bob = await store.createUser('Bob', 1000);
      await expect(store.bumpTokenVersion(ann.id)).resolves.toBe(1);
      await expect(store.bumpTokenVersion(ann.id)).resolves.toBe(2);
      await expect(store.findUser(ann.id)).resolves.toMatchObject({ tokenVersion: 2 });
      await expect(store.findUser(bob.id)).resolves.toMatchObject({ tokenVersion: 0 });
      await expect(store.bumpTokenVersion('nobody')).resolves.toBeUndefined();
    });
  });

  describe('rooms and memberships', () => {
    it('creates a room with its creator as the only member', async () => {
      const ann = await newUser();
      const room = await store.createRoom({ name: 'General', visibility: 'private', creatorId: ann.id, createdAt: 5 });
      expect(room).toEqual({
        id: expect.any(String),
        name: 'General',
        visibility: 'private',
        memberCount: 1,
        lastSeq: 0,
        createdAt: 5,
        ownerId: ann.id,
      });
      await expect(store.findRoom(room.id)).resolves.toEqual(room);
      await expect(store.isMember(room.id, ann.id)).resolves.toBe(true);
      await expect(store.findRoom('nowhere')).resolves.toBeUndefined();
    });

    it('adds and removes members once, keeping the member count and joining order', async () => {
      const [ann, bob, carol] = [await newUser('Ann'), await newUser('Bob'), await newUser('Carol')];
      const room = await newRoom(ann);
      await expect(store.addMember(room.id, bob.id, Date.now() + 1)).resolves.toBe(true);
      await expect(store.addMember(room.id, bob.id, Date.now() + 2)).resolves.toBe(false);
      await expect(store.addMember(room.id, carol.id, Date.now() + 3)).resolves.toBe(true);
      await expect(store.listMembers(room.id)).resolves.toEqual([ann, bob, carol]);
      await expect(store.removeMember(room.id, bob.id)).resolves.toBe(true);
      await expect(store.removeMember(room.id, bob.id)).resolves.toBe(false);
      await expect(store.isMember(room.id, bob.id)).resolves.toBe(false);
      expect((await store.findRoom(room.id))?.memberCount).toBe(2);
      await expect(store.listRoomIdsOf(carol.id)).resolves.toEqual([room.id]);
      await expect(store.listRoomIdsOf(bob.id)).resolves.toEqual([]);
    });

    it('lists public rooms and the private rooms of the user, oldest first', async () => {
      const [ann, bob] = [await newUser('Ann'), await newUser('Bob')];
      const open = await store.createRoom({ name: 'a', visibility: 'public', creatorId: ann.id, createdAt: 1 });
      const annsSecret = await store.createRoom({ name: 'b', visibility: 'private', creatorId: ann.id, createdAt: 2 });
      const bobsSecret = await store.createRoom({ name: 'c', visibility: 'private', creatorId: bob.id, createdAt: 3 });
      const ids = async (user: User) => (await store.listVisibleRooms(user.id)).map((room) => room.id);
      await expect(ids(ann)).resolves.toEqual([open.id, annsSecret.id]);
      await expect(ids(bob)).resolves.toEqual([open.id, bobsSecret.id]);
    });

    it('stores invites and finds them by code', async () => {
      const ann = await newUser();
      const room = await newRoom(ann, 'private');
      const invite = { code: 'code-1', roomId: room.id, createdBy: ann.id, createdAt: 10, expiresAt: 20 };
      await store.createInvite(invite);
      await expect(store.findInvite('code-1')).resolves.toEqual(invite);
      await expect(store.findInvite('code-2')).resolves.toBeUndefined();
    });
  });

  describe('read state', () => {
    it('starts a member at the room’s last seq, and the creator at 0', async () => {
      const [ann, bob] = [await newUser('Ann'), await newUser('Bob')];
      const room = await newRoom(ann);
      await expect(store.findReadSeq(room.id, ann.id)).resolves.toBe(0);
      await append(room.id, ann, 'a');
      await append(room.id, ann, 'b');
      await store.addMember(room.id, bob.id, Date.now());
      await expect(store.findReadSeq(room.id, bob.id)).resolves.toBe(2);
      await expect(store.listMemberships(bob.id)).resolves.toEqual([{ roomId: room.id, readSeq: 2, mentions: 0 }]);
      await expect(store.findReadSeq(room.id, 'nobody')).resolves.toBeUndefined();
    });

    it('moves forward only, clamps to the room’s last seq, and refuses non-members', async () => {
      const [ann, bob] = [await newUser('Ann'), await newUser('Bob')];
      const room = await newRoom(ann);
      await store.addMember(room.id, bob.id, Date.now());
      for (const clientId of ['a', 'b', 'c']) await append(room.id, ann, clientId);
      await expect(store.markRead(room.id, bob.id, 2)).resolves.toEqual({ readSeq: 2, moved: true });
      await expect(store.markRead(room.id, bob.id, 1)).resolves.toEqual({ readSeq: 2, moved: false });
      await expect(store.markRead(room.id, bob.id, 2)).resolves.toEqual({ readSeq: 2, moved: false });
      await expect(store.markRead(room.id, bob.id, 99)).resolves.toEqual({ readSeq: 3, moved: true });
      await expect(store.markRead(room.id, 'nobody', 1)).resolves.toBeUndefined();
      await expect(store.markRead('nowhere', bob.id, 1)).resolves.toBeUndefined();
    });

    it('keeps the largest of concurrent marks', async () => {
      const [ann, bob] = [await newUser('Ann'), await newUser('Bob')];
      const room = await newRoom(ann);
      await store.addMember(room.id, bob.id, Date.now());
      for (let i = 0; i < 20; i += 1) await append(room.id, ann, `c${i}`);
      const seqs = Array.from({ length: 20 }, (_, i) => 20 - i);
      const marks = await Promise.all(seqs.map((seq) => store.markRead(room.id, bob.id, seq)));
      expect(marks.filter((mark) => mark?.moved).length).toBeGreaterThanOrEqual(1);
      await expect(store.findReadSeq(room.id, bob.id)).resolves.toBe(20);
    });

    it('reads the sender’s own messages in the append, and nobody else’s', async () => {
      const [ann, bob] = [await newUser('Ann'), await newUser('Bob')];
      const room = await newRoom(ann);
      await store.addMember(room.id, bob.id, Date.now());
      await Promise.all(['a', 'b', 'c'].map((clientId) => append(room.id, ann, clientId)));
      await expect(store.findReadSeq(room.id, ann.id)).resolves.toBe(3);
      await expect(store.findReadSeq(room.id, bob.id)).resolves.toBe(0);
      await append(room.id, bob, 'd');
      await expect(store.findReadSeq(room.id, bob.id)).resolves.toBe(4);
      await expect(store.findReadSeq(room.id, ann.id)).resolves.toBe(3);
      // A resend stores nothing and reads nothing.
      await store.markRead(room.id, bob.id, 4);
      await append(room.id, ann, 'a');
      await expect(store.findReadSeq(room.id, ann.id)).resolves.toBe(3);
    });

    it('keeps read seqs across a reopen', async () => {
      const [ann, bob] = [await newUser('Ann'), await newUser('Bob')];
      const room = await newRoom(ann);
      await store.addMember(room.id, bob.id, Date.now());
      for (const clientId of ['a', 'b', 'c']) await append(room.id, ann, clientId);
      await store.markRead(room.id, bob.id, 2);
      await store.close();
      store = await backend.open(location);
      await expect(store.listMemberships(bob.id)).resolves.toEqual([{ roomId: room.id, readSeq: 2, mentions: 0 }]);
      await expect(store.findReadSeq(room.id, ann.id)).resolves.toBe(3);
    });
  });

  describe('messages', () => {
    it('assigns seqs from 1 without gaps, per room', async () => {
      const ann = await newUser();
      const [first, second] = [await newRoom(ann), await newRoom(ann)];
      const seqs = [];
      for (const clientId of ['a', 'b', 'c']) seqs.push((await append(first.id, ann, clientId)).message.seq);
      expect(seqs).toEqual([1, 2, 3]);
      expect((await append(second.id, ann, 'd')).message.seq).toBe(1);
    });

    it('returns the stored message for a repeated (sender, clientId) without storing it again', async () => {
      const [ann, bob] = [await newUser('Ann'), await newUser('Bob')];
      const room = await newRoom(ann);
      const stored = await append(room.id, ann, 'same', 'first text');
      expect(stored.created).toBe(true);
      const repeated = await append(room.id, ann, 'same', 'other text');
      expect(repeated).toEqual({ message: stored.message, created: false });
      expect((await append(room.id, bob, 'same')).message.seq).toBe(2);
      expect((await store.listMessages(room.id, { limit: 10 })).messages).toHaveLength(2);
    });

    it('returns the stored message for a repeated (sender, clientId) aimed at another room, writing nothing', async () => {
      const ann = await newUser('Ann');
      const [first, second] = [await newRoom(ann), await newRoom(ann)];
      const stored = await append(first.id, ann, 'same');
      expect(await append(second.id, ann, 'same')).toEqual({ message: stored.message, created: false });
      expect((await store.listMessages(second.id, { limit: 10 })).messages).toEqual([]);
      expect((await store.findRoom(second.id))?.lastSeq).toBe(0);
    });

    it('stays gapless and stores each clientId once under concurrent appends', async () => {
      const ann = await newUser();
      const room = await newRoom(ann);
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => append(room.id, ann, `c${i % 40}`)));
      expect(results.filter((result) => result.created)).toHaveLength(40);
      const { messages } = await store.listMessages(room.id, { afterSeq: 0, limit: 100 });
      expect(messages.map((message) => message.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    });

    it('stores every well-formed string exactly: NUL, U+FFFF, astral characters and RTL marks', async () => {
      const odd = 'a\u0000b\uffff0\uffff\uffff\u{1f600}\u200f\u0000';
      const user = await store.createUser(odd, 1);
      const sender = { id: user.id, nickname: odd };
      const room = await store.createRoom({ name: odd, visibility: 'public', creatorId: user.id, createdAt: 1 });
      const { message } = await append(room.id, sender, odd, odd);
      expect(message).toMatchObject({ clientId: odd, text: odd, sender });
      expect(await append(room.id, sender, odd, 'resend')).toEqual({ message, created: false });
      expect(await append(room.id, sender, `${odd}\u0000`)).toMatchObject({ created: true });
      expect((await store.listMessages(room.id, { limit: 1, beforeSeq: 2 })).messages).toEqual([message]);
      expect(await store.findRoom(room.id)).toMatchObject({ name: odd });
      await expect(store.findUser(user.id)).resolves.toMatchObject({ nickname: odd });
      await expect(store.findOrCreateWechatUser(odd, odd, 2)).resolves.toMatchObject({ nickname: odd });
      await expect(store.findRoom('\u0000')).resolves.toBeUndefined();
    });

    it('rejects a message for a room that does not exist and stores nothing', async () => {
      const ann = await newUser();
      await expect(append('nowhere', ann, 'c1')).rejects.toThrow();
      const room = await newRoom(ann);
      expect((await append(room.id, ann, 'c1')).created).toBe(true);
    });

    it('reports the last seq and last message with the room', async () => {
      const ann = await newUser();
      const room = await newRoom(ann);
      await append(room.id, ann, 'a');
      const { message } = await append(room.id, ann, 'b');
      expect(await store.findRoom(room.id)).toMatchObject({ lastSeq: 2, lastMessage: message });
      expect((await store.listVisibleRooms(ann.id))[0]).toMatchObject({ lastSeq: 2, lastMessage: message });
    });

    it('pages like the reference model for any query', async () => {
      const ann = await newUser();
      const room = await newRoom(ann);
      for (let i = 0; i < 30; i += 1) await append(room.id, ann, `c${i}`);
      const seq = fc.option(fc.integer({ min: 0, max: 35 }), { nil: undefined });
      await fc.assert(
        fc.asyncProperty(seq, seq, fc.integer({ min: 1, max: 12 }), async (afterSeq, beforeSeq, limit) => {
          const query: MessagePageQuery = { afterSeq, beforeSeq, limit };
          const page = await store.listMessages(room.id, query);
          expect({ seqs: page.messages.map((m) => m.seq), hasMore: page.hasMore }).toEqual(modelPage(30, query));
        }),
        { numRuns: 300 },
      );
    });

    it('keeps committed data across a reopen', async () => {
      const ann = await newUser();
      const room = await newRoom(ann);
      const { message } = await append(room.id, ann, 'durable');
      await store.close();
      store = await backend.open(location);
      expect((await store.listMessages(room.id, { limit: 10 })).messages).toEqual([message]);
      expect((await append(room.id, ann, 'next')).message.seq).toBe(2);
    });
  });
});

/** The documented paging semantics over seqs 1..count. */
function modelPage(count: number, { afterSeq, beforeSeq, limit }: MessagePageQuery) {
  const all = Array.from({ length: count }, (_, i) => i + 1);
  const inRange = all.filter(
    (s) => (afterSeq === undefined || s > afterSeq) && (beforeSeq === undefined || s < beforeSeq),
  );
  const seqs = afterSeq === undefined ? inRange.slice(-limit) : inRange.slice(0, limit);
  return { seqs, hasMore: inRange.length > limit };
}
