import { PROFILE_PATH } from '@tandem/protocol';
import { startCluster } from './cluster';
import type { TestCluster, TestNode } from './cluster';
import { call, nextEvent, roomWith } from './helpers';
import { bearer, post } from './http-helpers';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

describe('several nodes', () => {
  it('a display name changed through one node names the user’s next messages from a socket on another', async () => {
    cluster = await startCluster(2);
    const [a, b] = cluster.nodes as [TestNode, TestNode];
    const ann = await b.client('ann');
    const bob = await a.client('bob');
    const roomId = await roomWith(ann, [bob]);

    const heard = nextEvent(bob, 'user:updated');
    // Ann's own socket, on the other node, hears it after that node heard the inter-server event (one stream).
    const annHeard = nextEvent(ann, 'user:updated');
    const renamed = await post(`${a.url}${PROFILE_PATH}`, { nickname: 'Ann Lee' }, bearer(ann.session.token));
    expect(renamed.status).toBe(200);
    expect((await heard).user.nickname).toBe('Ann Lee');
    expect((await annHeard).user.nickname).toBe('Ann Lee');

    const created = nextEvent(bob, 'message:created');
    await call(ann, 'message:send', { roomId, clientId: 'c', text: 'hello' });
    expect((await created).sender).toEqual({ id: ann.session.user.id, nickname: 'Ann Lee' });
  });
});
