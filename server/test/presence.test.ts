import type { User } from '@tandem/protocol';
import { call, collect, nextEvent, roomWith, settle, startServer } from './helpers';
import type { ClientSocket, TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

const sorted = (users: User[]) => [...users].sort((a, b) => a.id.localeCompare(b.id));
const onlineIs = (users: User[]) => (event: { online: User[] }) =>
  JSON.stringify(sorted(event.online)) === JSON.stringify(sorted(users));

async function onlineCount(socket: ClientSocket, roomId: string): Promise<number | undefined> {
  const { rooms } = await call(socket, 'room:list', {});
  return rooms.find((room) => room.id === roomId)?.onlineCount;
}

describe('presence', () => {
  it('announces a member coming online with its first device and going offline with its last', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const bobUser = bob.session.user;
    bob.disconnect();
    await nextEvent(ann, 'presence:updated', onlineIs([ann.session.user]));
    const heard = collect(ann, 'presence:updated');

    const phone = await server.connect(bob.session.token);
    await nextEvent(ann, 'presence:updated', onlineIs([ann.session.user, bobUser]));
    const tablet = await server.connect(bob.session.token);
    expect(await onlineCount(ann, roomId)).toBe(2);
    phone.disconnect();
    await settle(ann);
    expect(await onlineCount(ann, roomId)).toBe(2);
    tablet.disconnect();
    await nextEvent(ann, 'presence:updated', onlineIs([ann.session.user]));
    expect(heard).toEqual([
      { roomId, online: expect.arrayContaining([ann.session.user, bobUser]) },
      { roomId, online: [ann.session.user] },
    ]);
    expect(await onlineCount(ann, roomId)).toBe(1);
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
    const joinedPresence = nextEvent(ann, 'presence:updated', onlineIs([ann.session.user, bob.session.user]));
    await call(bob, 'room:join', { roomId });
    expect((await joinedPresence).roomId).toBe(roomId);

    const heard = collect(ann, 'presence:updated');
    await call(bob, 'room:join', { roomId });
    await settle(ann);
    expect(heard).toEqual([]);

    const leftPresence = nextEvent(ann, 'presence:updated', onlineIs([ann.session.user]));
    await call(bob, 'room:leave', { roomId });
    expect((await leftPresence).roomId).toBe(roomId);
  });

  it('reports only online members, each once, in room:join', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const carol = await server.client('Carol');
    const roomId = await roomWith(ann, [bob, carol]);
    const carolOffline = nextEvent(ann, 'presence:updated', onlineIs([ann.session.user, bob.session.user]));
    carol.disconnect();
    await carolOffline;
    const joined = await call(ann, 'room:join', { roomId });
    expect(sorted(joined.online)).toEqual(sorted([ann.session.user, bob.session.user]));
    expect(joined.members).toHaveLength(3);
  });
});
