import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { createMiniProgramTransport } from '@tandem/socket.io-client-mp';
import type {
  Ack,
  ClientToServerEvents,
  RequestEvent,
  RequestInput,
  ResultOf,
  ServerToClientEvents,
} from '@tandem/protocol';
import { startFrontProxy } from './support/front-proxy';
import type { FrontProxy } from './support/front-proxy';
import { request, signIn } from './support/https';
import { connectSocketOverWs } from './support/ws-connect-socket';

/**
 * deploy/nginx/tandem.conf, rendered and run by nginx in front of 2 nodes of the built server (shared PostgreSQL,
 * shared TOKEN_SECRET), driven by Node clients: the redirect, TLS, the forwarded address, sticky long-polling, the
 * mini program's websocket-only transport, and a node dying under a connected client.
 */

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const sockets: ClientSocket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

function connect(proxy: FrontProxy, token: string, options: Partial<ManagerOptions & SocketOptions>) {
  const socket: ClientSocket = io(proxy.url, { auth: { token }, ca: proxy.certificate, forceNew: true, ...options });
  sockets.push(socket);
  return new Promise<ClientSocket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function call<E extends RequestEvent>(socket: ClientSocket, event: E, payload: RequestInput<E>) {
  const emitter = socket.timeout(10_000) as unknown as {
    emitWithAck(event: string, payload: unknown): Promise<Ack<ResultOf<E>>>;
  };
  const ack = await emitter.emitWithAck(event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** The requests nginx logged for one Engine.IO session (its `sid` is in every request after the handshake). */
const requestsOfSession = (proxy: FrontProxy, sid: string) =>
  proxy.requests().filter((entry) => entry.request.includes(`sid=${sid}`));

describe('nginx in front of 2 nodes', () => {
  let proxy: FrontProxy;
  beforeAll(async () => {
    proxy = await startFrontProxy();
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it("redirects plain HTTP to the same path over HTTPS, except Let's Encrypt's challenge", async () => {
    const response = await request(`${proxy.httpUrl}/rooms/abc?invite=x1`);
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('https://127.0.0.1/rooms/abc?invite=x1');
    // Let's Encrypt's HTTP-01 challenge is answered over plain HTTP (here: no such file), not redirected.
    const challenge = await request(`${proxy.httpUrl}/.well-known/acme-challenge/token-1`);
    expect(challenge.status).toBe(404);
  });

  it('serves TLS 1.2 or 1.3 with its certificate, and the nodes see HTTPS through X-Forwarded-Proto', async () => {
    const response = await request(`${proxy.url}/api/config`, { ca: proxy.certificate });
    expect(response.status).toBe(200);
    expect(['TLSv1.2', 'TLSv1.3']).toContain(response.tlsVersion);
    // The server sends HSTS only on requests it trusts to have come over HTTPS (security.ts).
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it("gives the nodes the client's own address, whatever X-Forwarded-For the client sends", async () => {
    const marker = randomUUID();
    const response = await request(`${proxy.url}/api/config?probe=${marker}`, {
      ca: proxy.certificate,
      localAddress: '127.0.0.2',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(response.status).toBe(200);
    const node = proxy.nodes[await proxy.nodeThatAnswered(marker)];
    if (!node) throw new Error('no node answered the request');
    // The node's log reaches this process through a pipe, maybe after the response: wait for the whole line.
    const loggedLines = () => node.log().split('\n').slice(0, -1);
    const deadline = Date.now() + 5000;
    while (!loggedLines().some((line) => line.includes(marker)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const logged = loggedLines()
      .filter((line) => line.includes(marker))
      .map((line) => (JSON.parse(line) as { req?: { remoteAddress?: string } }).req?.remoteAddress);
    expect(logged).toEqual(['127.0.0.2']);
  });

  it('keeps every long-polling request of a session on one node', async () => {
    const session = await signIn(proxy.url, 'Polly', proxy.certificate);
    const socket = await connect(proxy, session.token, { transports: ['polling'] });
    const sid = socket.io.engine.id;
    const disconnects: string[] = [];
    socket.on('disconnect', (reason) => disconnects.push(reason));
    const { room } = await call(socket, 'room:create', { name: 'Polling' });
    // Each send is a POST and its ack ends a GET: about 60 requests of this session through nginx.
    for (let i = 0; i < 30; i++) {
      await call(socket, 'message:send', { roomId: room.id, clientId: `poll-${i}`, text: `poll ${i}` });
    }
    expect(socket.io.engine.transport.name).toBe('polling');
    expect(socket.io.engine.id).toBe(sid);
    expect(disconnects).toEqual([]);
    const logged = requestsOfSession(proxy, sid);
    expect(logged.length).toBeGreaterThanOrEqual(40);
    // Another node would answer 400 "Session ID unknown".
    expect(logged.filter((entry) => entry.status !== 200)).toEqual([]);
    expect(new Set(logged.map((entry) => entry.upstream)).size).toBe(1);
  });

  it('lets the mini program transport (websocket only) in over wss', async () => {
    const session = await signIn(proxy.url, 'Mina', proxy.certificate);
    const opened: string[] = [];
    const transport = createMiniProgramTransport({ connectSocket: connectSocketOverWs(proxy.certificate, opened) });
    const socket = await connect(proxy, session.token, { transports: [transport] });
    const { room } = await call(socket, 'room:create', { name: 'Mini program' });
    const { message } = await call(socket, 'message:send', { roomId: room.id, clientId: 'mp-1', text: 'hello' });
    expect(message.seq).toBe(1);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.startsWith(`${proxy.url.replace('https:', 'wss:')}/socket.io/?EIO=4&transport=websocket`)).toBe(
      true,
    );
  });
});

describe('nginx in front of 2 nodes, when the node a client is on dies', () => {
  let proxy: FrontProxy;
  beforeAll(async () => {
    proxy = await startFrontProxy();
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('reconnects the client through nginx to the other node, which accepts its token and has its messages', async () => {
    const session = await signIn(proxy.url, 'Dora', proxy.certificate);
    const socket = await connect(proxy, session.token, { transports: ['websocket'] });
    const { room } = await call(socket, 'room:create', { name: 'Failover' });
    await call(socket, 'message:send', { roomId: room.id, clientId: 'before', text: 'before' });
    const before = randomUUID();
    await request(`${proxy.url}/api/config?probe=${before}`, { ca: proxy.certificate });
    const first = await proxy.nodeThatAnswered(before);
    expect([0, 1]).toContain(first);

    const reconnected = new Promise<void>((resolve) => socket.io.once('reconnect', () => resolve()));
    await proxy.nodes[first]?.kill();
    await reconnected;

    const { messages } = await call(socket, 'room:join', { roomId: room.id, afterSeq: 0 });
    expect(messages.map((message) => message.text)).toEqual(['before']);
    await call(socket, 'message:send', { roomId: room.id, clientId: 'after', text: 'after' });
    const after = randomUUID();
    await request(`${proxy.url}/api/config?probe=${after}`, { ca: proxy.certificate });
    expect(await proxy.nodeThatAnswered(after)).toBe(1 - first);
  });
});
