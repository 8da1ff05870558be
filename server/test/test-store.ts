import path from 'node:path';
import { openPostgresStore } from '../src/store/postgres';
import { openSqliteStore } from '../src/store/sqlite';
import type { Store } from '../src/store/types';
import { createTestDatabase } from './postgres';

/**
 * The backend the integration tests run on: SQLite in the server's data directory by default, a fresh PostgreSQL
 * database (dropped by `dispose`) with `TEST_STORE=postgres`. The server's test script runs the suite both ways.
 */
export const TEST_STORE = process.env.TEST_STORE ?? 'sqlite';
if (TEST_STORE !== 'sqlite' && TEST_STORE !== 'postgres') {
  throw new Error(`TEST_STORE must be sqlite or postgres, not ${TEST_STORE}`);
}

export async function openTestStore(dataDir: string): Promise<{ store: Store; dispose(): Promise<void> }> {
  if (TEST_STORE === 'sqlite') {
    return { store: await openSqliteStore(path.join(dataDir, 'tandem.db')), dispose: () => Promise.resolve() };
  }
  const database = await createTestDatabase();
  try {
    return { store: await openPostgresStore(database.url), dispose: () => database.drop() };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** Where a test writes its figures: `name.json` under bench-output/, `name-postgres.json` on PostgreSQL. */
export const figuresFile = (name: string) =>
  path.resolve(__dirname, '..', 'bench-output', TEST_STORE === 'postgres' ? `${name}-postgres.json` : `${name}.json`);
