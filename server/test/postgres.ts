import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Throwaway PostgreSQL databases for tests: each one is created on the service CI and every machine of this project
 * run (127.0.0.1:5432, trust auth, database `test` for administration) and dropped afterwards. Tests that need one
 * fail, never skip, when the service is unreachable. `TEST_DATABASE_URL` points them at another server.
 */

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const adminUrl = () => ADMIN_URL;

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Runs one statement on the administration database. */
export async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL is unreachable at ${ADMIN_URL} (${reason}); these tests need it. Start it with ` +
        '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set TEST_DATABASE_URL.',
      { cause: error },
    );
  }
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tandem_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined),
  };
}

/**
 * Ends the connections to the database (those of one application name if given) but the caller's: what a database
 * restart or failover does to a node.
 */
export async function terminateConnections(name: string, applicationName?: string): Promise<number> {
  const ofApplication = applicationName === undefined ? '' : ` AND application_name = '${applicationName}'`;
  const { rowCount } = await adminQuery(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
     WHERE datname = '${name}' AND pid <> pg_backend_pid()${ofApplication}`,
  );
  return rowCount ?? 0;
}

/** Resolves once `check` returns true, polling; the test's own timeout bounds it. */
export async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * Another session takes the room's row lock, as a writer on another node does, so the store's next batch for that
 * room waits inside PostgreSQL: in flight. Resolves once it holds the lock; `release` rolls back and disconnects.
 */
export async function holdRoomRow(url: string, roomId: string): Promise<{ release(): Promise<void> }> {
  const holder = new pg.Client({ connectionString: url });
  // Ended by terminateConnections in some tests: an unheard error event would end the test process.
  holder.on('error', () => undefined);
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE', [roomId]);
  return {
    release: async () => {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    },
  };
}

/** Resolves once `count` connections of the store (application name `tandem`) wait for a lock. */
export function untilWaitingForLock(name: string, count = 1): Promise<void> {
  const waiting = `SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = '${name}' AND application_name = 'tandem' AND wait_event_type = 'Lock'`;
  return until(async () => (await adminQuery(waiting)).rows[0]?.n === count);
}

/**
 * Resolves once no connection of the store (application name `tandem`) is left on the database, then lets the event
 * loop finish its current poll phase. A terminated backend sends its client the termination before it leaves
 * pg_stat_activity, so by then an in-process pool has heard of every connection it lost.
 */
export async function untilConnectionsGone(name: string): Promise<void> {
  const remaining = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = '${name}' AND application_name = 'tandem'`;
  await until(async () => (await adminQuery(remaining)).rows[0]?.n === 0);
  await new Promise((resolve) => setImmediate(resolve));
}
