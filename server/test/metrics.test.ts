import { call, emitRaw, errorCode, roomWith, startServer } from './helpers';
import type { TestServer } from './helpers';
import { bearer, post } from './http-helpers';

jest.setTimeout(20_000);

const TOKEN = 'test-metrics-token-0123456789abcdef';

let server: TestServer;
afterEach(async () => {
  await server.close();
});

const scrape = (headers: Record<string, string> = bearer(TOKEN)) => fetch(`${server.url}/metrics`, { headers });

/** The value of one series (`name{labels}` exactly as prom-client writes it) in a scrape; undefined if absent. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('counts connected sockets, stored messages, ack latency, store time and rejected requests by code', async () => {
    server = await startServer({ metricsToken: TOKEN });
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    for (let i = 0; i < 5; i++) await call(ann, 'message:send', { roomId, clientId: `m${i}`, text: `hello ${i}` });
    // A resend of a stored message stores nothing; a bad payload and a bad sign-in are rejected.
    await call(ann, 'message:send', { roomId, clientId: 'm0', text: 'hello 0' });
    expect(errorCode(await emitRaw(ann, 'message:send', { roomId, text: 42 }))).toBe('INVALID_PAYLOAD');
    expect((await post(`${server.url}/api/session`, { nickname: '' })).status).toBe(400);

    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(valueOf(text, 'tandem_sockets_connected')).toBe(2);
    expect(valueOf(text, 'tandem_messages_stored_total')).toBe(5);
    expect(valueOf(text, 'tandem_request_duration_seconds_count{event="message:send"}')).toBe(7);
    expect(valueOf(text, 'tandem_request_duration_seconds_count{event="room:join"}')).toBe(1);
    expect(valueOf(text, 'tandem_requests_rejected_total{transport="socket",code="INVALID_PAYLOAD"}')).toBe(1);
    expect(valueOf(text, 'tandem_requests_rejected_total{transport="http",code="INVALID_PAYLOAD"}')).toBe(1);
    expect(valueOf(text, 'tandem_store_call_duration_seconds_count{operation="appendMessage"}')).toBe(6);
    expect(valueOf(text, 'tandem_store_call_duration_seconds_count{operation="createUser"}')).toBe(2);
    // prom-client's default process metrics.
    expect(valueOf(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('answers 401 without the bearer token or with a wrong one', async () => {
    server = await startServer({ metricsToken: TOKEN });
    for (const headers of [{}, bearer(`${TOKEN}x`), bearer('wrong'), { authorization: `Basic ${TOKEN}` }]) {
      const response = await scrape(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.text()).not.toContain('tandem_');
    }
  });

  it('is not exposed when METRICS_TOKEN is unset', async () => {
    server = await startServer();
    const response = await scrape();
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'not found' } });
  });
});
