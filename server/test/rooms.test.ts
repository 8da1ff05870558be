import { collect, call, errorCode, nextEvent, request, roomWith, settle, startServer } from './helpers';
import type { TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

describe('room:create', () => {
  it('creates a public room by default with the creator as its only, online member', async () => {
    const ann = await server.client('Ann');
    const before = Date.now();
    const { room } = await call(ann, 'room:create', { name: '  General  ' });
    expect(room).toEqual({
      id: expect.any(String),
      name: 'General',
      visibility: 'public',
      memberCount: 1,
      onlineCount: 1,
      lastSeq: 0,
      createdAt: expect.any(Number),
      ownerId: ann.session.user.id,
    });
    expect(room.createdAt).toBeGreaterThanOrEqual(before);
    await expect(server.store.isMember(room.id, ann.session.user.id)).resolves.toBe(true);
  });

  it('creates a private room when asked', async () => {
    const ann = await server.client('Ann');
    const { room } = await call(ann, 'room:create', { name: 'Secret', visibility: 'private' });
    expect(room.visibility).toBe('private');
  });

  it('subscribes every device of the creator to the new room', async () => {
    const ann = await server.client('Ann');
    const annPhone = await server.connect(ann.session.token);
    const { room } = await call(ann, 'room:create', { name: 'General' });
    const heard = nextEvent(annPhone, 'message:created');
    await call(ann, 'message:send', { roomId: room.id, clientId: 'c1', text: 'hello' });
    expect((await heard).text).toBe('hello');
  });
});

describe('room:list', () => {
  it('lists public rooms with member and online counts and the last message', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const bobId = bob.session.user.id;
    // A user who comes and goes within one presence batch is never announced: let the arrival go out first.
    const bobOnline = nextEvent(ann, 'presence:changed', ({ came }) => came.some((user) => user.id === bobId));
    const roomId = await roomWith(ann, [bob]);
    await bobOnline;
    const bobOffline = nextEvent(ann, 'presence:changed', ({ went }) => went.includes(bobId));
    bob.disconnect();
    await bobOffline;
    await call(ann, 'message:send', { roomId, clientId: 'c1', text: 'first' });
    const { message } = await call(ann, 'message:send', { roomId, clientId: 'c2', text: 'second' });

    const carol = await server.client('Carol');
    const { rooms } = await call(carol, 'room:list', {});
    expect(rooms.find((room) => room.id === roomId)).toEqual({
      id: roomId,
      name: 'room',
      visibility: 'public',
      memberCount: 2,
      onlineCount: 1,
      lastSeq: 2,
      lastMessage: message,
      createdAt: expect.any(Number),
      ownerId: ann.session.user.id,
      joined: false,
      readSeq: 0,
      unread: 0,
      mentions: 0,
    });
  });

  it('says for each listed room whether the requesting user is a member, on any of its devices', async () => {
    const ann = await server.client('Ann');
    const annLaptop = await server.connect(ann.session.token);
    const kept = await roomWith(ann, []);
    const left = await roomWith(ann, []);
    await call(annLaptop, 'room:leave', { roomId: left });
    const bob = await server.client('Bob');

    const joinedOf = async (socket: typeof ann) =>
      Object.fromEntries((await call(socket, 'room:list', {})).rooms.map((room) => [room.id, room.joined]));
    expect(await joinedOf(ann)).toMatchObject({ [kept]: true, [left]: false });
    expect(await joinedOf(bob)).toMatchObject({ [kept]: false, [left]: false });
  });

  it('shows a private room to its members only', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const carol = await server.client('Carol');
    const roomId = await roomWith(ann, [bob], 'private');
    const ids = async (socket: typeof ann) => (await call(socket, 'room:list', {})).rooms.map((room) => room.id);
    expect(await ids(ann)).toContain(roomId);
    expect(await ids(bob)).toContain(roomId);
    expect(await ids(carol)).not.toContain(roomId);
  });

  it('accepts a request without a payload', async () => {
    const ann = await server.client('Ann');
    const ack = await new Promise((resolve) =>
      (ann.emit as unknown as (e: string, cb: unknown) => void)('room:list', resolve),
    );
    expect(ack).toEqual({ ok: true, data: { rooms: expect.any(Array) } });
  });
});

describe('room:join', () => {
  it('answers NOT_FOUND for an unknown room', async () => {
    const ann = await server.client('Ann');
    expect(errorCode(await request(ann, 'room:join', { roomId: 'no-such-room' }))).toBe('NOT_FOUND');
  });

  it('makes the user a member and returns the room, members, who is online and the messages', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann);
    const { message } = await call(ann, 'message:send', { roomId, clientId: 'c1', text: 'hi' });

    const joined = await call(bob, 'room:join', { roomId });
    expect(joined.room).toMatchObject({ id: roomId, memberCount: 2, onlineCount: 2, lastSeq: 1 });
    expect(joined.members).toEqual([ann.session.user, bob.session.user]);
    expect(joined.online).toHaveLength(2);
    expect(joined.online).toEqual(expect.arrayContaining([ann.session.user, bob.session.user]));
    expect(joined.messages).toEqual([message]);
    expect(joined.hasMore).toBe(false);
    await expect(server.store.isMember(roomId, bob.session.user.id)).resolves.toBe(true);
  });

  it('remembers the membership across reconnects: a new socket hears the room without joining', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    bob.disconnect();
    const bobAgain = await server.connect(bob.session.token);
    const heard = nextEvent(bobAgain, 'message:created');
    await call(ann, 'message:send', { roomId, clientId: 'c1', text: 'welcome back' });
    expect((await heard).text).toBe('welcome back');
  });

  it('subscribes all live devices of the user', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const bobTablet = await server.connect(bob.session.token);
    const roomId = await roomWith(ann, [bob]);
    const heard = nextEvent(bobTablet, 'message:created');
    await call(ann, 'message:send', { roomId, clientId: 'c1', text: 'to every device' });
    expect((await heard).text).toBe('to every device');
  });

  it('announces member:joined to the other members and devices, once, and not to the joining socket', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const bobTablet = await server.connect(bob.session.token);
    const roomId = await roomWith(ann);
    const annHeard = collect(ann, 'member:joined');
    const bobHeard = collect(bob, 'member:joined');
    const tabletHeard = collect(bobTablet, 'member:joined');

    await call(bob, 'room:join', { roomId });
    await call(bob, 'room:join', { roomId });
    await settle(ann, bob, bobTablet);
    expect(annHeard).toEqual([{ roomId, user: bob.session.user }]);
    expect(tabletHeard).toEqual([{ roomId, user: bob.session.user }]);
    expect(bobHeard).toEqual([]);
  });

  it('returns the latest 50 messages ascending, with hasMore when older ones exist', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => call(ann, 'message:send', { roomId, clientId: `c${i}`, text: `${i}` })),
    );
    const joined = await call(bob, 'room:join', { roomId });
    expect(joined.messages.map((message) => message.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 11));
    expect(joined.hasMore).toBe(true);
  });
});

describe('room:leave', () => {
  it('answers NOT_FOUND for an unknown room', async () => {
    const ann = await server.client('Ann');
    expect(errorCode(await request(ann, 'room:leave', { roomId: 'no-such-room' }))).toBe('NOT_FOUND');
  });

  it('ends the membership and unsubscribes every device of the user', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const bobTablet = await server.connect(bob.session.token);
    const roomId = await roomWith(ann, [bob]);
    const bobHeard = collect(bob, 'message:created');
    const tabletHeard = collect(bobTablet, 'message:created');

    expect(await call(bob, 'room:leave', { roomId })).toEqual({});
    await call(ann, 'message:send', { roomId, clientId: 'c1', text: 'gone?' });
    await settle(bob, bobTablet);
    expect(bobHeard).toEqual([]);
    expect(tabletHeard).toEqual([]);
    expect(errorCode(await request(bob, 'message:send', { roomId, clientId: 'c2', text: 'x' }))).toBe('FORBIDDEN');
    const { rooms } = await call(ann, 'room:list', {});
    expect(rooms.find((room) => room.id === roomId)?.memberCount).toBe(1);
  });

  it('announces member:left to the remaining members and the user’s other devices, only on a real change', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const bobTablet = await server.connect(bob.session.token);
    const roomId = await roomWith(ann, [bob]);
    const annHeard = collect(ann, 'member:left');
    const bobHeard = collect(bob, 'member:left');
    const tabletHeard = collect(bobTablet, 'member:left');

    await call(bob, 'room:leave', { roomId });
    expect(await call(bob, 'room:leave', { roomId })).toEqual({});
    await settle(ann, bob, bobTablet);
    expect(annHeard).toEqual([{ roomId, user: bob.session.user }]);
    expect(tabletHeard).toEqual([{ roomId, user: bob.session.user }]);
    expect(bobHeard).toEqual([]);
  });

  it('removes a private room from the list of a user who left it', async () => {
    const ann = await server.client('Ann');
    const roomId = await roomWith(ann, [], 'private');
    await call(ann, 'room:leave', { roomId });
    const { rooms } = await call(ann, 'room:list', {});
    expect(rooms.map((room) => room.id)).not.toContain(roomId);
    expect(errorCode(await request(ann, 'room:join', { roomId }))).toBe('FORBIDDEN');
  });
});
