import type { ReadReceipts } from '@tandem/protocol';
import { startCluster } from './cluster';
import type { TestCluster, TestNode } from './cluster';
import { call, collect, nextEvent, roomWith, settle } from './helpers';

/**
 * Read receipts on two nodes sharing PostgreSQL and Redis: a move marked on one node reaches the room's sockets on the
 * other, and each node throttles its own buffer, so a member hears at most one event a second from each node.
 */

let cluster: TestCluster;
let a: TestNode;
let b: TestNode;
beforeAll(async () => {
  cluster = await startCluster(2);
  [a, b] = cluster.nodes as [TestNode, TestNode];
});
afterAll(() => cluster.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('read receipts across nodes', () => {
  it('pushes a mark made on node B to a member on node A, and answers positions on either node', async () => {
    const ann = await a.client('Ann');
    const bob = await b.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    await call(ann, 'message:send', { roomId, clientId: 'c1', text: 'hello' });
    const heard = nextEvent(ann, 'read:receipts');
    await call(bob, 'read:mark', { roomId, seq: 1 });
    expect(await heard).toEqual({ roomId, reads: [{ userId: bob.session.user.id, readSeq: 1 }] });
    const { reads } = await call(ann, 'read:receipts', { roomId });
    expect(reads).toContainEqual({ userId: bob.session.user.id, readSeq: 1 });
  });

  it('sends a member at most one event a second per node while members on both nodes mark in bursts', async () => {
    const ann = await a.client('Ann');
    const [bob, carol] = [await a.client('Bob'), await b.client('Carol')];
    const dave = await b.client('Dave');
    const roomId = await roomWith(ann, [bob, carol]);
    for (let i = 1; i <= 10; i += 1) await call(ann, 'message:send', { roomId, clientId: `m${i}`, text: `${i}` });
    const onAnn = collect(ann, 'read:receipts');
    const onDave = collect(dave, 'read:receipts');
    const started = Date.now();
    await Promise.all(
      [bob, carol].map(async (socket) => {
        for (let seq = 1; seq <= 10; seq += 1) await call(socket, 'read:mark', { roomId, seq });
      }),
    );
    await sleep(1300);
    await settle(ann, dave);
    const seconds = Math.ceil((Date.now() - started) / 1000);
    // Two nodes, each at most one event at once and one per second after: the documented bound.
    expect(onAnn.length).toBeLessThanOrEqual(2 * (seconds + 1));
    const last: Record<string, number> = {};
    for (const { reads } of onAnn as ReadReceipts[]) for (const read of reads) last[read.userId] = read.readSeq;
    expect(last).toEqual({ [bob.session.user.id]: 10, [carol.session.user.id]: 10 });
    expect(onDave).toEqual([]);
  });
});
