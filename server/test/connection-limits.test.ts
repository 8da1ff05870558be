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

describe('connections per address', () => {
  async function expectRateLimitedConnect(socket: ClientSocket): Promise<ErrorBody> {
    try {
      const error = await waitForConnect(socket).then(
        () => undefined,
        (refusal: Error & { data?: ErrorBody }) => refusal,
      );
      expect(error?.message).toBe(RATE_LIMITED_CONNECT_ERROR);
      return error?.data as ErrorBody;
    } finally {
      socket.disconnect();
    }
  }

  it('refuses a connection over the cap with a connect_error, and accepts one again when another closes', async () => {
    const server = await serverWith({ maxConnectionsPerIp: 3 });
    const { token } = await server.signIn('Ann');
    const open = await Promise.all([1, 2, 3].map(() => server.connect(token)));
    const data = await expectRateLimitedConnect(connectSocket(server.url, token));
    expect(data).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/too many connections/) });
    const polling = connectSocket(server.url, token, { transports: ['polling'] });
    await expectRateLimitedConnect(polling);

    open[0]?.disconnect();
    await waitFor(() => server.app.io.engine.clientsCount === 2);
    const again = await server.connect(token);
    expect(again.connected).toBe(true);
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

  it('limits the handshake rate and says how long to wait', async () => {
    const server = await serverWith({ rates: { handshake: { points: 3, durationMs: 60_000 } } });
    const { token } = await server.signIn('Ann');
    for (let i = 0; i < 3; i++) (await server.connect(token)).disconnect();
    const data = await expectRateLimitedConnect(connectSocket(server.url, token));
    expect(data).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
    expect(data.retryAfterMs).toBeGreaterThan(50_000);
  });
});

describe('the client address', () => {
  const connectFrom = (target: TestServer, token: string, forwardedFor: string) =>
    waitForConnect(connectSocket(target.url, token, { extraHeaders: { 'x-forwarded-for': forwardedFor } })).then(
      () => 'connected',
      (error: Error) => error.message,
    );

  it('is the X-Forwarded-For client only when TRUST_PROXY trusts the peer', async () => {
    await serverWith({ maxConnectionsPerIp: 1 });
    const { token } = await server.signIn('Ann');
    expect(await connectFrom(server, token, '203.0.113.1')).toBe('connected');
    expect(await connectFrom(server, token, '203.0.113.2')).toBe(RATE_LIMITED_CONNECT_ERROR);
    await server.close();

    server = await startServer({ limits: { maxConnectionsPerIp: 1 }, trustProxy: ['loopback'] });
    const session = await server.signIn('Ann');
    expect(await connectFrom(server, session.token, '203.0.113.1')).toBe('connected');
    expect(await connectFrom(server, session.token, '203.0.113.2')).toBe('connected');
    expect(await connectFrom(server, session.token, '203.0.113.1')).toBe(RATE_LIMITED_CONNECT_ERROR);
  });
});
