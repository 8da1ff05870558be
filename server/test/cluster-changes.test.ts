import { startCluster } from './cluster';
import type { TestCluster, TestNode } from './cluster';
import { call, nextEvent, roomWith } from './helpers';

/** Two nodes sharing PostgreSQL and Redis: an edit, recall or delete on node A reaches members on node B. */

let cluster: TestCluster;
let a: TestNode;
let b: TestNode;
beforeAll(async () => {
  cluster = await startCluster(2);
  [a, b] = cluster.nodes as [TestNode, TestNode];
});
afterAll(() => cluster.close());

describe('message changes on several nodes', () => {
  it('tells a member on node B of each change made on node A, and catch-up on B sees them all', async () => {
    const ann = await a.client('Ann');
    const bob = await b.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const { message: first } = await call(ann, 'message:send', { roomId, clientId: 'c1', text: 'one' });
    const { message: second } = await call(bob, 'message:send', { roomId, clientId: 'c2', text: 'two' });

    const edited = nextEvent(bob, 'message:updated');
    await call(ann, 'message:edit', { roomId, messageId: first.id, text: 'one, edited' });
    expect((await edited).message).toMatchObject({ id: first.id, text: 'one, edited', changeSeq: 1 });

    const recalled = nextEvent(bob, 'message:updated');
    await call(ann, 'message:recall', { roomId, messageId: first.id });
    expect((await recalled).message).toMatchObject({ id: first.id, text: '', state: 'recalled', changeSeq: 2 });

    const deleted = nextEvent(bob, 'message:updated');
    await call(ann, 'message:delete', { roomId, messageId: second.id });
    expect((await deleted).message).toMatchObject({ id: second.id, state: 'deleted', changeSeq: 3 });

    const changes = await call(bob, 'message:changes', { roomId, afterChangeSeq: 0 });
    expect(changes.messages.map((m) => [m.id, m.changeSeq])).toEqual([
      [first.id, 2],
      [second.id, 3],
    ]);
    expect(changes.changeSeq).toBe(3);
  });
});
