import { call, collect, errorCode, nextEvent, request, roomWith, settle, startServer } from './helpers';
import type { ClientSocket, TestServer } from './helpers';

/** The server's clock; tests move it forward to expire invites. */
let clockOffsetMs = 0;
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ now: () => Date.now() + clockOffsetMs, inviteTtlMs: 60_000 });
});
afterEach(() => {
  clockOffsetMs = 0;
  server.disconnectClients();
});
afterAll(() => server.close());

/** Every room event the socket receives from now on, whatever the room. */
function everyRoomEvent(socket: ClientSocket) {
  return {
    messages: collect(socket, 'message:created'),
    typing: collect(socket, 'typing:updated'),
    presence: collect(socket, 'presence:changed'),
    joined: collect(socket, 'member:joined'),
    left: collect(socket, 'member:left'),
  };
}
const NOTHING = { messages: [], typing: [], presence: [], joined: [], left: [] };

describe('a private room', () => {
  it('is listed for its members only', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const mallory = await server.client('Mallory');
    const roomId = await roomWith(ann, [bob], 'private');
    const listed = async (socket: ClientSocket) => (await call(socket, 'room:list', {})).rooms.map((room) => room.id);
    expect(await listed(ann)).toContain(roomId);
    expect(await listed(bob)).toContain(roomId);
    expect(await listed(mallory)).not.toContain(roomId);
    await call(bob, 'room:leave', { roomId });
    expect(await listed(bob)).not.toContain(roomId);
  });

  it('keeps its history from non-members, whatever they ask', async () => {
    const ann = await server.client('Ann');
    const mallory = await server.client('Mallory');
    const roomId = await roomWith(ann, [], 'private');
    await call(ann, 'message:send', { roomId, clientId: 'c1', text: 'secret' });
    for (const query of [{}, { afterSeq: 0 }, { beforeSeq: 10 }, { afterSeq: 0, limit: 100 }]) {
      expect(await request(mallory, 'message:history', { roomId, ...query })).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'not a member of this room' },
      });
    }
    const refused = await request(mallory, 'room:join', { roomId, afterSeq: 0 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(refused)).not.toContain('secret');
  });

  it('never sends its messages, typing, presence or membership events to a non-member', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const mallory = await server.client('Mallory');
    const roomId = await roomWith(ann, [bob], 'private');
    const { code, expiresAt } = await call(ann, 'room:invite', { roomId });
    const heard = everyRoomEvent(mallory);
    const bobHeard = everyRoomEvent(bob);

    // Failed attempts to get in must not subscribe Mallory to anything.
    expect(errorCode(await request(mallory, 'room:join', { roomId }))).toBe('FORBIDDEN');
    expect(errorCode(await request(mallory, 'room:join', { roomId, inviteCode: `${code}x` }))).toBe('FORBIDDEN');
    clockOffsetMs = expiresAt - Date.now();
    expect(errorCode(await request(mallory, 'room:join', { roomId, inviteCode: code }))).toBe('FORBIDDEN');
    clockOffsetMs = 0;
    expect(errorCode(await request(mallory, 'typing:update', { roomId, typing: true }))).toBe('FORBIDDEN');
    expect(errorCode(await request(mallory, 'message:send', { roomId, clientId: 'm', text: 'let me in' }))).toBe(
      'FORBIDDEN',
    );

    await call(ann, 'message:send', { roomId, clientId: 'c1', text: 'members only' });
    await call(ann, 'typing:update', { roomId, typing: true });
    const carol = await server.client('Carol');
    await call(carol, 'room:join', { roomId, inviteCode: code });
    await call(carol, 'room:leave', { roomId });
    const annTablet = await server.connect(ann.session.token);
    // Presence goes out in batches: once Ann hears Bob go, the batch has been sent to the whole room.
    const bobWent = nextEvent(ann, 'presence:changed', ({ went }) => went.includes(bob.session.user.id));
    bob.disconnect();
    await bobWent;
    await settle(ann, annTablet, mallory);

    expect(heard).toEqual(NOTHING);
    // The same events did happen, as the member saw them.
    expect(bobHeard.messages).toHaveLength(1);
    expect(bobHeard.typing).toHaveLength(1);
    expect(bobHeard.joined).toHaveLength(1);
    const { messages } = await server.store.listMessages(roomId, { limit: 10 });
    expect(messages.map((message) => message.text)).toEqual(['members only']);
  });

  it('stops sending events to a member who left, on all its devices', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const bobPhone = await server.connect(bob.session.token);
    const roomId = await roomWith(ann, [bob], 'private');
    await call(bob, 'room:leave', { roomId });
    // What was sent to the phone before the leave (Bob's own arrival and departure) reaches it before this answer.
    await settle(bobPhone);
    const heard = [everyRoomEvent(bob), everyRoomEvent(bobPhone)];
    await call(ann, 'message:send', { roomId, clientId: 'after-leave', text: 'gone' });
    await call(ann, 'typing:update', { roomId, typing: true });
    await settle(ann, bob, bobPhone);
    expect(heard).toEqual([NOTHING, NOTHING]);
    expect(errorCode(await request(bob, 'message:history', { roomId }))).toBe('FORBIDDEN');
    expect(errorCode(await request(bob, 'room:join', { roomId }))).toBe('FORBIDDEN');
  });

  it('does not subscribe a non-member on reconnect', async () => {
    const ann = await server.client('Ann');
    const mallory = await server.client('Mallory');
    const roomId = await roomWith(ann, [], 'private');
    await request(mallory, 'room:join', { roomId, inviteCode: 'forged-code' });
    const again = await server.connect(mallory.session.token);
    const heard = everyRoomEvent(again);
    await call(ann, 'message:send', { roomId, clientId: 'c1', text: 'members only' });
    await settle(ann, again);
    expect(heard).toEqual(NOTHING);
  });

  it('admits a non-member with a valid code, who then hears the room', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [], 'private');
    const { code } = await call(ann, 'room:invite', { roomId });
    expect(errorCode(await request(bob, 'room:invite', { roomId }))).toBe('FORBIDDEN');
    const joined = await call(bob, 'room:join', { roomId, inviteCode: code });
    expect(joined.members.map((member) => member.id)).toEqual([ann.session.user.id, bob.session.user.id]);
    const heard = everyRoomEvent(bob);
    await call(ann, 'message:send', { roomId, clientId: 'c1', text: 'welcome' });
    await settle(ann, bob);
    expect(heard.messages.map((message) => message.text)).toEqual(['welcome']);
  });
});
