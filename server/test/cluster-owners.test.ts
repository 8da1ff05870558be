import { startCluster } from './cluster';
import type { TestCluster, TestNode } from './cluster';
import { call, collect, errorCode, nextEvent, request, roomWith, settle } from './helpers';

/** Owner actions across two nodes sharing PostgreSQL and Redis. */

let cluster: TestCluster;
let a: TestNode;
let b: TestNode;
beforeAll(async () => {
  cluster = await startCluster(2);
  [a, b] = cluster.nodes as [TestNode, TestNode];
});
afterAll(() => cluster.close());

describe('owner actions on several nodes', () => {
  it('removes a kicked member’s devices on both nodes from the room at once', async () => {
    const ann = await a.client('Ann');
    const bobOnA = await a.client('Bob');
    const bobOnB = await b.connect(bobOnA.session.token);
    const cid = await b.client('Cid');
    const roomId = await roomWith(ann, [bobOnA, cid]);
    const cidHeard = nextEvent(cid, 'member:left');
    const removed = [nextEvent(bobOnA, 'room:removed'), nextEvent(bobOnB, 'room:removed')];
    await call(ann, 'room:kick', { roomId, userId: bobOnA.session.user.id });
    expect((await cidHeard).user.id).toBe(bobOnA.session.user.id);
    for (const event of await Promise.all(removed)) expect(event).toEqual({ roomId, reason: 'kicked' });
    const heardOnA = collect(bobOnA, 'message:created');
    const heardOnB = collect(bobOnB, 'message:created');
    const cidMessages = nextEvent(cid, 'message:created');
    await call(ann, 'message:send', { roomId, clientId: 'after-kick', text: 'still here' });
    await cidMessages;
    await settle(bobOnA, bobOnB);
    expect(heardOnA).toEqual([]);
    expect(heardOnB).toEqual([]);
  });

  it('keeps a banned person out through the other node, and the room hears a rename there', async () => {
    const ann = await a.client('Ann');
    const bob = await b.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const removed = nextEvent(bob, 'room:removed');
    await call(ann, 'room:ban', { roomId, userId: bob.session.user.id });
    expect((await removed).reason).toBe('banned');
    expect(errorCode(await request(bob, 'room:join', { roomId }))).toBe('FORBIDDEN');
    const cid = await b.client('Cid');
    await call(cid, 'room:join', { roomId });
    const renamed = nextEvent(cid, 'room:updated');
    await call(ann, 'room:rename', { roomId, name: 'Hall' });
    expect((await renamed).room.name).toBe('Hall');
  });
});
