import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createApp } from '../src/app';
import type { App } from '../src/app';
import { createTokenService } from '../src/auth';
import { createLogger } from '../src/logger';
import { fileMediaStorage } from '../src/media';
import { openPostgresStore } from '../src/store/postgres';
import type { Store } from '../src/store/types';
import { makeTempDir } from './helpers';
import { limitsFor } from './limits';
import { adminQuery, createTestDatabase, terminateConnections } from './postgres';
import type { TestDatabase } from './postgres';

jest.setTimeout(20_000);

let database: TestDatabase;
let store: Store;
let app: App;
let url: string;
let dataDir: string;
beforeEach(async () => {
  dataDir = makeTempDir();
  database = await createTestDatabase();
  store = await openPostgresStore(database.url, { pool: { connectionTimeoutMillis: 2000 } });
  app = createApp({
    store,
    tokens: createTokenService({ secret: randomBytes(32), ttlMs: 60_000 }),
    logger: createLogger('silent'),
    inviteTtlMs: 60_000,
    limits: limitsFor(),
    allowedOrigins: [],
    trustProxy: false,
    media: { ...fileMediaStorage(dataDir), secret: randomBytes(32), urlTtlMs: 60_000 },
  });
  ({ url } = await app.listen(0, '127.0.0.1'));
});
afterEach(async () => {
  await app.close();
  await store.close();
  await database.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const readyStatus = async () => (await fetch(`${url}/readyz`)).status;

describe('readiness on PostgreSQL', () => {
  it('answers 503 while the database is unreachable and 200 again once it is back', async () => {
    expect(await readyStatus()).toBe(200);

    // Gone with every connection: the pool's next connection fails.
    await terminateConnections(database.name);
    await adminQuery(`DROP DATABASE ${database.name} WITH (FORCE)`);
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false, failed: ['database'] });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    await adminQuery(`CREATE DATABASE ${database.name}`);
    expect(await readyStatus()).toBe(200);
  });
});
