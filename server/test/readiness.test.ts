import { startServer } from './helpers';
import type { TestServer } from './helpers';

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const get = (path: string) => fetch(`${server.url}${path}`);

describe('liveness and readiness', () => {
  it('answers /readyz 200 while the database answers', async () => {
    const response = await get('/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('answers /readyz 503 naming the database once the store no longer answers, while /healthz stays 200', async () => {
    await server.store.close();
    const ready = await get('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ok: false, failed: ['database'] });
    const live = await get('/healthz');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ ok: true });
  });
});
