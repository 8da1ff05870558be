import * as v from 'valibot';
import { MessageSchema } from '@tandem/protocol';
import { call, collect, errorCode, nextEvent, request, roomWith, settle, startServer } from './helpers';
import type { ClientSocket, TestServer } from './helpers';

const RECALL_WINDOW_MS = 60_000;
let server: TestServer;
let clockOffsetMs = 0;
beforeAll(async () => {
  server = await startServer({ now: () => Date.now() + clockOffsetMs, recallWindowMs: RECALL_WINDOW_MS });
});
afterEach(() => {
  clockOffsetMs = 0;
  server.disconnectClients();
});
afterAll(() => server.close());

/** Ann owns a room Bob is a member of; each has sent one message. */
async function roomOfTwo() {
  const ann = await server.client('Ann');
  const bob = await server.client('Bob');
  const roomId = await roomWith(ann, [bob]);
  const send = async (socket: ClientSocket, text: string) =>
    (await call(socket, 'message:send', { roomId, clientId: `${text}-${Math.random()}`, text })).message;
  return { ann, bob, roomId, annMessage: await send(ann, 'from ann'), bobMessage: await send(bob, 'from bob') };
}

describe('message:edit', () => {
  it('replaces the text of one’s own message, marks it edited and tells every member', async () => {
    const { ann, bob, roomId, annMessage } = await roomOfTwo();
    const annHeard = nextEvent(ann, 'message:updated');
    const bobHeard = nextEvent(bob, 'message:updated');
    const before = Date.now();
    const { message } = await call(ann, 'message:edit', { roomId, messageId: annMessage.id, text: '  fixed  ' });
    expect(v.is(MessageSchema, message)).toBe(true);
    expect(message).toMatchObject({ id: annMessage.id, seq: annMessage.seq, text: 'fixed', changeSeq: 1 });
    expect(message.editedAt).toBeGreaterThanOrEqual(before);
    expect(message.state).toBeUndefined();
    expect(await annHeard).toEqual({ message });
    expect(await bobHeard).toEqual({ message });
    const { messages } = await call(bob, 'message:history', { roomId });
    expect(messages.find((m) => m.id === message.id)).toEqual(message);
  });

  it('refuses another’s message with FORBIDDEN and changes nothing', async () => {
    const { ann, bob, roomId, annMessage, bobMessage } = await roomOfTwo();
    const heard = collect(bob, 'message:updated');
    const ack = await request(ann, 'message:edit', { roomId, messageId: bobMessage.id, text: 'mine now' });
    expect(errorCode(ack)).toBe('FORBIDDEN');
    expect(errorCode(await request(bob, 'message:edit', { roomId, messageId: annMessage.id, text: 'x' }))).toBe(
      'FORBIDDEN',
    );
    await settle(ann, bob);
    expect(heard).toEqual([]);
    expect((await server.store.findMessage(roomId, bobMessage.id))?.text).toBe('from bob');
  });

  it('answers NOT_FOUND for an unknown message or room, and FORBIDDEN to a non-member', async () => {
    const { ann, roomId, annMessage } = await roomOfTwo();
    const carl = await server.client('Carl');
    expect(errorCode(await request(ann, 'message:edit', { roomId, messageId: 'nope', text: 'x' }))).toBe('NOT_FOUND');
    const otherRoom = await roomWith(ann);
    const elsewhere = { roomId: otherRoom, messageId: annMessage.id, text: 'x' };
    expect(errorCode(await request(ann, 'message:edit', elsewhere))).toBe('NOT_FOUND');
    const unknownRoom = { roomId: 'nope', messageId: annMessage.id, text: 'x' };
    expect(errorCode(await request(ann, 'message:edit', unknownRoom))).toBe('NOT_FOUND');
    const outsider = { roomId, messageId: annMessage.id, text: 'x' };
    expect(errorCode(await request(carl, 'message:edit', outsider))).toBe('FORBIDDEN');
  });
});

describe('message:recall', () => {
  it('turns one’s own message into a tombstone within the window: same id and seq, text gone everywhere', async () => {
    const { ann, bob, roomId, annMessage } = await roomOfTwo();
    const bobHeard = nextEvent(bob, 'message:updated');
    const { message } = await call(ann, 'message:recall', { roomId, messageId: annMessage.id });
    expect(message).toEqual({ ...annMessage, text: '', state: 'recalled', changeSeq: 1 });
    expect(await bobHeard).toEqual({ message });
    expect(await server.store.findMessage(roomId, annMessage.id)).toEqual(message);
    const { room } = await call(bob, 'room:join', { roomId });
    expect(room.changeSeq).toBe(1);
  });

  it('refuses a recall after the window with FORBIDDEN, and another’s message with FORBIDDEN', async () => {
    const { ann, roomId, annMessage, bobMessage } = await roomOfTwo();
    expect(errorCode(await request(ann, 'message:recall', { roomId, messageId: bobMessage.id }))).toBe('FORBIDDEN');
    clockOffsetMs = RECALL_WINDOW_MS + 1000;
    const late = await request(ann, 'message:recall', { roomId, messageId: annMessage.id });
    expect(errorCode(late)).toBe('FORBIDDEN');
    expect((await server.store.findMessage(roomId, annMessage.id))?.text).toBe('from ann');
    // Editing has no window.
    expect(errorCode(await request(ann, 'message:edit', { roomId, messageId: annMessage.id, text: 'late' }))).toBe(
      'ok',
    );
  });

  it('answers CONFLICT to any change of a tombstone', async () => {
    const { ann, roomId, annMessage } = await roomOfTwo();
    await call(ann, 'message:recall', { roomId, messageId: annMessage.id });
    const target = { roomId, messageId: annMessage.id };
    expect(errorCode(await request(ann, 'message:edit', { ...target, text: 'back' }))).toBe('CONFLICT');
    expect(errorCode(await request(ann, 'message:recall', target))).toBe('CONFLICT');
    expect(errorCode(await request(ann, 'message:delete', target))).toBe('CONFLICT');
    expect(errorCode(await request(ann, 'message:recall', { roomId, messageId: 'nope' }))).toBe('NOT_FOUND');
  });
});

describe('message:delete', () => {
  it('lets the room’s owner delete anyone’s message as a tombstone, told to every member', async () => {
    const { ann, bob, roomId, bobMessage } = await roomOfTwo();
    expect((await call(bob, 'room:join', { roomId })).room.ownerId).toBe(ann.session.user.id);
    const bobHeard = nextEvent(bob, 'message:updated');
    const { message } = await call(ann, 'message:delete', { roomId, messageId: bobMessage.id });
    expect(message).toEqual({ ...bobMessage, text: '', state: 'deleted', changeSeq: 1 });
    expect(await bobHeard).toEqual({ message });
    expect((await server.store.findMessage(roomId, bobMessage.id))?.text).toBe('');
  });

  it('refuses a member who is not the owner, even on its own message', async () => {
    const { bob, roomId, annMessage, bobMessage } = await roomOfTwo();
    expect(errorCode(await request(bob, 'message:delete', { roomId, messageId: annMessage.id }))).toBe('FORBIDDEN');
    expect(errorCode(await request(bob, 'message:delete', { roomId, messageId: bobMessage.id }))).toBe('FORBIDDEN');
    expect((await server.store.findMessage(roomId, annMessage.id))?.text).toBe('from ann');
  });

  it('gives a direct conversation no owner: neither person may delete', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const { room } = await call(ann, 'dm:open', { userId: bob.session.user.id });
    const { message } = await call(bob, 'message:send', { roomId: room.id, clientId: 'dm-1', text: 'hi' });
    const ack = await request(ann, 'message:delete', { roomId: room.id, messageId: message.id });
    expect(errorCode(ack)).toBe('FORBIDDEN');
  });

  it('answers NOT_FOUND to the owner for an unknown message', async () => {
    const { ann, roomId } = await roomOfTwo();
    expect(errorCode(await request(ann, 'message:delete', { roomId, messageId: 'nope' }))).toBe('NOT_FOUND');
  });
});

describe('message:changes', () => {
  it('returns the messages changed after a change seq, each as it is now, with the room’s change seq', async () => {
    const { ann, bob, roomId, annMessage, bobMessage } = await roomOfTwo();
    await call(bob, 'message:edit', { roomId, messageId: bobMessage.id, text: 'v2' });
    await call(ann, 'message:recall', { roomId, messageId: annMessage.id });
    await call(bob, 'message:edit', { roomId, messageId: bobMessage.id, text: 'v3' });
    const all = await call(bob, 'message:changes', { roomId, afterChangeSeq: 0 });
    expect(all.changeSeq).toBe(3);
    expect(all.hasMore).toBe(false);
    expect(all.messages.map((m) => [m.id, m.changeSeq, m.text, m.state])).toEqual([
      [annMessage.id, 2, '', 'recalled'],
      [bobMessage.id, 3, 'v3', undefined],
    ]);
    const page = await call(bob, 'message:changes', { roomId, afterChangeSeq: 0, limit: 1 });
    expect(page).toMatchObject({ hasMore: true, messages: [{ id: annMessage.id }] });
    expect((await call(bob, 'message:changes', { roomId, afterChangeSeq: 3 })).messages).toEqual([]);
  });

  it('answers FORBIDDEN to a non-member and NOT_FOUND for an unknown room', async () => {
    const { roomId } = await roomOfTwo();
    const carl = await server.client('Carl');
    expect(errorCode(await request(carl, 'message:changes', { roomId, afterChangeSeq: 0 }))).toBe('FORBIDDEN');
    expect(errorCode(await request(carl, 'message:changes', { roomId: 'nope', afterChangeSeq: 0 }))).toBe('NOT_FOUND');
  });
});
