import { RATE_LIMITED_CONNECT_ERROR } from '@tandem/protocol';
import type { ErrorBody } from '@tandem/protocol';
import { connectSocket, startServer, waitForConnect } from './helpers';
import type { ClientSocket, LimitOptions, TestServer } from './helpers';

let server: TestServer;
async function serverWith(limits: LimitOptions): Promise<TestServer> {
  server = await startServer({ limits });
  return server;
}
afterEach(() => server.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5000) throw new Error('condition not met within 5 s');
    await sleep(10);
  }
}

/** A raw Engine.IO long-polling handshake, the cheapest probe of the door. */
async function pollingHandshake(target: TestServer, headers: Record<string, string> = {}) {
  const response = await fetch(`${target.url}/socket.io/?EIO=4&transport=polling`, { headers });
  const body = await response.text();
  const sid = response.status === 200 ? (JSON.parse(body.slice(1)) as { sid: string }).sid : undefined;
  return { status: response.status, body, sid };
}

/** Closes a long-polling session with an Engine.IO close packet. */
async function closePolling(target: TestServer, sid: string): Promise<void> {
  await fetch(`${target.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '1' });
}

const connects = (socket: ClientSocket) =>
  waitForConnect(socket).then(
    () => 'connected',
    (error: Error) => error.message,
  );

describe('connections per address, at the Engine.IO handshake', () => {
  it('refuses a long-polling handshake over the cap with 403 and a reason, and accepts one when another closes', async () => {
    const server = await serverWith({ maxConnectionsPerIp: 3 });
    const open = await Promise.all([1, 2, 3].map(() => pollingHandshake(server)));
    expect(open.map((handshake) => handshake.status)).toEqual([200, 200, 200]);

    const refused = await pollingHandshake(server);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({ code: 4, message: 'too many connections from this address' });

    await closePolling(server, open[0]?.sid ?? '');
    await waitFor(() => server.app.io.engine.clientsCount === 2);
    expect((await pollingHandshake(server)).status).toBe(200);
  });

  it('refuses a burst of concurrent handshakes beyond the cap exactly', async () => {
    const server = await serverWith({ maxConnectionsPerIp: 5 });
    const burst = await Promise.all(Array.from({ length: 20 }, () => pollingHandshake(server)));
    expect(burst.filter((handshake) => handshake.status === 200)).toHaveLength(5);
    expect(burst.filter((handshake) => handshake.status === 403)).toHaveLength(15);
  });

  it('refuses a Socket.IO client over the cap at its transport, websocket or polling, valid token or not', async () => {
    const server = await serverWith({ maxConnectionsPerIp: 2 });
    const { token } = await server.signIn('Ann');
    await server.connect(token);
    await server.connect(token);
    expect(await connects(connectSocket(server.url, token))).toBe('websocket error');
    expect(await connects(connectSocket(server.url, token, { transports: ['polling'] }))).toBe('xhr poll error');
  });

  it('counts connections refused by authentication only while they are open', async () => {
    const server = await serverWith({ maxConnectionsPerIp: 2 });
    for (let i = 0; i < 5; i++) {
      const socket = connectSocket(server.url, 'bad-token');
      await expect(waitForConnect(socket)).rejects.toThrow('unauthorized');
      socket.disconnect();
      await waitFor(() => server.app.io.engine.clientsCount === 0);
    }
    const { token } = await server.signIn('Ann');
    await expect(server.connect(token)).resolves.toBeDefined();
  });

  it('limits the handshake rate per address and says how long to wait', async () => {
    const server = await serverWith({ rates: { handshake: { points: 3, durationMs: 60_000 } } });
    for (let i = 0; i < 3; i++) expect((await pollingHandshake(server)).status).toBe(200);
    const refused = await pollingHandshake(server);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({
      message: expect.stringMatching(/^too many connection attempts from this address, retry in (59|60) s$/),
    });
  });
});

describe('sockets per user', () => {
  it('refuses a socket over the per-user cap with connect_error rate limited, and accepts one when another closes', async () => {
    const server = await serverWith({ maxSocketsPerUser: 2 });
    const ann = await server.signIn('Ann');
    const bob = await server.signIn('Bob');
    const phone = await server.connect(ann.token);
    await server.connect(ann.token);
    const extra = connectSocket(server.url, ann.token);
    const refusal = await waitForConnect(extra).then(
      () => undefined,
      (error: Error & { data?: ErrorBody }) => error,
    );
    extra.disconnect();
    expect(refusal?.message).toBe(RATE_LIMITED_CONNECT_ERROR);
    expect(refusal?.data).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/for this user/) });
    await expect(server.connect(bob.token)).resolves.toBeDefined();

    phone.disconnect();
    await waitFor(() => server.app.io.engine.clientsCount === 2);
    await expect(server.connect(ann.token)).resolves.toBeDefined();
  });
});

describe('the client address', () => {
  const connectFrom = (target: TestServer, token: string, forwardedFor: string) =>
    connects(connectSocket(target.url, token, { extraHeaders: { 'x-forwarded-for': forwardedFor } }));

  it('is the X-Forwarded-For client only when TRUST_PROXY trusts the peer', async () => {
    await serverWith({ maxConnectionsPerIp: 1 });
    const { token } = await server.signIn('Ann');
    expect(await connectFrom(server, token, '203.0.113.1')).toBe('connected');
    expect(await connectFrom(server, token, '203.0.113.2')).toBe('websocket error');
    await server.close();

    server = await startServer({ limits: { maxConnectionsPerIp: 1 }, trustProxy: ['loopback'] });
    const session = await server.signIn('Ann');
    expect(await connectFrom(server, session.token, '203.0.113.1')).toBe('connected');
    expect(await connectFrom(server, session.token, '203.0.113.2')).toBe('connected');
    expect(await connectFrom(server, session.token, '203.0.113.1')).toBe('websocket error');
  });
});
