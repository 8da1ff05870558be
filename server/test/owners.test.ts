import { call, collect, errorCode, nextEvent, request, roomWith, settle, startServer } from './helpers';
import type { TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('room owners', () => {
  it('makes the creator the owner', async () => {
    const ann = await server.client('Ann');
    const { room } = await call(ann, 'room:create', { name: 'Lobby' });
    expect(room.ownerId).toBe(ann.session.user.id);
    const { rooms } = await call(ann, 'room:list', {});
    expect(rooms.find((listed) => listed.id === room.id)?.ownerId).toBe(ann.session.user.id);
  });

  it('lets the owner rename the room and tells every member', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const heard = nextEvent(bob, 'room:updated');
    const { room } = await call(ann, 'room:rename', { roomId, name: '  Hall  ' });
    expect(room).toMatchObject({ id: roomId, name: 'Hall', ownerId: ann.session.user.id });
    expect((await heard).room).toMatchObject({ id: roomId, name: 'Hall' });
    expect((await call(bob, 'room:join', { roomId })).room.name).toBe('Hall');
  });

  it('refuses every owner action to a member who is not the owner, changing nothing', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const cid = await server.client('Cid');
    const roomId = await roomWith(ann, [bob, cid]);
    const target = { roomId, userId: cid.session.user.id };
    expect(errorCode(await request(bob, 'room:rename', { roomId, name: 'Mine' }))).toBe('FORBIDDEN');
    expect(errorCode(await request(bob, 'room:kick', target))).toBe('FORBIDDEN');
    expect(errorCode(await request(bob, 'room:ban', target))).toBe('FORBIDDEN');
    expect(errorCode(await request(bob, 'room:unban', target))).toBe('FORBIDDEN');
    expect(errorCode(await request(bob, 'room:transfer', target))).toBe('FORBIDDEN');
    const { room, members } = await call(ann, 'room:join', { roomId });
    expect(room).toMatchObject({ name: 'room', ownerId: ann.session.user.id });
    expect(members.map((member) => member.nickname)).toEqual(['Ann', 'Bob', 'Cid']);
  });

  it('answers NOT_FOUND for an unknown room and FORBIDDEN in a direct conversation', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const target = { userId: bob.session.user.id };
    expect(errorCode(await request(ann, 'room:kick', { roomId: 'no-such-room', ...target }))).toBe('NOT_FOUND');
    const { room } = await call(ann, 'dm:open', target);
    expect(room.ownerId).toBe(ann.session.user.id);
    expect(errorCode(await request(ann, 'room:rename', { roomId: room.id, name: 'Us' }))).toBe('FORBIDDEN');
    expect(errorCode(await request(ann, 'room:kick', { roomId: room.id, ...target }))).toBe('FORBIDDEN');
    expect(errorCode(await request(ann, 'room:ban', { roomId: room.id, ...target }))).toBe('FORBIDDEN');
    expect(errorCode(await request(ann, 'room:transfer', { roomId: room.id, ...target }))).toBe('FORBIDDEN');
  });

  it('refuses the owner acting on itself, on a non-member and on an unknown user', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann);
    const self = { roomId, userId: ann.session.user.id };
    expect(errorCode(await request(ann, 'room:kick', self))).toBe('INVALID_PAYLOAD');
    expect(errorCode(await request(ann, 'room:ban', self))).toBe('INVALID_PAYLOAD');
    expect(errorCode(await request(ann, 'room:transfer', self))).toBe('INVALID_PAYLOAD');
    const outsider = { roomId, userId: bob.session.user.id };
    expect(errorCode(await request(ann, 'room:kick', outsider))).toBe('NOT_FOUND');
    expect(errorCode(await request(ann, 'room:transfer', outsider))).toBe('NOT_FOUND');
    expect(errorCode(await request(ann, 'room:ban', { roomId, userId: 'no-such-user' }))).toBe('NOT_FOUND');
  });

  it('removes a kicked member at once on every device: member:left to the room, room:removed to the person', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const bobTablet = await server.connect(bob.session.token);
    const roomId = await roomWith(ann, [bob]);
    const annLeft = nextEvent(ann, 'member:left');
    const removed = [nextEvent(bob, 'room:removed'), nextEvent(bobTablet, 'room:removed')];
    await call(ann, 'room:kick', { roomId, userId: bob.session.user.id });
    expect((await annLeft).user.id).toBe(bob.session.user.id);
    for (const event of await Promise.all(removed)) expect(event).toEqual({ roomId, reason: 'kicked' });
    // Neither device hears the room any more.
    const bobHeard = collect(bob, 'message:created');
    const tabletHeard = collect(bobTablet, 'message:created');
    await call(ann, 'message:send', { roomId, clientId: 'after-kick', text: 'gone?' });
    await settle(ann, bob, bobTablet);
    expect(bobHeard).toEqual([]);
    expect(tabletHeard).toEqual([]);
    expect(errorCode(await request(bob, 'message:send', { roomId, clientId: 'b1', text: 'hi' }))).toBe('FORBIDDEN');
    const { members, room } = await call(ann, 'room:join', { roomId });
    expect(members.map((member) => member.nickname)).toEqual(['Ann']);
    expect(room.memberCount).toBe(1);
    // A kick is not a ban: the person may come back.
    expect((await call(bob, 'room:join', { roomId })).members).toHaveLength(2);
  });

  it('keeps a banned person out, also with an invite code made before the ban, until unbanned', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob], 'private');
    const { code } = await call(ann, 'room:invite', { roomId });
    const removed = nextEvent(bob, 'room:removed');
    await call(ann, 'room:ban', { roomId, userId: bob.session.user.id });
    expect(await removed).toEqual({ roomId, reason: 'banned' });
    expect(errorCode(await request(bob, 'room:join', { roomId, inviteCode: code }))).toBe('FORBIDDEN');
    // Banning twice is not an error.
    await call(ann, 'room:ban', { roomId, userId: bob.session.user.id });
    await call(ann, 'room:unban', { roomId, userId: bob.session.user.id });
    expect((await call(bob, 'room:join', { roomId, inviteCode: code })).members).toHaveLength(2);
  });

  it('bans a person who is not a member from a public room', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann);
    const bobRemoved = collect(bob, 'room:removed');
    await call(ann, 'room:ban', { roomId, userId: bob.session.user.id });
    expect(errorCode(await request(bob, 'room:join', { roomId }))).toBe('FORBIDDEN');
    await settle(bob);
    expect(bobRemoved).toEqual([]);
  });

  it('hands the room over: the room hears it, the new owner may act and the old one no longer', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const cid = await server.client('Cid');
    const roomId = await roomWith(ann, [bob, cid]);
    const heard = nextEvent(cid, 'room:updated');
    const { room } = await call(ann, 'room:transfer', { roomId, userId: bob.session.user.id });
    expect(room.ownerId).toBe(bob.session.user.id);
    expect((await heard).room.ownerId).toBe(bob.session.user.id);
    expect(errorCode(await request(ann, 'room:rename', { roomId, name: 'Still mine' }))).toBe('FORBIDDEN');
    expect(errorCode(await request(ann, 'room:kick', { roomId, userId: cid.session.user.id }))).toBe('FORBIDDEN');
    await call(bob, 'room:kick', { roomId, userId: ann.session.user.id });
    expect((await call(bob, 'room:join', { roomId })).members.map((member) => member.nickname)).toEqual(['Bob', 'Cid']);
  });
});
