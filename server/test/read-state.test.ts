import { call, collect, errorCode, nextEvent, request, roomWith, settle, startServer } from './helpers';
import type { ClientSocket, TestServer } from './helpers';

/** Read state that follows the person: `read:mark`, `read:updated`, and `unread`/`readSeq` in room facts. */

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

async function send(socket: ClientSocket, roomId: string, count: number): Promise<number> {
  let seq = 0;
  for (let i = 0; i < count; i += 1) {
    seq = (await call(socket, 'message:send', { roomId, clientId: `${Math.random()}`, text: `m${i}` })).message.seq;
  }
  return seq;
}

async function listed(socket: ClientSocket, roomId: string) {
  const { rooms } = await call(socket, 'room:list', {});
  const room = rooms.find((entry) => entry.id === roomId);
  if (!room) throw new Error(`room ${roomId} is not listed`);
  return { joined: room.joined, lastSeq: room.lastSeq, readSeq: room.readSeq, unread: room.unread };
}

describe('read:mark', () => {
  it('tells the user’s other devices, not the marking one and not other users', async () => {
    const ann = await server.client('Ann');
    const annPhone = await server.connect(ann.session.token);
    const bob = await server.client('Bob');
    const roomId = await roomWith(bob, [ann]);
    await send(bob, roomId, 3);
    const onLaptop = collect(ann, 'read:updated');
    const onBob = collect(bob, 'read:updated');
    const heard = nextEvent(annPhone, 'read:updated');

    expect(await call(ann, 'read:mark', { roomId, seq: 2 })).toEqual({ readSeq: 2 });
    expect(await heard).toEqual({ roomId, readSeq: 2 });
    await settle(ann, bob);
    expect(onLaptop).toEqual([]);
    expect(onBob).toEqual([]);
    expect(await listed(annPhone, roomId)).toEqual({ joined: true, lastSeq: 3, readSeq: 2, unread: 1 });
  });

  it('never moves back, and announces nothing when it does not move', async () => {
    const ann = await server.client('Ann');
    const annPhone = await server.connect(ann.session.token);
    const bob = await server.client('Bob');
    const roomId = await roomWith(bob, [ann]);
    await send(bob, roomId, 4);
    await call(ann, 'read:mark', { roomId, seq: 3 });
    const onPhone = collect(annPhone, 'read:updated');
    expect(await call(ann, 'read:mark', { roomId, seq: 1 })).toEqual({ readSeq: 3 });
    expect(await call(ann, 'read:mark', { roomId, seq: 3 })).toEqual({ readSeq: 3 });
    await settle(annPhone);
    expect(onPhone).toEqual([]);
  });

  it('counts a seq beyond the room’s last as the last', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(bob, [ann]);
    await send(bob, roomId, 2);
    expect(await call(ann, 'read:mark', { roomId, seq: 1_000_000 })).toEqual({ readSeq: 2 });
    await send(bob, roomId, 1);
    expect(await listed(ann, roomId)).toMatchObject({ readSeq: 2, unread: 1 });
  });

  it('stays monotonic when two devices mark at once, and ends at the largest mark', async () => {
    const ann = await server.client('Ann');
    const annPhone = await server.connect(ann.session.token);
    const annTablet = await server.connect(ann.session.token);
    const bob = await server.client('Bob');
    const roomId = await roomWith(bob, [ann]);
    await send(bob, roomId, 30);
    const onTablet = collect(annTablet, 'read:updated');
    const laptopSeqs = Array.from({ length: 15 }, (_, i) => 2 * i + 1);
    const phoneSeqs = Array.from({ length: 15 }, (_, i) => 30 - 2 * i);
    const acks = await Promise.all([
      ...laptopSeqs.map(async (seq) => ({ seq, ...(await call(ann, 'read:mark', { roomId, seq })) })),
      ...phoneSeqs.map(async (seq) => ({ seq, ...(await call(annPhone, 'read:mark', { roomId, seq })) })),
    ]);
    for (const { seq, readSeq } of acks) expect(readSeq).toBeGreaterThanOrEqual(seq);
    await settle(annTablet);
    expect(onTablet.length).toBeGreaterThan(0);
    expect(Math.max(...onTablet.map((event) => event.readSeq))).toBe(30);
    expect(await listed(annTablet, roomId)).toMatchObject({ readSeq: 30, unread: 0 });
  });

  it('answers FORBIDDEN to a non-member and NOT_FOUND for an unknown room, changing nothing', async () => {
    const ann = await server.client('Ann');
    const mallory = await server.client('Mallory');
    const roomId = await roomWith(ann);
    await send(ann, roomId, 2);
    expect(errorCode(await request(mallory, 'read:mark', { roomId, seq: 1 }))).toBe('FORBIDDEN');
    expect(errorCode(await request(mallory, 'read:mark', { roomId: 'nowhere', seq: 1 }))).toBe('NOT_FOUND');
    expect(await listed(mallory, roomId)).toEqual({ joined: false, lastSeq: 2, readSeq: 0, unread: 0 });
  });

  it('answers INVALID_PAYLOAD to a bad payload', async () => {
    const ann = await server.client('Ann');
    const roomId = await roomWith(ann);
    for (const payload of [{ roomId }, { roomId, seq: -1 }, { roomId, seq: 0.5 }, { roomId, seq: 'all' }, { seq: 1 }]) {
      expect(errorCode(await request(ann, 'read:mark', payload as never))).toBe('INVALID_PAYLOAD');
    }
  });
});

describe('unread in room facts', () => {
  it('counts what others sent since the read seq, and nothing the user sent', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(bob, [ann]);
    expect(await listed(ann, roomId)).toEqual({ joined: true, lastSeq: 0, readSeq: 0, unread: 0 });
    await send(bob, roomId, 3);
    expect(await listed(ann, roomId)).toEqual({ joined: true, lastSeq: 3, readSeq: 0, unread: 3 });
    expect(await listed(bob, roomId)).toEqual({ joined: true, lastSeq: 3, readSeq: 3, unread: 0 });
    // Sending reads the room up to one's own message.
    await send(ann, roomId, 1);
    expect(await listed(ann, roomId)).toEqual({ joined: true, lastSeq: 4, readSeq: 4, unread: 0 });
    expect(await listed(bob, roomId)).toEqual({ joined: true, lastSeq: 4, readSeq: 3, unread: 1 });
  });

  it('starts a new member with nothing unread, and carries the read state in the room:join ack', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann);
    await send(ann, roomId, 5);
    const joined = await call(bob, 'room:join', { roomId });
    expect(joined.room).toMatchObject({ lastSeq: 5, readSeq: 5, unread: 0 });
    await send(ann, roomId, 2);
    const rejoined = await call(bob, 'room:join', { roomId, afterSeq: 5 });
    expect(rejoined.room).toMatchObject({ lastSeq: 7, readSeq: 5, unread: 2 });
  });

  it('shows a fresh device of the user the same badges, after a reconnect too', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(bob, [ann]);
    await send(bob, roomId, 4);
    await call(ann, 'read:mark', { roomId, seq: 1 });
    ann.disconnect();
    const fresh = await server.connect(ann.session.token);
    expect(await listed(fresh, roomId)).toEqual({ joined: true, lastSeq: 4, readSeq: 1, unread: 3 });
  });

  it('forgets the read state with the membership', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(bob, [ann]);
    await send(bob, roomId, 2);
    await call(ann, 'room:leave', { roomId });
    expect(await listed(ann, roomId)).toEqual({ joined: false, lastSeq: 2, readSeq: 0, unread: 0 });
    expect(errorCode(await request(ann, 'read:mark', { roomId, seq: 2 }))).toBe('FORBIDDEN');
  });
});
