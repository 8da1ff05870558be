import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Store } from '../types';
import { AppendBatcher } from './group-commit';
import type { BatchItem, BatchObserver, Outcome } from './group-commit';
import { migrate } from './migrations';
import { createPool } from './pool';
import type { PoolOptions } from './pool';
import { messageQueries } from './messages';
import { messageChangeQueries } from './message-changes';
import { readQueries } from './reads';
import { searchQueries } from './search';
import { roomQueries } from './rooms';
import { directRoomQueries } from './direct-rooms';
import { safetyQueries } from './safety';
import { sessionQueries } from './sessions';
import { signInLinkQueries } from './signin-links';
import { userQueries } from './users';
import { profileQueries } from './profile';
import { mediaQueries } from './media';
import type { Database } from './schema';
import { TextCodecPlugin } from './text-codec';

export interface PostgresStoreOptions {
  pool?: PoolOptions;
  /** Errors of connections no request was using (the database restarted, a network cut); logged, never fatal. */
  onConnectionError?: (error: Error) => void;
  /** Sees every batch of appends (metrics, tests). */
  onBatch?: BatchObserver;
}

/** `url` without its password, to name the database in messages and logs. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL database (unparseable URL)';
  }
}

/** An error's message; a connection refused on every address of a name (`localhost`) comes as an AggregateError. */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') return error.errors.map(reasonOf).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}

/**
 * Opens the PostgreSQL database at `url`: checks that it answers, migrates it to the latest schema, and returns the
 * store over a bounded pool. Fails with a message naming the database (without its password) and the reason when
 * it cannot be reached or migrated, so a node that cannot reach its database refuses to start.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const pool = createPool(url, options.pool ?? {}, options.onConnectionError ?? (() => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new TextCodecPlugin()] });
  try {
    await sql`SELECT 1`.execute(db);
  } catch (error) {
    await db.destroy();
    const reason = reasonOf(error);
    throw new Error(`cannot reach PostgreSQL at ${describeDatabaseUrl(url)}: ${reason}`, { cause: error });
  }
  try {
    await migrate(db.withoutPlugins());
  } catch (error) {
    await db.destroy();
    throw error;
  }

  // The batch travels as one jsonb parameter, its strings escaped by the batcher (text-codec.ts).
  const raw = db.withoutPlugins();
  const runBatch = async (items: BatchItem[]): Promise<Outcome[]> => {
    const batch = JSON.stringify(items);
    const { rows } = await sql<{ outcomes: Outcome[] }>`SELECT append_messages(${batch}::jsonb) AS outcomes`.execute(
      raw,
    );
    return rows[0]?.outcomes ?? [];
  };
  const appends = new AppendBatcher(runBatch, options.onBatch);
  let closed = false;
  const rooms = roomQueries(db);
  return {
    ...userQueries(db),
    ...profileQueries(db),
    ...rooms,
    ...directRoomQueries(db, rooms.findRoom),
    ...safetyQueries(db, rooms.findRoom),
    ...readQueries(db),
    ...sessionQueries(db),
    ...signInLinkQueries(db),
    ...messageQueries(db),
    ...searchQueries(db),
    ...messageChangeQueries(db),
    ...mediaQueries(db),
    ping: async () => {
      await sql`SELECT 1`.execute(db);
    },
    appendMessage: (message) => (closed ? Promise.reject(new Error('the store is closed')) : appends.append(message)),
    close: async () => {
      if (closed) return;
      closed = true;
      await appends.drain();
      await db.destroy();
    },
  };
}
