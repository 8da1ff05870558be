import type { PresenceChange, User } from '@tandem/protocol';
import { call, collect, nextEvent, roomWith, settle, startServer } from './helpers';
import type { ClientSocket, TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

const sorted = (users: User[]) => [...users].sort((a, b) => a.id.localeCompare(b.id));
const cameIs = (user: User) => (event: PresenceChange) => event.came.some((came) => came.id === user.id);
const wentIs = (user: User) => (event: PresenceChange) => event.went.includes(user.id);

async function onlineCount(socket: ClientSocket, roomId: string): Promise<number | undefined> {
  const { rooms } = await call(socket, 'room:list', {});
  return rooms.find((room) => room.id === roomId)?.onlineCount;
}

/** Long enough for any pending presence batch to be sent: used only to assert that nothing was sent. */
async function afterBatch(...sockets: ClientSocket[]): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  await settle(...sockets);
}

describe('presence', () => {
  it('announces a member coming online with its first device and going offline with its last, as changes', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const bobCame = nextEvent(ann, 'presence:changed', cameIs(bob.session.user));
    const roomId = await roomWith(ann, [bob]);
    const bobUser = bob.session.user;
    await bobCame;
    bob.disconnect();
    await nextEvent(ann, 'presence:changed', wentIs(bobUser));
    const heard = collect(ann, 'presence:changed');

    const phone = await server.connect(bob.session.token);
    await nextEvent(ann, 'presence:changed', cameIs(bobUser));
    const tablet = await server.connect(bob.session.token);
    expect(await onlineCount(ann, roomId)).toBe(2);
    phone.disconnect();
    await afterBatch(ann);
    expect(await onlineCount(ann, roomId)).toBe(2);
    tablet.disconnect();
    await nextEvent(ann, 'presence:changed', wentIs(bobUser));
    expect(heard).toEqual([
      { roomId, came: [bobUser], went: [] },
      { roomId, came: [], went: [bobUser.id] },
    ]);
    expect(await onlineCount(ann, roomId)).toBe(1);
  });

  it('never sends the v1 full list after the join', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const fullLists = collect(ann, 'presence:updated');
    const bobCame = nextEvent(ann, 'presence:changed', cameIs(bob.session.user));
    const roomId = await roomWith(ann, [bob]);
    await bobCame;
    bob.disconnect();
    await nextEvent(ann, 'presence:changed', (event) => event.roomId === roomId);
    expect(fullLists).toEqual([]);
  });

  it('counts a user with several devices once', async () => {
    const ann = await server.client('Ann');
    await server.connect(ann.session.token);
    await server.connect(ann.session.token);
    const roomId = await roomWith(ann);
    const joined = await call(ann, 'room:join', { roomId });
    expect(joined.online).toEqual([ann.session.user]);
    expect(joined.room.onlineCount).toBe(1);
  });

  it('announces presence changes on join and leave to the other members', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann);
    const joinedPresence = nextEvent(ann, 'presence:changed', cameIs(bob.session.user));
    await call(bob, 'room:join', { roomId });
    expect(await joinedPresence).toEqual({ roomId, came: [bob.session.user], went: [] });

    const heard = collect(ann, 'presence:changed');
    await call(bob, 'room:join', { roomId });
    await afterBatch(ann);
    expect(heard).toEqual([]);

    const leftPresence = nextEvent(ann, 'presence:changed', wentIs(bob.session.user));
    await call(bob, 'room:leave', { roomId });
    expect(await leftPresence).toEqual({ roomId, came: [], went: [bob.session.user.id] });
  });

  it('reports only online members, each once, in room:join', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const carol = await server.client('Carol');
    const carolCame = nextEvent(ann, 'presence:changed', cameIs(carol.session.user));
    const roomId = await roomWith(ann, [bob, carol]);
    await carolCame;
    const carolOffline = nextEvent(ann, 'presence:changed', wentIs(carol.session.user));
    carol.disconnect();
    await carolOffline;
    const joined = await call(ann, 'room:join', { roomId });
    expect(sorted(joined.online)).toEqual(sorted([ann.session.user, bob.session.user]));
    expect(joined.members).toHaveLength(3);
  });

  it('corrects a socket that joined mid-batch when a user comes and goes within the batch', async () => {
    // A long batch makes "within the batch" certain, whatever the machine's speed.
    const slow = await startServer({ presenceBatchMs: 1_000 });
    try {
      const ann = await slow.client('Ann');
      const roomId = await roomWith(ann, []);
      const bob = await slow.client('Bob');
      await call(bob, 'room:join', { roomId });
      const carol = await slow.client('Carol');
      const heard = collect(carol, 'presence:changed');
      const { online } = await call(carol, 'room:join', { roomId });
      expect(online.map((user) => user.id)).toContain(bob.session.user.id);
      bob.disconnect();
      await nextEvent(carol, 'presence:changed', wentIs(bob.session.user));
      expect(heard).toEqual([{ roomId, came: [carol.session.user], went: [bob.session.user.id] }]);
    } finally {
      await slow.close();
    }
  });
});
