import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createTestDatabase } from './postgres';
import { startServer } from './server';
import type { RunningServer } from './server';

/**
 * Several server nodes sharing one PostgreSQL database and one Redis, as a multi-node deployment runs: a fresh
 * database and a fresh Redis key prefix per run, both removed by `dispose`. The services are the ones CI and every
 * machine of this project run (PostgreSQL on 127.0.0.1:5432 with trust auth, Redis on 127.0.0.1:6379); a run fails,
 * never skips, when one is unreachable. `TEST_DATABASE_URL` (see postgres.ts) and `TEST_REDIS_URL` point at others.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Cluster {
  nodes: (RunningServer | null)[];
  /** The environment every node of this cluster starts with. */
  env: Record<string, string>;
  /** Starts one more node (or restarts one) with the cluster's environment. */
  startNode(extraEnv?: Record<string, string>): Promise<RunningServer>;
  dispose(): Promise<void>;
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface ClusterOptions {
  /** More environment for every node. */
  env?: Record<string, string>;
  /** Served by every node at `/` (the H5 build); none by default. */
  webRoot?: string;
}

/** Creates the cluster's database and starts `size` nodes on it. */
export async function startCluster(size: number, options: ClusterOptions = {}): Promise<Cluster> {
  const prefix = `tandem-test-${randomBytes(6).toString('hex')}:`;
  const database = await createTestDatabase();
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    // Every node must accept the tokens of every other.
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    ...options.env,
  };
  const cluster: Cluster = {
    nodes: [],
    env,
    async startNode(more = {}) {
      const node = await startServer({ webRoot: options.webRoot, env: { ...env, ...more } });
      cluster.nodes.push(node);
      return node;
    },
    async dispose() {
      await Promise.all(cluster.nodes.map((node) => node?.stop() ?? Promise.resolve()));
      await deleteKeys(prefix);
      await database.drop();
    },
  };
  try {
    // One at a time: the first runs the migrations, the others find them done.
    for (let i = 0; i < size; i++) await cluster.startNode();
  } catch (error) {
    await cluster.dispose();
    throw error;
  }
  return cluster;
}
