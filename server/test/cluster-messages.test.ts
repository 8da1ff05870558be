import type { Message } from '@tandem/protocol';
import { startCluster } from './cluster';
import type { TestCluster, TestNode } from './cluster';
import { call, collect, nextEvent, roomWith, withTimeout } from './helpers';
import type { ClientSocket } from './helpers';

/** Two nodes sharing PostgreSQL and Redis: what one node's sockets do reaches the other node's. */

let cluster: TestCluster;
let a: TestNode;
let b: TestNode;
beforeAll(async () => {
  cluster = await startCluster(2);
  [a, b] = cluster.nodes as [TestNode, TestNode];
});
afterAll(() => cluster.close());

/** Resolves with the first `count` messages the socket receives in the room. */
function firstMessages(socket: ClientSocket, roomId: string, count: number): Promise<Message[]> {
  const received: Message[] = [];
  return withTimeout(
    new Promise((resolve) => {
      socket.on('message:created', (message) => {
        if (message.roomId !== roomId) return;
        received.push(message);
        if (received.length === count) resolve(received);
      });
    }),
    `fewer than ${count} messages arrived`,
    15_000,
  );
}

describe('several nodes', () => {
  it('delivers what a member sends on node A to a member on node B, every message in seq order', async () => {
    const ann = await a.client('Ann');
    const bob = await b.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const arrived = firstMessages(bob, roomId, 60);
    // Ten in flight at a time, as a client with an outbox sends.
    for (let batch = 0; batch < 6; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call(ann, 'message:send', { roomId, clientId: `c${batch * 10 + i}`, text: `m${batch * 10 + i}` }),
        ),
      );
    }
    const messages = await arrived;
    expect(messages.map((message) => message.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(new Set(messages.map((message) => message.text)).size).toBe(60);
    const history = await call(bob, 'message:history', { roomId, limit: 100 });
    expect(history.messages.map((message) => message.id)).toEqual(messages.map((message) => message.id));
  });

  it('relays typing to members and to the typist’s other devices on the other node', async () => {
    const ann = await a.client('Ann');
    const annTablet = await b.connect(ann.session.token);
    const bob = await b.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const annHeard = collect(ann, 'typing:updated');
    const bobHeard = nextEvent(bob, 'typing:updated');
    const tabletHeard = nextEvent(annTablet, 'typing:updated');
    expect(await call(ann, 'typing:update', { roomId, typing: true })).toEqual({});
    const expected = { roomId, user: ann.session.user, typing: true };
    expect(await bobHeard).toEqual(expected);
    expect(await tabletHeard).toEqual(expected);
    expect(annHeard).toEqual([]);
  });

  it('subscribes the user’s sockets on every node when it joins by invite, and unsubscribes them when it leaves', async () => {
    const ann = await a.client('Ann');
    const bobPhone = await a.client('Bob');
    const bobTablet = await b.connect(bobPhone.session.token);
    const secret = await roomWith(ann, [], 'private');
    const both = await roomWith(ann, [bobPhone]);
    const { code } = await call(ann, 'room:invite', { roomId: secret });

    // Joined on node A: the tablet on node B hears the room from then on.
    const tabletJoined = nextEvent(bobTablet, 'member:joined', (event) => event.roomId === secret);
    await call(bobPhone, 'room:join', { roomId: secret, inviteCode: code });
    expect((await tabletJoined).user).toEqual(bobPhone.session.user);
    const heard = nextEvent(bobTablet, 'message:created', (message) => message.roomId === secret);
    await call(ann, 'message:send', { roomId: secret, clientId: 'after-join', text: 'welcome' });
    expect((await heard).text).toBe('welcome');

    // Left on node A: the tablet stops hearing the room. The later message in a room it is still in arrives after
    // anything the left room could have sent it: both travel through the same stream, in order.
    const tabletHeard = collect(bobTablet, 'message:created');
    await call(bobPhone, 'room:leave', { roomId: secret });
    await call(ann, 'message:send', { roomId: secret, clientId: 'after-leave', text: 'gone' });
    const marker = nextEvent(bobTablet, 'message:created', (message) => message.roomId === both);
    await call(ann, 'message:send', { roomId: both, clientId: 'marker', text: 'marker' });
    await marker;
    expect(tabletHeard.map((message) => message.text)).toEqual(['marker']);
  });
});
