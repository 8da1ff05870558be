import type { Ack, ErrorBody } from '@tandem/protocol';
import { call, collect, errorCode, request, roomWith, settle, startServer } from './helpers';
import type { ClientSocket, LimitOptions, TestServer } from './helpers';
import { post } from './http-helpers';

const servers: TestServer[] = [];
async function serverWith(limits: LimitOptions): Promise<TestServer> {
  const server = await startServer({ limits });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rateLimitedError(ack: Ack<unknown>): ErrorBody {
  if (ack.ok || ack.error.code !== 'RATE_LIMITED') throw new Error(`expected RATE_LIMITED, got ${JSON.stringify(ack)}`);
  return ack.error;
}

const send = (socket: ClientSocket, roomId: string, clientId: string) =>
  request(socket, 'message:send', { roomId, clientId, text: clientId });

describe('message:send', () => {
  it('allows a burst of 20, then answers RATE_LIMITED with retryAfterMs and stores nothing, then recovers', async () => {
    const server = await serverWith({ rates: { messageSend: { points: 20, durationMs: 1000 } } });
    const ann = await server.client('Ann');
    const roomId = await roomWith(ann);
    const acks = await Promise.all(Array.from({ length: 30 }, (_, i) => send(ann, roomId, `m${i}`)));
    expect(acks.slice(0, 20).map(errorCode)).toEqual(Array(20).fill('ok'));
    for (const ack of acks.slice(20)) {
      const error = rateLimitedError(ack);
      expect(error.retryAfterMs).toBeGreaterThan(0);
      expect(error.retryAfterMs).toBeLessThanOrEqual(1000);
    }
    const { messages } = await server.store.listMessages(roomId, { limit: 100 });
    expect(messages.map((message) => message.clientId)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));

    const last = acks.at(-1) as Ack<unknown>;
    await sleep(rateLimitedError(last).retryAfterMs ?? 1000);
    expect(errorCode(await send(ann, roomId, 'after-the-wait'))).toBe('ok');
  });

  it('counts per user, so one user at its limit does not limit another', async () => {
    const server = await serverWith({ rates: { messageSend: { points: 3, durationMs: 60_000 } } });
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    for (let i = 0; i < 4; i++) await send(ann, roomId, `a${i}`);
    expect(errorCode(await send(ann, roomId, 'a-again'))).toBe('RATE_LIMITED');
    expect(errorCode(await send(bob, roomId, 'b0'))).toBe('ok');
  });
});

describe('room:create and room:invite', () => {
  it('limit room creation per user and create nothing over the limit', async () => {
    const server = await serverWith({ rates: { roomCreate: { points: 5, durationMs: 60_000 } } });
    const ann = await server.client('Ann');
    const acks = await Promise.all(Array.from({ length: 7 }, (_, i) => request(ann, 'room:create', { name: `r${i}` })));
    expect(acks.map(errorCode)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(rateLimitedError(acks[6] as Ack<unknown>).retryAfterMs).toBeGreaterThan(50_000);
    const { rooms } = await call(ann, 'room:list', {});
    expect(rooms).toHaveLength(5);
  });

  it('limit invite codes per user', async () => {
    const server = await serverWith({ rates: { roomInvite: { points: 2, durationMs: 60_000 } } });
    const ann = await server.client('Ann');
    const { room } = await call(ann, 'room:create', { name: 'private', visibility: 'private' });
    const acks = await Promise.all([1, 2, 3].map(() => request(ann, 'room:invite', { roomId: room.id })));
    expect(acks.map(errorCode)).toEqual(['ok', 'ok', 'RATE_LIMITED']);
  });
});

describe('typing:update', () => {
  it('drops updates over the limit silently: acked ok, relayed to no one', async () => {
    const server = await serverWith({ rates: { typing: { points: 2, durationMs: 60_000 } } });
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const heard = collect(bob, 'typing:updated');
    const acks = await Promise.all([1, 2, 3, 4].map(() => request(ann, 'typing:update', { roomId, typing: true })));
    expect(acks).toEqual(Array(4).fill({ ok: true, data: {} }));
    await settle(ann, bob);
    expect(heard).toHaveLength(2);
  });
});

describe('other requests', () => {
  it('share one per-user limit', async () => {
    const server = await serverWith({ rates: { request: { points: 3, durationMs: 60_000 } } });
    const ann = await server.client('Ann');
    const acks = [
      await request(ann, 'room:list', {}),
      await request(ann, 'message:history', { roomId: 'x' }),
      await request(ann, 'room:leave', { roomId: 'x' }),
      await request(ann, 'room:join', { roomId: 'x' }),
    ];
    expect(acks.map(errorCode)).toEqual(['ok', 'NOT_FOUND', 'NOT_FOUND', 'RATE_LIMITED']);
  });
});

describe('sign-ins per address', () => {
  it('answer 429 RATE_LIMITED with Retry-After over the limit, on every session route', async () => {
    const server = await serverWith({ rates: { signIn: { points: 3, durationMs: 60_000 } } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(`${server.url}/api/session`, { nickname: `n${i}` })).status);
    expect(statuses).toEqual([200, 200, 200]);
    for (const route of ['/api/session', '/api/session/wechat', '/api/session/refresh']) {
      const response = await post(`${server.url}${route}`, { nickname: 'late', code: 'c' });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(50);
      const body = (await response.json()) as { error: ErrorBody };
      expect(body.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
    }
    expect((await fetch(`${server.url}/api/config`)).status).toBe(200);
  });

  it('count X-Forwarded-For addresses only when TRUST_PROXY trusts the peer', async () => {
    const limits = { rates: { signIn: { points: 1, durationMs: 60_000 } } };
    const statusesFrom = async (server: TestServer) => {
      const statuses = [];
      for (const address of ['203.0.113.1', '203.0.113.2']) {
        const headers = { 'x-forwarded-for': address };
        statuses.push((await post(`${server.url}/api/session`, { nickname: 'n' }, headers)).status);
      }
      return statuses;
    };
    const direct = await serverWith(limits);
    expect(await statusesFrom(direct)).toEqual([200, 429]);
    const proxied = await startServer({ limits, trustProxy: ['loopback'] });
    servers.push(proxied);
    expect(await statusesFrom(proxied)).toEqual([200, 200]);
  });
});

describe('sign-ins per account', () => {
  it('hold one nickname, case aside, while other people behind the same address still sign in', async () => {
    const server = await serverWith({ rates: { signInAccount: { points: 2, durationMs: 60_000 } } });
    const statuses = [];
    for (const nickname of ['Ann', 'ann', 'ANN', 'Bob']) {
      statuses.push((await post(`${server.url}/api/session`, { nickname })).status);
    }
    expect(statuses).toEqual([200, 200, 429, 200]);
  });

  it('hold one user refreshing its token, while another user refreshes', async () => {
    const server = await serverWith({ rates: { signInAccount: { points: 2, durationMs: 60_000 } } });
    const ann = await server.signIn('Ann');
    const bob = await server.signIn('Bob');
    const refresh = (token: string) =>
      post(`${server.url}/api/session/refresh`, undefined, { authorization: `Bearer ${token}` });
    expect((await refresh(ann.token)).status).toBe(200);
    expect((await refresh(ann.token)).status).toBe(200);
    const limited = await refresh(ann.token);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { message: 'too many sign-ins for this account' } });
    expect((await refresh(bob.token)).status).toBe(200);
  });
});
