import { call, errorCode, request, roomWith, startServer } from './helpers';
import type { LimitOptions, TestServer } from './helpers';
import type { Store } from '../src/store/types';

/**
 * Store reads whose answer arrives a few ms after the read, as a networked database's does: what a request read
 * may be stale by the time it writes, so concurrent requests race unless the server orders them.
 */
function slowReads(store: Store): Store {
  const slow =
    <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      const result = await read(...args);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return result;
    };
  return {
    ...store,
    findRoom: slow(store.findRoom),
    isMember: slow(store.isMember),
    listRoomIdsOf: slow(store.listRoomIdsOf),
  };
}

let server: TestServer;
async function serverWith(limits: LimitOptions): Promise<TestServer> {
  server = await startServer({ limits, wrapStore: slowReads });
  return server;
}
afterEach(() => server.close());

const clients = (count: number) => Promise.all(Array.from({ length: count }, (_, i) => server.client(`user${i}`)));
type Client = Awaited<ReturnType<TestServer['client']>>;
const at = (sockets: Client[], index: number) => sockets[index] as Client;

describe('MAX_ROOM_MEMBERS', () => {
  it('refuses a join into a full room with FORBIDDEN and a clear message, and admits again after a leave', async () => {
    await serverWith({ maxRoomMembers: 3 });
    const users = await clients(5);
    const roomId = await roomWith(at(users, 0), [at(users, 1), at(users, 2)]);
    const refused = await request(at(users, 3), 'room:join', { roomId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/full/) } });
    // Members may still rejoin (that is how they catch up).
    expect(errorCode(await request(at(users, 1), 'room:join', { roomId, afterSeq: 0 }))).toBe('ok');
    await call(at(users, 2), 'room:leave', { roomId });
    expect((await call(at(users, 3), 'room:join', { roomId })).room.memberCount).toBe(3);
  });

  it('holds under concurrent joins', async () => {
    await serverWith({ maxRoomMembers: 4 });
    const users = await clients(10);
    const roomId = await roomWith(at(users, 0));
    const acks = await Promise.all(users.slice(1).map((user) => request(user, 'room:join', { roomId })));
    expect(acks.filter((ack) => ack.ok)).toHaveLength(3);
    expect(await server.store.listMembers(roomId)).toHaveLength(4);
    expect((await server.store.findRoom(roomId))?.memberCount).toBe(4);
  });

  it('also applies to private rooms with a valid invite', async () => {
    await serverWith({ maxRoomMembers: 1 });
    const users = await clients(2);
    const roomId = await roomWith(at(users, 0), [], 'private');
    const { code } = await call(at(users, 0), 'room:invite', { roomId });
    expect(errorCode(await request(at(users, 1), 'room:join', { roomId, inviteCode: code }))).toBe('FORBIDDEN');
  });
});

describe('MAX_ROOMS_PER_USER', () => {
  it('refuses creating or joining one room too many with FORBIDDEN, until the user leaves one', async () => {
    await serverWith({ maxRoomsPerUser: 2 });
    const [ann, bob] = [at(await clients(2), 0), at(await clients(1), 0)];
    const first = await roomWith(ann);
    await roomWith(ann);
    const tooMany = await request(ann, 'room:create', { name: 'third' });
    expect(tooMany).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/2 rooms/) },
    });
    const bobsRoom = await roomWith(bob);
    expect(errorCode(await request(ann, 'room:join', { roomId: bobsRoom }))).toBe('FORBIDDEN');
    await call(ann, 'room:leave', { roomId: first });
    expect(errorCode(await request(ann, 'room:join', { roomId: bobsRoom }))).toBe('ok');
    expect(await server.store.listRoomIdsOf(ann.session.user.id)).toHaveLength(2);
  });

  it('holds under concurrent creates and joins', async () => {
    await serverWith({ maxRoomsPerUser: 3 });
    const [ann, bob] = [at(await clients(1), 0), at(await clients(1), 0)];
    const bobsRooms = [await roomWith(bob), await roomWith(bob)];
    await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => request(ann, 'room:create', { name: `r${i}` })),
      ...bobsRooms.map((roomId) => request(ann, 'room:join', { roomId })),
    ]);
    expect(await server.store.listRoomIdsOf(ann.session.user.id)).toHaveLength(3);
  });
});
