import * as v from 'valibot';
import { MessageSchema } from '@tandem/protocol';
import type { Message } from '@tandem/protocol';
import { call, collect, errorCode, nextEvent, request, roomWith, settle, startServer } from './helpers';
import type { ClientSocket, TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

/** Sends `count` messages pipelined (no waiting between them) and resolves with the acked messages. */
async function sendMany(socket: ClientSocket, roomId: string, count: number, prefix = 'm'): Promise<Message[]> {
  const acks = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      call(socket, 'message:send', { roomId, clientId: `${prefix}-${i}`, text: `${prefix} ${i}` }),
    ),
  );
  return acks.map(({ message }) => message);
}

const seqs = (messages: Message[]) => messages.map((message) => message.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('message:send', () => {
  it('stores the message with the next seq and broadcasts it to every member, the sender included', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const annHeard = nextEvent(ann, 'message:created');
    const bobHeard = nextEvent(bob, 'message:created');
    const before = Date.now();

    const { message } = await call(ann, 'message:send', { roomId, clientId: 'c1', text: '  hello  ' });
    expect(v.is(MessageSchema, message)).toBe(true);
    expect(message).toMatchObject({ roomId, seq: 1, clientId: 'c1', sender: ann.session.user, text: 'hello' });
    expect(message.createdAt).toBeGreaterThanOrEqual(before);
    expect(message.createdAt).toBeLessThanOrEqual(Date.now());
    expect(await annHeard).toEqual(message);
    expect(await bobHeard).toEqual(message);
    expect((await call(ann, 'message:send', { roomId, clientId: 'c2', text: 'again' })).message.seq).toBe(2);
  });

  it('answers NOT_FOUND for an unknown room', async () => {
    const ann = await server.client('Ann');
    const ack = await request(ann, 'message:send', { roomId: 'no-such-room', clientId: 'c1', text: 'hi' });
    expect(errorCode(ack)).toBe('NOT_FOUND');
  });

  it('answers FORBIDDEN to a non-member and stores and broadcasts nothing', async () => {
    const ann = await server.client('Ann');
    const mallory = await server.client('Mallory');
    const roomId = await roomWith(ann);
    const annHeard = collect(ann, 'message:created');
    const ack = await request(mallory, 'message:send', { roomId, clientId: 'c1', text: 'let me in' });
    expect(errorCode(ack)).toBe('FORBIDDEN');
    await settle(ann);
    expect(annHeard).toEqual([]);
    expect((await server.store.listMessages(roomId, { limit: 10 })).messages).toEqual([]);
  });

  it('acks the stored message when the same clientId is sent twice, storing and broadcasting it once', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const bobHeard = collect(bob, 'message:created');
    const first = await call(ann, 'message:send', { roomId, clientId: 'same', text: 'once' });
    const again = await call(ann, 'message:send', { roomId, clientId: 'same', text: 'once' });
    expect(again).toEqual(first);
    await settle(bob);
    expect(bobHeard).toEqual([first.message]);
    expect(seqs((await call(ann, 'message:history', { roomId })).messages)).toEqual([1]);
  });

  it('acks the stored message when a clientId is resent with another text: the first text wins', async () => {
    const ann = await server.client('Ann');
    const roomId = await roomWith(ann);
    const first = await call(ann, 'message:send', { roomId, clientId: 'same', text: 'first' });
    const again = await call(ann, 'message:send', { roomId, clientId: 'same', text: 'second' });
    expect(again).toEqual(first);
    expect((await call(ann, 'message:history', { roomId })).messages).toEqual([first.message]);
  });

  it('answers INVALID_PAYLOAD when a clientId is reused in another room, storing and broadcasting nothing', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const firstRoomId = await roomWith(ann);
    const otherRoomId = await roomWith(ann, [bob]);
    const { message } = await call(ann, 'message:send', { roomId: firstRoomId, clientId: 'reused', text: 'here' });
    const bobHeard = collect(bob, 'message:created');

    const ack = await request(ann, 'message:send', { roomId: otherRoomId, clientId: 'reused', text: 'there' });
    expect(ack).toEqual({
      ok: false,
      error: { code: 'INVALID_PAYLOAD', message: 'clientId already used for another room' },
    });
    await settle(bob);
    expect(bobHeard).toEqual([]);
    expect((await call(ann, 'message:history', { roomId: otherRoomId })).messages).toEqual([]);
    expect((await call(ann, 'message:history', { roomId: firstRoomId })).messages).toEqual([message]);
  });

  it('acks concurrent duplicates of one clientId with the same message, stored once and broadcast once', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const annPhone = await server.connect(ann.session.token);
    const roomId = await roomWith(ann, [bob]);
    const bobHeard = collect(bob, 'message:created');
    const payload = { roomId, clientId: 'racing', text: 'only once' };

    const acks = await Promise.all([
      call(ann, 'message:send', payload),
      call(ann, 'message:send', payload),
      call(annPhone, 'message:send', payload),
      call(annPhone, 'message:send', payload),
    ]);
    for (const ack of acks) expect(ack).toEqual(acks[0]);
    await settle(bob);
    expect(bobHeard).toEqual([acks[0]?.message]);
    expect((await call(ann, 'message:history', { roomId })).messages).toEqual([acks[0]?.message]);
  });

  it('keeps a separate gapless seq per room and delivers each message only to its room', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const carol = await server.client('Carol');
    const first = await roomWith(ann, [bob]);
    const second = await roomWith(ann, [carol]);
    const bobHeard = collect(bob, 'message:created');
    const carolHeard = collect(carol, 'message:created');

    const inFirst = await sendMany(ann, first, 3, 'first');
    const inSecond = await sendMany(ann, second, 2, 'second');
    expect(seqs(inFirst)).toEqual([1, 2, 3]);
    expect(seqs(inSecond)).toEqual([1, 2]);
    await settle(bob, carol);
    expect(bobHeard).toEqual(inFirst);
    expect(carolHeard).toEqual(inSecond);
    expect(errorCode(await request(carol, 'message:history', { roomId: first }))).toBe('FORBIDDEN');
  });
});

describe('message:history', () => {
  let ann: ClientSocket;
  let roomId: string;
  beforeEach(async () => {
    ann = await server.client('Ann');
    roomId = await roomWith(ann);
    await sendMany(ann, roomId, 120);
  });

  const history = (query: { beforeSeq?: number; afterSeq?: number; limit?: number }) =>
    call(ann, 'message:history', { roomId, ...query });

  it('pages backwards from the newest message, ascending within each page', async () => {
    const newest = await history({});
    expect(seqs(newest.messages)).toEqual(range(71, 120));
    expect(newest.hasMore).toBe(true);
    const older = await history({ beforeSeq: 71 });
    expect(seqs(older.messages)).toEqual(range(21, 70));
    expect(older.hasMore).toBe(true);
    const oldest = await history({ beforeSeq: 21 });
    expect(seqs(oldest.messages)).toEqual(range(1, 20));
    expect(oldest.hasMore).toBe(false);
  });

  it('pages forwards after a seq, oldest first', async () => {
    const first = await history({ afterSeq: 0, limit: 100 });
    expect(seqs(first.messages)).toEqual(range(1, 100));
    expect(first.hasMore).toBe(true);
    const rest = await history({ afterSeq: 100, limit: 100 });
    expect(seqs(rest.messages)).toEqual(range(101, 120));
    expect(rest.hasMore).toBe(false);
    expect(await history({ afterSeq: 120 })).toEqual({ messages: [], hasMore: false });
  });

  it('reads a window between afterSeq and beforeSeq', async () => {
    const window = await history({ afterSeq: 10, beforeSeq: 20, limit: 5 });
    expect(seqs(window.messages)).toEqual(range(11, 15));
    expect(window.hasMore).toBe(true);
    const end = await history({ afterSeq: 15, beforeSeq: 20, limit: 5 });
    expect(seqs(end.messages)).toEqual(range(16, 19));
    expect(end.hasMore).toBe(false);
  });

  it('answers FORBIDDEN to a non-member and NOT_FOUND for an unknown room', async () => {
    const mallory = await server.client('Mallory');
    expect(errorCode(await request(mallory, 'message:history', { roomId }))).toBe('FORBIDDEN');
    expect(errorCode(await request(ann, 'message:history', { roomId: 'no-such-room' }))).toBe('NOT_FOUND');
  });
});

describe('catching up', () => {
  it('gives a client that was away exactly the messages it missed with room:join afterSeq', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const seen = await sendMany(ann, roomId, 5, 'before');
    const lastSeen = seen[seen.length - 1]?.seq ?? 0;
    bob.disconnect();

    const missed = await sendMany(ann, roomId, 50, 'away');
    const bobBack = await server.connect(bob.session.token);
    const caughtUp = await call(bobBack, 'room:join', { roomId, afterSeq: lastSeen });
    expect(caughtUp.messages).toEqual(missed);
    expect(caughtUp.hasMore).toBe(false);
  });

  it('returns at most 100 messages after afterSeq with hasMore, the rest through message:history', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    bob.disconnect();
    const missed = await sendMany(ann, roomId, 130);
    const bobBack = await server.connect(bob.session.token);
    const caughtUp = await call(bobBack, 'room:join', { roomId, afterSeq: 0 });
    expect(caughtUp.messages).toEqual(missed.slice(0, 100));
    expect(caughtUp.hasMore).toBe(true);
    const rest = await call(bobBack, 'message:history', { roomId, afterSeq: 100, limit: 100 });
    expect(rest).toEqual({ messages: missed.slice(100), hasMore: false });
  });
});
