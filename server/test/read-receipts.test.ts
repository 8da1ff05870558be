import type { ReadReceipts } from '@tandem/protocol';
import { call, collect, errorCode, nextEvent, request, roomWith, settle, startServer } from './helpers';
import type { ClientSocket, TestServer } from './helpers';

/** Read receipts: `read:receipts` answers every member's position; the fact of that name carries moves, batched. */

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

const idOf = (socket: ClientSocket & { session: { user: { id: string } } }) => socket.session.user.id;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function send(socket: ClientSocket, roomId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await call(socket, 'message:send', { roomId, clientId: `${Math.random()}`, text: `m${i}` });
  }
}

/** The last position per user over the events, as a client's receipt map ends up. */
function merged(events: ReadReceipts[]): Record<string, number> {
  const positions: Record<string, number> = {};
  for (const { reads } of events) for (const { userId, readSeq } of reads) positions[userId] = readSeq;
  return positions;
}

describe('read:receipts', () => {
  it('answers every member’s read position, the sender’s own messages counting as read by it', async () => {
    const [ann, bob, carol] = [await server.client('Ann'), await server.client('Bob'), await server.client('Carol')];
    const roomId = await roomWith(ann, [bob, carol]);
    await send(ann, roomId, 3);
    await call(bob, 'read:mark', { roomId, seq: 2 });
    const { reads } = await call(carol, 'read:receipts', { roomId });
    expect(Object.fromEntries(reads.map((read) => [read.userId, read.readSeq]))).toEqual({
      [idOf(ann)]: 3,
      [idOf(bob)]: 2,
      [idOf(carol)]: 0,
    });
  });

  it('answers positions to members only: FORBIDDEN for a non-member, NOT_FOUND for an unknown room', async () => {
    const [ann, dave] = [await server.client('Ann'), await server.client('Dave')];
    const roomId = await roomWith(ann);
    expect(errorCode(await request(dave, 'read:receipts', { roomId }))).toBe('FORBIDDEN');
    expect(errorCode(await request(dave, 'read:receipts', { roomId: 'no-such-room' }))).toBe('NOT_FOUND');
  });

  it('pushes a member’s move to the room’s members, and nothing to a non-member', async () => {
    const [ann, bob, dave] = [await server.client('Ann'), await server.client('Bob'), await server.client('Dave')];
    const roomId = await roomWith(ann, [bob]);
    await roomWith(dave);
    await send(ann, roomId, 2);
    const onDave = collect(dave, 'read:receipts');
    const heard = nextEvent(ann, 'read:receipts');
    await call(bob, 'read:mark', { roomId, seq: 2 });
    expect(await heard).toEqual({ roomId, reads: [{ userId: idOf(bob), readSeq: 2 }] });
    await sleep(1100);
    await settle(dave);
    expect(onDave).toEqual([]);
  });

  it('aggregates a burst of marks into events at least a second apart, carrying the latest positions', async () => {
    const [ann, bob, carol] = [await server.client('Ann'), await server.client('Bob'), await server.client('Carol')];
    const roomId = await roomWith(ann, [bob, carol]);
    await send(ann, roomId, 20);
    const received: { at: number; event: ReadReceipts }[] = [];
    ann.on('read:receipts', (event) => received.push({ at: Date.now(), event }));
    await Promise.all(
      [bob, carol].map(async (socket) => {
        for (let seq = 1; seq <= 20; seq += 1) await call(socket, 'read:mark', { roomId, seq });
      }),
    );
    await sleep(1300);
    await settle(ann);
    // 40 marks, each moving a position: two events at most (the first move, then the rest a second later).
    expect(received.length).toBeGreaterThanOrEqual(1);
    expect(received.length).toBeLessThanOrEqual(2);
    for (let i = 1; i < received.length; i += 1) {
      expect(received[i]!.at - received[i - 1]!.at).toBeGreaterThanOrEqual(950);
    }
    expect(merged(received.map(({ event }) => event))).toEqual({ [idOf(bob)]: 20, [idOf(carol)]: 20 });
    for (const { event } of received) {
      expect(new Set(event.reads.map((read) => read.userId)).size).toBe(event.reads.length);
    }
  });

  it('announces nothing for a mark that does not move a position', async () => {
    const [ann, bob] = [await server.client('Ann'), await server.client('Bob')];
    const roomId = await roomWith(ann, [bob]);
    await send(ann, roomId, 2);
    await call(bob, 'read:mark', { roomId, seq: 2 });
    await sleep(1100);
    const onAnn = collect(ann, 'read:receipts');
    await call(bob, 'read:mark', { roomId, seq: 1 });
    await call(bob, 'read:mark', { roomId, seq: 2 });
    await sleep(100);
    await settle(ann);
    expect(onAnn).toEqual([]);
  });
});
