import { connectSocket, startServer, waitForConnect } from './helpers';
import type { TestServer } from './helpers';

const ALLOWED = 'https://app.example';
const DISALLOWED = 'https://evil.example';

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startServer({ allowedOrigins: [ALLOWED] });
  token = (await server.signIn('Ann')).token;
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

/** Connects with this Origin header (none when undefined); resolves true if connected, false if refused. */
async function connectsFrom(
  target: TestServer,
  origin: string | undefined,
  transport: 'websocket' | 'polling',
): Promise<boolean> {
  const extraHeaders: Record<string, string> = origin === undefined ? {} : { origin };
  const socket = connectSocket(target.url, token, { transports: [transport], extraHeaders });
  try {
    return await waitForConnect(socket).then(
      () => true,
      () => false,
    );
  } finally {
    socket.disconnect();
  }
}

describe.each(['websocket', 'polling'] as const)('the Socket.IO handshake over %s', (transport) => {
  it('accepts an allowed origin', async () => {
    expect(await connectsFrom(server, ALLOWED, transport)).toBe(true);
  });

  it('accepts the server’s own origin without listing it', async () => {
    expect(await connectsFrom(server, server.url, transport)).toBe(true);
  });

  it('accepts a client that sends no Origin, like the mini program, on its token', async () => {
    expect(await connectsFrom(server, undefined, transport)).toBe(true);
  });

  it('refuses any other origin, and the null origin', async () => {
    expect(await connectsFrom(server, DISALLOWED, transport)).toBe(false);
    expect(await connectsFrom(server, 'null', transport)).toBe(false);
    expect(await connectsFrom(server, `${ALLOWED}.evil.example`, transport)).toBe(false);
  });

  it('accepts every origin when the list is *', async () => {
    const open = await startServer({ allowedOrigins: '*' });
    try {
      const { token: openToken } = await open.signIn('Ann');
      const socket = connectSocket(open.url, openToken, {
        transports: [transport],
        extraHeaders: { origin: DISALLOWED },
      });
      await waitForConnect(socket);
      socket.disconnect();
    } finally {
      await open.close();
    }
  });
});

describe('CORS', () => {
  const pollingHandshake = (origin: string) =>
    fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
  const preflight = (origin: string) =>
    fetch(`${server.url}/api/session`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it('lets an allowed origin read long-polling answers, and refuses others outright', async () => {
    const allowed = await pollingHandshake(ALLOWED);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const refused = await pollingHandshake(DISALLOWED);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets an allowed origin call the HTTP API, and no other', async () => {
    const allowed = await preflight(ALLOWED);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    const refused = await preflight(DISALLOWED);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});
