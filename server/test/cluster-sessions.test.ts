import type { SessionEnded } from '@tandem/protocol';
import { startCluster } from './cluster';
import type { TestCluster, TestNode } from './cluster';
import { call, errorCode, request, withTimeout } from './helpers';
import type { ClientSocket } from './helpers';
import { bearer, post } from './http-helpers';

/** What ends sessions and what limits requests holds on every node, wherever the request came in. */

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

/** Everything the socket heard until it was disconnected, and why it was. */
function untilDisconnect(socket: ClientSocket): Promise<{ heard: SessionEnded[]; reason: string }> {
  const heard: SessionEnded[] = [];
  socket.on('session:ended', (event) => heard.push(event));
  const done = new Promise<{ heard: SessionEnded[]; reason: string }>((resolve) => {
    socket.once('disconnect', (reason) => resolve({ heard, reason }));
  });
  return withTimeout(done, 'socket was not disconnected', 10_000);
}

describe('several nodes', () => {
  it('disconnects the user’s sockets on every node when it signs out everywhere on one', async () => {
    cluster = await startCluster(2);
    const [a, b] = cluster.nodes as [TestNode, TestNode];
    const ann = await a.client('Ann');
    const annTablet = await b.connect(ann.session.token);
    const bob = await b.client('Bob');
    const phoneEnded = untilDisconnect(ann);
    const tabletEnded = untilDisconnect(annTablet);

    const response = await post(`${a.url}/api/session/signout-all`, undefined, bearer(ann.session.token));
    expect(response.status).toBe(200);
    const expected = { heard: [{ reason: 'signed_out' }], reason: 'io server disconnect' };
    expect(await phoneEnded).toEqual(expected);
    expect(await tabletEnded).toEqual(expected);
    await expect(b.connect(ann.session.token)).rejects.toThrow();
    expect(bob.connected).toBe(true);
  });

  it('shares a rate limit: requests spread over two nodes meet one window', async () => {
    cluster = await startCluster(2, { limits: { rates: { messageSend: { points: 3, durationMs: 60_000 } } } });
    const [a, b] = cluster.nodes as [TestNode, TestNode];
    const ann = await a.client('Ann');
    const annTablet = await b.connect(ann.session.token);
    const { room } = await call(ann, 'room:create', { name: 'limits', visibility: 'public' });
    const send = (socket: ClientSocket, clientId: string) =>
      request(socket, 'message:send', { roomId: room.id, clientId, text: clientId });

    expect(errorCode(await send(ann, 'a1'))).toBe('ok');
    expect(errorCode(await send(annTablet, 'b1'))).toBe('ok');
    expect(errorCode(await send(ann, 'a2'))).toBe('ok');
    // Each node alone has counted at most two: only the shared window refuses the fourth, on either node.
    expect(errorCode(await send(annTablet, 'b2'))).toBe('RATE_LIMITED');
    expect(errorCode(await send(ann, 'a3'))).toBe('RATE_LIMITED');
    expect(await cluster.keys()).toContainEqual(expect.stringContaining('rate:messageSend'));
  });
});
