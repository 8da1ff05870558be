import fs from 'node:fs';
import path from 'node:path';
import { createApp } from './app';
import { createTokenService, loadOrCreateSecret } from './auth';
import type { Redis } from 'ioredis';
import { createCluster, describeRedisUrl, openRedis } from './cluster';
import { loadConfig } from './config';
import { fileMediaStorage } from './media';
import type { Config } from './config';
import { createLogger } from './logger';
import type { Logger } from './logger';
import { createMetrics } from './metrics';
import type { Metrics } from './metrics';
import { describeDatabaseUrl, openPostgresStore } from './store/postgres';
import { openSqliteStore } from './store/sqlite';
import type { Store } from './store/types';
import { createWechatClient } from './wechat';

/** Where the media URL key is kept when MEDIA_SECRET is not set. */
const MEDIA_SECRET_FILE = 'media.key';

/** PostgreSQL when DATABASE_URL is set, otherwise SQLite in the data directory; either way migrated and ready. */
async function openStore(config: Config, logger: Logger, metrics: Metrics): Promise<Store> {
  const { databaseUrl, dataDir } = config;
  if (databaseUrl === undefined) {
    return openSqliteStore(path.join(dataDir, 'tandem.db'), {
      onBatch: (role, _calls, ms) => metrics.databaseBatch(role, ms / 1000),
    });
  }
  const database = describeDatabaseUrl(databaseUrl);
  const store = await openPostgresStore(databaseUrl, {
    pool: { max: config.databasePoolMax },
    onBatch: (_calls, ms) => metrics.databaseBatch('append', ms / 1000),
    // The pool drops the connection and opens a new one for the next request.
    onConnectionError: (error) => logger.warn({ err: error, database }, 'PostgreSQL connection lost'),
  });
  logger.info({ database, poolMax: config.databasePoolMax }, 'PostgreSQL store open');
  return store;
}

/**
 * Several nodes: Redis must answer now, or the node refuses to start (openRedis's message says why). The store is
 * closed first so the process exits cleanly.
 */
async function connectRedis(url: string, logger: Logger, store: Store): Promise<Redis> {
  try {
    const redis = await openRedis(url, logger);
    logger.info({ redis: describeRedisUrl(url) }, 'Redis connected: this node shares presence, limits and broadcasts');
    return redis;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Entry point: reads the validated config, opens the store, listens, and shuts down gracefully on a signal. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const metrics = createMetrics();
  const store = await openStore(config, logger, metrics);
  const redis = config.redisUrl === undefined ? undefined : await connectRedis(config.redisUrl, logger, store);
  const cluster = redis && createCluster(redis, { prefix: config.redisKeyPrefix, nodeTtlMs: config.presenceTtlMs });
  const tokens = createTokenService({
    secret: loadOrCreateSecret(config.dataDir, config.tokenSecret),
    ttlMs: config.tokenTtlMs,
  });
  const server = createApp({
    store,
    tokens,
    logger,
    inviteTtlMs: config.inviteTtlMs,
    recallWindowMs: config.recallWindowMs,
    webRoot: config.webRoot,
    limits: config.limits,
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy,
    wechat: config.wechat && createWechatClient(config.wechat, logger),
    metrics,
    metricsToken: config.metricsToken,
    cluster,
    media: {
      ...fileMediaStorage(config.dataDir),
      secret: loadOrCreateSecret(config.dataDir, config.mediaSecret, MEDIA_SECRET_FILE),
      urlTtlMs: config.mediaUrlTtlMs,
    },
  });
  const { url } = await server.listen(config.port, config.host);
  const security = {
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy,
    wechat: !!config.wechat,
    metrics: config.metricsToken !== undefined,
    nodes: cluster ? 'several (Redis)' : 'one',
  };
  logger.info({ url, dataDir: config.dataDir, ...security, limits: config.limits }, `Tandem listening on ${url}`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A stuck connection must not keep the process alive forever.
    setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, 10_000).unref();
    await server.close();
    await redis?.quit();
    await store.close();
    logger.info('shutdown complete');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stop(signal).catch((error: unknown) => {
        logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      });
    });
  }
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad config): print plainly.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
