import pg from 'pg';

/** Bounds of the connection pool; every node holds at most `max` connections. */
export interface PoolOptions {
  max?: number;
  /** How long a request waits for a free connection (or a new one to open) before it fails. */
  connectionTimeoutMillis?: number;
  /** How long the server lets one statement run; a batch of appends is one statement. */
  statementTimeoutMillis?: number;
  /** How long the client waits for an answer (covers a database that stopped answering without closing). */
  queryTimeoutMillis?: number;
  idleTimeoutMillis?: number;
}

export const POOL_DEFAULTS: Required<PoolOptions> = {
  max: 10,
  connectionTimeoutMillis: 5000,
  statementTimeoutMillis: 10_000,
  queryTimeoutMillis: 15_000,
  idleTimeoutMillis: 30_000,
};

const INT8_OID = 20;

/** bigint columns (times, seqs) as numbers: every value this schema stores is far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A pool over `url`. A connection the database drops (restart, failover, `pg_terminate_backend`) fails the request
 * running on it and leaves the pool; the next request opens a new one. Errors on connections that no request is
 * using are reported to `onError` instead of crashing the process (pg emits them as `error` events).
 */
export function createPool(url: string, options: PoolOptions, onError: (error: Error) => void): pg.Pool {
  const bounds = { ...POOL_DEFAULTS, ...options };
  const pool = new pg.Pool({
    connectionString: url,
    max: bounds.max,
    connectionTimeoutMillis: bounds.connectionTimeoutMillis,
    statement_timeout: bounds.statementTimeoutMillis,
    query_timeout: bounds.queryTimeoutMillis,
    idleTimeoutMillis: bounds.idleTimeoutMillis,
    keepAlive: true,
    application_name: 'tandem',
    types,
  });
  // Every connection reports its own errors, idle or checked out (between two queries a checked-out one has no
  // listener of the pool's, and an unheard `error` event would end the process).
  pool.on('connect', (client) => client.on('error', onError));
  // The pool repeats an idle connection's error, already reported above; it must be listened to all the same.
  pool.on('error', () => undefined);
  return pool;
}
