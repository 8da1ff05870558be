import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { SessionResponse } from '@tandem/protocol';
import { createApp } from '../src/app';
import { fileMediaStorage } from '../src/media';
import type { App } from '../src/app';
import { createTokenService } from '../src/auth';
import { createCluster, deleteKeys, openRedis } from '../src/cluster';
import type { Cluster } from '../src/cluster';
import { createLogger } from '../src/logger';
import { openPostgresStore } from '../src/store/postgres';
import type { Store } from '../src/store/types';
import { connectSocket, makeTempDir, signIn, waitForConnect } from './helpers';
import type { ClientOptions, ClientSocket, LimitOptions } from './helpers';
import { limitsFor } from './limits';
import { createTestDatabase } from './postgres';
import type { TestDatabase } from './postgres';

/**
 * Several in-process nodes (createApp on port 0) sharing one fresh PostgreSQL database and one Redis under a
 * per-run key prefix, as a multi-node deployment shares them; everything is removed by `close()`. Redis is the
 * service at 127.0.0.1:6379 (`TEST_REDIS_URL` points elsewhere); a test fails, never skips, when it is missing.
 */

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ClusterNodeOptions {
  limits?: LimitOptions;
  /** How long a silent node keeps counting; short here so no test waits 30 s. */
  nodeTtlMs?: number;
}

export interface TestNode {
  url: string;
  app: App;
  store: Store;
  redis: Redis;
  cluster: Cluster;
  /** Resolves once connected, rejects with the `connect_error`. */
  connect(token: string, options?: ClientOptions): Promise<ClientSocket>;
  /** Signs in a new user (through this node) and connects one socket for it here. */
  client(nickname: string, options?: ClientOptions): Promise<ClientSocket & { session: SessionResponse }>;
  /**
   * A node that dies: its Redis connection drops first, so it neither renews its heartbeat nor releases its share of
   * presence, then its sockets and HTTP server close. Only the other nodes' sweep can take its users off.
   */
  kill(): Promise<void>;
  /** A clean shutdown, as on SIGTERM. */
  close(): Promise<void>;
}

export interface TestCluster {
  nodes: TestNode[];
  prefix: string;
  /** One more node in the same cluster. */
  addNode(options?: ClusterNodeOptions): Promise<TestNode>;
  /** Keys under the run's prefix. */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

export async function startCluster(count: number, options: ClusterNodeOptions = {}): Promise<TestCluster> {
  const database: TestDatabase = await createTestDatabase();
  const prefix = `tandem-test:${randomBytes(6).toString('hex')}:`;
  const admin = await openRedis(REDIS_URL, createLogger('silent'));
  const secret = randomBytes(32);
  const dataDir = makeTempDir();
  const nodes: TestNode[] = [];

  async function addNode(nodeOptions: ClusterNodeOptions = options): Promise<TestNode> {
    const logger = createLogger('silent');
    const store = await openPostgresStore(database.url, { pool: { max: 4 } });
    // A killed node's connection is ended twice; the second end must not hold the test process for 2 s.
    const redis = await openRedis(REDIS_URL, logger, { disconnectTimeout: 100 });
    const cluster = createCluster(redis, { prefix, nodeTtlMs: nodeOptions.nodeTtlMs, adapterBlockMs: 1000 });
    const app = createApp({
      store,
      tokens: createTokenService({ secret, ttlMs: 60 * 60 * 1000 }),
      logger,
      inviteTtlMs: 60 * 60 * 1000,
      webRoot: path.join(dataDir, 'no-web-app'),
      limits: limitsFor(nodeOptions.limits),
      allowedOrigins: [],
      trustProxy: false,
      cluster,
      // Every node on one data directory: a shared volume, as a deployment of several nodes needs.
      media: { ...fileMediaStorage(dataDir), secret, urlTtlMs: 10 * 60 * 1000 },
    });
    const { url } = await app.listen(0, '127.0.0.1');
    const sockets = new Set<ClientSocket>();
    let closed: Promise<void> | undefined;
    const shutDown = async () => {
      for (const socket of sockets) socket.disconnect();
      await app.close();
      redis.disconnect();
      await store.close();
    };
    const node: TestNode = {
      url,
      app,
      store,
      redis,
      cluster,
      async connect(token, clientOptions) {
        const socket = connectSocket(url, token, clientOptions);
        sockets.add(socket);
        await waitForConnect(socket);
        return socket;
      },
      async client(nickname, clientOptions) {
        const session = await signIn(url, nickname);
        return Object.assign(await node.connect(session.token, clientOptions), { session });
      },
      kill() {
        closed ??= (async () => {
          redis.disconnect();
          await shutDown();
        })();
        return closed;
      },
      close() {
        closed ??= shutDown();
        return closed;
      },
    };
    nodes.push(node);
    return node;
  }

  try {
    for (let i = 0; i < count; i++) await addNode();
  } catch (error) {
    await Promise.allSettled(nodes.map((node) => node.close()));
    await database.drop();
    admin.disconnect();
    throw error;
  }
  return {
    nodes,
    prefix,
    addNode,
    keys: () => admin.keys(`${prefix}*`),
    async close() {
      await Promise.allSettled(nodes.map((node) => node.close()));
      try {
        await deleteKeys(admin, prefix);
      } finally {
        admin.disconnect();
        await database.drop();
      }
    },
  };
}
