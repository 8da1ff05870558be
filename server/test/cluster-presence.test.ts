import type { PresenceChange } from '@tandem/protocol';
import { startCluster } from './cluster';
import type { TestCluster, TestNode } from './cluster';
import { call, collect, nextEvent, roomWith, withTimeout } from './helpers';

/**
 * Presence across nodes: a person counts once however many nodes hold its sockets, a change is announced once, and
 * a node that dies stops counting within its heartbeat TTL (1.5 s here instead of 30 s).
 */

const NODE_TTL_MS = 1500;

let cluster: TestCluster;
let a: TestNode;
let b: TestNode;
beforeEach(async () => {
  cluster = await startCluster(2, { nodeTtlMs: NODE_TTL_MS });
  [a, b] = cluster.nodes as [TestNode, TestNode];
});
afterEach(() => cluster.close());

const wentOf = (userId: string) => (change: PresenceChange) => change.went.includes(userId);
const cameOf = (userId: string) => (change: PresenceChange) => change.came.some((user) => user.id === userId);

/** Resolves once Redis no longer counts a socket of the user on the node. */
async function untilNodeDropped(node: TestNode, userId: string): Promise<void> {
  const key = `${cluster.prefix}node:${node.cluster.nodeId}:sockets`;
  await withTimeout(
    (async () => {
      while ((await node.redis.hget(key, userId)) !== null) await new Promise((resolve) => setTimeout(resolve, 20));
    })(),
    'the node still counts the socket',
  );
}

describe('presence across nodes', () => {
  it('counts a person with sockets on two nodes once, and announces it going offline once, after its last socket', async () => {
    const ann = await a.client('Ann');
    const annOnB = await b.connect(ann.session.token);
    const bobPhone = await a.client('Bob');
    const onA = collect(ann, 'presence:changed');
    const onB = collect(annOnB, 'presence:changed');
    const roomId = await roomWith(ann, [bobPhone]);

    const bobTablet = await b.connect(bobPhone.session.token);
    const joined = await call(annOnB, 'room:join', { roomId });
    expect(joined.online.map((user) => user.nickname).sort()).toEqual(['Ann', 'Bob']);
    expect(joined.room.onlineCount).toBe(2);
    const listed = await call(ann, 'room:list', {});
    expect(listed.rooms.find((room) => room.id === roomId)?.onlineCount).toBe(2);

    // The phone on node A goes: Bob is still online on node B. A newcomer's arrival, announced by node A after the
    // phone's departure was counted, shows that node A announced nothing for Bob.
    bobPhone.disconnect();
    await untilNodeDropped(a, bobPhone.session.user.id);
    const carol = await a.client('Carol');
    const carolCame = nextEvent(ann, 'presence:changed', cameOf(carol.session.user.id));
    await call(carol, 'room:join', { roomId });
    await carolCame;
    expect(onA.filter(wentOf(bobPhone.session.user.id))).toEqual([]);

    const bobWentOnA = nextEvent(ann, 'presence:changed', wentOf(bobPhone.session.user.id));
    const bobWentOnB = nextEvent(annOnB, 'presence:changed', wentOf(bobPhone.session.user.id));
    bobTablet.disconnect();
    await Promise.all([bobWentOnA, bobWentOnB]);
    const after = await call(ann, 'room:join', { roomId });
    expect(after.online.map((user) => user.nickname).sort()).toEqual(['Ann', 'Carol']);
    // Bob came once (when he joined: his tablet did not announce him again) and went once, on each Ann socket.
    for (const heard of [onA, onB]) {
      expect(heard.filter(cameOf(bobPhone.session.user.id))).toHaveLength(1);
      expect(heard.filter(wentOf(bobPhone.session.user.id))).toHaveLength(1);
    }
  });

  it('stops counting the users of a node that dies within the TTL, but not those still on another node', async () => {
    const c = await cluster.addNode({ nodeTtlMs: NODE_TTL_MS });
    const ann = await a.client('Ann');
    const bob = await c.client('Bob');
    const carolOnC = await c.client('Carol');
    const roomId = await roomWith(ann, [bob, carolOnC]);
    await b.connect(carolOnC.session.token);
    expect((await call(ann, 'room:join', { roomId })).online).toHaveLength(3);
    const heard = collect(ann, 'presence:changed');

    const bobWent = nextEvent(ann, 'presence:changed', wentOf(bob.session.user.id), 10_000);
    await c.kill();
    await bobWent;
    const joined = await call(ann, 'room:join', { roomId });
    expect(joined.online.map((user) => user.nickname).sort()).toEqual(['Ann', 'Carol']);
    expect(heard.filter(wentOf(carolOnC.session.user.id))).toEqual([]);
    expect(heard.filter(wentOf(bob.session.user.id))).toHaveLength(1);
    expect(await a.redis.smembers(`${cluster.prefix}nodes`)).not.toContain(c.cluster.nodeId);
    expect(await cluster.keys()).not.toContainEqual(expect.stringContaining(c.cluster.nodeId));
  });

  it('takes a node’s users offline at once when it shuts down cleanly', async () => {
    const ann = await a.client('Ann');
    const bob = await b.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const bobWent = nextEvent(ann, 'presence:changed', wentOf(bob.session.user.id));
    await b.close();
    expect((await bobWent).roomId).toBe(roomId);
    expect(await a.redis.smembers(`${cluster.prefix}nodes`)).toEqual([a.cluster.nodeId]);
  });
});
