import { call, errorCode, nextEvent, request, startServer } from './helpers';
import type { TestServer } from './helpers';

/** Direct conversations (`dm:open`): one room per pair, private by construction. */

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

describe('dm:open', () => {
  it('opens the pair’s one conversation: the other person hears it and both can talk there', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const bobHears = nextEvent(bob, 'room:added');
    const { room } = await call(ann, 'dm:open', { userId: bob.session.user.id });
    expect(room.visibility).toBe('private');
    expect(room.memberCount).toBe(2);
    expect(room.direct?.map((person) => person.nickname).sort()).toEqual(['Ann', 'Bob']);
    expect((await bobHears).room.id).toBe(room.id);

    // Bob's socket was subscribed when it was made: Ann's message reaches it without a join.
    const arrives = nextEvent(bob, 'message:created', (message) => message.roomId === room.id);
    await call(ann, 'message:send', { roomId: room.id, clientId: 'a1', text: 'hi Bob' });
    expect((await arrives).text).toBe('hi Bob');

    // Bob opening it gives the same room; both list it, with its two people.
    const again = await call(bob, 'dm:open', { userId: ann.session.user.id });
    expect(again.room.id).toBe(room.id);
    const listed = await call(bob, 'room:list', {});
    const item = listed.rooms.find((candidate) => candidate.id === room.id);
    expect(item).toMatchObject({ joined: true, unread: 1, direct: expect.any(Array) });
  });

  it('gives one conversation when both people open it at once, from several devices', async () => {
    const ann = await server.client('Ann');
    const annPhone = await server.connect(ann.session.token);
    const bob = await server.client('Bob');
    const opens = await Promise.all([
      call(ann, 'dm:open', { userId: bob.session.user.id }),
      call(annPhone, 'dm:open', { userId: bob.session.user.id }),
      call(bob, 'dm:open', { userId: ann.session.user.id }),
      call(bob, 'dm:open', { userId: ann.session.user.id }),
    ]);
    expect(new Set(opens.map(({ room }) => room.id)).size).toBe(1);
    const listed = await call(ann, 'room:list', {});
    expect(listed.rooms.filter((room) => room.direct)).toHaveLength(1);
  });

  it('keeps its two people: no invites, no leaving, no third member', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const eve = await server.client('Eve');
    const { room } = await call(ann, 'dm:open', { userId: bob.session.user.id });
    expect(errorCode(await request(ann, 'room:invite', { roomId: room.id }))).toBe('FORBIDDEN');
    expect(errorCode(await request(ann, 'room:leave', { roomId: room.id }))).toBe('FORBIDDEN');
    expect(errorCode(await request(eve, 'room:join', { roomId: room.id }))).toBe('FORBIDDEN');
    expect(errorCode(await request(eve, 'message:send', { roomId: room.id, clientId: 'e1', text: 'hi' }))).toBe(
      'FORBIDDEN',
    );
    const eveList = await call(eve, 'room:list', {});
    expect(eveList.rooms.some((listed) => listed.id === room.id)).toBe(false);
  });

  it('finds the other person by username, in any letter case', async () => {
    const ann = await server.client('Ann');
    const signedUp = await fetch(`${server.url}/api/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'Bob.Smith', password: 'correct horse', nickname: 'Bob' }),
    });
    const bob = (await signedUp.json()) as { user: { id: string } };
    const { room } = await call(ann, 'dm:open', { username: 'bob.SMITH' });
    expect(room.direct?.map((person) => person.id).sort()).toEqual([ann.session.user.id, bob.user.id].sort());
    expect(errorCode(await request(ann, 'dm:open', { username: 'nobody_here' }))).toBe('NOT_FOUND');
    expect(errorCode(await request(ann, 'dm:open', { username: 'Bob.Smith', userId: bob.user.id }))).toBe(
      'INVALID_PAYLOAD',
    );
  });

  it('refuses a conversation with oneself or with no one', async () => {
    const ann = await server.client('Ann');
    expect(errorCode(await request(ann, 'dm:open', { userId: ann.session.user.id }))).toBe('INVALID_PAYLOAD');
    expect(errorCode(await request(ann, 'dm:open', { userId: 'no-such-user' }))).toBe('NOT_FOUND');
  });
});
