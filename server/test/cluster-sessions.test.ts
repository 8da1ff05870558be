import * as v from 'valibot';
import {
  ACCOUNTS_PATH,
  CreateTicketResponseSchema,
  PASSWORD_SESSION_PATH,
  SESSIONS_PATH,
  SIGN_IN_TICKETS_PATH,
  SIGN_IN_TICKET_WAIT_PATH,
  WaitTicketResponseSchema,
  signInTicketPath,
  SessionListResponseSchema,
  SessionResponseSchema,
  sessionSignOutPath,
} from '@tandem/protocol';
import type { SessionEnded, SessionResponse } from '@tandem/protocol';
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

/** Two sessions of one account: signed up on one node, signed in with the password on the other. */
async function twoSessions(first: TestNode, second: TestNode): Promise<[SessionResponse, SessionResponse]> {
  const credentials = { username: `ann_${Date.now()}`, password: 'correct horse battery' };
  const answers = [
    await post(`${first.url}${ACCOUNTS_PATH}`, credentials),
    await post(`${second.url}${PASSWORD_SESSION_PATH}`, credentials),
  ];
  const [a, b] = await Promise.all(answers.map(async (answer) => v.parse(SessionResponseSchema, await answer.json())));
  return [a as SessionResponse, b as SessionResponse];
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

  it('signs one session out on every node: its socket on the other node drops, the user’s other session stays', async () => {
    cluster = await startCluster(2);
    const [a, b] = cluster.nodes as [TestNode, TestNode];
    const [laptop, phone] = await twoSessions(a, b);
    const laptopOnB = await b.connect(laptop.token);
    const phoneOnB = await b.connect(phone.token);
    const laptopEnded = untilDisconnect(laptopOnB);

    const listed = await fetch(`${a.url}${SESSIONS_PATH}`, { headers: bearer(phone.token) });
    const { sessions } = v.parse(SessionListResponseSchema, await listed.json());
    const other = sessions.find((session) => !session.current);
    if (!other) throw new Error('the laptop session is not listed');
    const response = await post(`${a.url}${sessionSignOutPath(other.id)}`, undefined, bearer(phone.token));
    expect(response.status).toBe(200);
    expect(await laptopEnded).toEqual({ heard: [{ reason: 'signed_out' }], reason: 'io server disconnect' });
    await expect(b.connect(laptop.token)).rejects.toThrow();
    expect(phoneOnB.connected).toBe(true);
  });

  it('pushes a sign-in ticket confirmed on one node to the browser waiting on the other at once', async () => {
    cluster = await startCluster(2);
    const [a, b] = cluster.nodes as [TestNode, TestNode];
    const [, phone] = await twoSessions(a, b);
    const created = await post(`${b.url}${SIGN_IN_TICKETS_PATH}`, {});
    const ticket = v.parse(CreateTicketResponseSchema, await created.json());
    const waiting = post(`${b.url}${SIGN_IN_TICKET_WAIT_PATH}`, { ...ticket, known: 'pending' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const confirmedAt = performance.now();
    const confirmed = await post(
      `${a.url}${signInTicketPath(ticket.ticket, 'confirm')}`,
      undefined,
      bearer(phone.token),
    );
    expect(confirmed.status).toBe(200);
    const answer = v.parse(WaitTicketResponseSchema, await (await waiting).json());
    // Well under the long-poll's own recheck: the other node was told, not polled.
    expect(performance.now() - confirmedAt).toBeLessThan(1_000);
    expect(answer).toMatchObject({ state: 'confirmed', session: { user: { id: phone.user.id } } });
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
