import { MENTION_ALL } from '@tandem/protocol';
import { call, errorCode, nextEvent, request, roomWith, startServer } from './helpers';
import type { ClientSocket, TestServer } from './helpers';

/** `message:send` with `replyTo` and `mentions`, and the unread mention counts of room facts. */

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

let counter = 0;
const send = (socket: ClientSocket, roomId: string, text: string, extra: object = {}) =>
  call(socket, 'message:send', { roomId, clientId: `c${(counter += 1)}`, text, ...extra });
const sendRaw = (socket: ClientSocket, roomId: string, extra: object) =>
  request(socket, 'message:send', { roomId, clientId: `c${(counter += 1)}`, text: 'hi', ...extra });

async function mentionsListed(socket: ClientSocket, roomId: string): Promise<number | undefined> {
  const { rooms } = await call(socket, 'room:list', {});
  return rooms.find((room) => room.id === roomId)?.mentions;
}

describe('replies', () => {
  it('stores and broadcasts the quote of a message of the same room, its excerpt cut by the server', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const long = `${'长'.repeat(100)}\n\nend`;
    const { message: quoted } = await send(bob, roomId, long);
    const heard = nextEvent(bob, 'message:created');
    const { message } = await send(ann, roomId, 'answer', { replyTo: quoted.id });
    expect(message.replyTo).toBe(quoted.id);
    expect(message.reply).toEqual({
      id: quoted.id,
      seq: quoted.seq,
      sender: quoted.sender,
      excerpt: `${'长'.repeat(80)}…`,
    });
    expect(await heard).toEqual(message);
    const { messages } = await call(bob, 'message:history', { roomId });
    expect(messages.at(-1)).toEqual(message);
  });

  it('refuses a reply to a message of another room or to an unknown id with NOT_FOUND, storing nothing', async () => {
    const ann = await server.client('Ann');
    const roomId = await roomWith(ann);
    const otherRoom = await roomWith(ann);
    const { message: elsewhere } = await send(ann, otherRoom, 'elsewhere');
    expect(errorCode(await sendRaw(ann, roomId, { replyTo: elsewhere.id }))).toBe('NOT_FOUND');
    expect(errorCode(await sendRaw(ann, roomId, { replyTo: 'no-such-message' }))).toBe('NOT_FOUND');
    expect((await call(ann, 'message:history', { roomId })).messages).toEqual([]);
  });
});

describe('mentions', () => {
  it('stores the mentioned members, drops non-members and duplicates, and counts them for the mentioned', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const stranger = await server.client('Cy');
    const roomId = await roomWith(ann, [bob]);
    const bobId = bob.session.user.id;
    const { message } = await send(ann, roomId, '@Bob hi', {
      mentions: [bobId, stranger.session.user.id, bobId, 'no-such-user'],
    });
    expect(message.mentions).toEqual([bobId]);
    expect(await mentionsListed(bob, roomId)).toBe(1);
    expect(await mentionsListed(ann, roomId)).toBe(0);
    const { room } = await call(bob, 'room:join', { roomId });
    expect(room).toMatchObject({ unread: 1, mentions: 1 });
    await call(bob, 'read:mark', { roomId, seq: message.seq });
    expect(await mentionsListed(bob, roomId)).toBe(0);
  });

  it('stores no mentions when none of them is a member', async () => {
    const ann = await server.client('Ann');
    const stranger = await server.client('Cy');
    const roomId = await roomWith(ann);
    const { message } = await send(ann, roomId, 'hi', { mentions: [stranger.session.user.id] });
    expect(message).not.toHaveProperty('mentions');
  });

  it('lets the room owner mention everyone, counted for every other member', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const cy = await server.client('Cy');
    const roomId = await roomWith(ann, [bob, cy]);
    const { message } = await send(ann, roomId, '@all lunch', { mentions: [MENTION_ALL] });
    expect(message.mentions).toEqual([MENTION_ALL]);
    expect(await mentionsListed(bob, roomId)).toBe(1);
    expect(await mentionsListed(cy, roomId)).toBe(1);
    expect(await mentionsListed(ann, roomId)).toBe(0);
  });

  it('refuses @all from a member who does not own the room with FORBIDDEN, storing nothing', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const ack = await sendRaw(bob, roomId, { mentions: [ann.session.user.id, MENTION_ALL] });
    expect(errorCode(ack)).toBe('FORBIDDEN');
    expect((await call(bob, 'message:history', { roomId })).messages).toEqual([]);
    expect(await mentionsListed(ann, roomId)).toBe(0);
  });
});
