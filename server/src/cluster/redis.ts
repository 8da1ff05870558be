import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { Logger } from '../logger';

/** How long a node waits for Redis at start-up before it refuses to start. */
const CONNECT_TIMEOUT_MS = 5000;

/** `url` without its password, to name the server in messages and logs. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.username = '';
    return parsed.toString();
  } catch {
    return 'the Redis server (unparseable URL)';
  }
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message || error.name : String(error));

/**
 * Connects to Redis at `url` and checks that it answers, or fails with a message naming the server (without its
 * password) and the reason, so a node that cannot reach Redis refuses to start. Once connected, ioredis reconnects
 * by itself after a loss (with a growing delay up to 2 s); the loss and the return are logged.
 *
 * `enableOfflineQueue` stays on: what the adapter publishes while Redis is away is sent when it returns instead of
 * being dropped. Rate limiters do not wait for it (they check the connection's status first, see rate-limiters.ts).
 */
export async function openRedis(url: string, logger: Logger, options: RedisOptions = {}): Promise<Redis> {
  const server = describeRedisUrl(url);
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    ...options,
  });
  let connected = false;
  // ioredis rejects `connect()` with a bare "Connection is closed."; the socket's error says why.
  let firstError: Error | undefined;
  redis.on('error', (error: Error) => {
    if (connected) logger.warn({ err: error, redis: server }, 'Redis connection error');
    else firstError ??= error;
  });
  redis.on('ready', () => {
    if (connected) logger.info({ redis: server }, 'Redis connection back');
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${server}: ${reasonOf(firstError ?? error)}`, { cause: error });
  }
  connected = true;
  return redis;
}

/** Deletes every key under `prefix` (a test run's, or a deployment being torn down). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}
