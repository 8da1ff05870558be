import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { TypedServer } from '../io';
import type { Logger } from '../logger';
import type { PresenceRegistry } from '../presence-registry';
import type { LimiterFactory } from '../rate-limits';
import { createClusterAdapter } from './adapter';
import type { ClusterAdapter } from './adapter';
import { NodePresence } from './node-presence';
import type { PresenceAnnouncer } from './node-presence';
import { RedisPresence } from './presence-registry';
import { redisLimiters } from './rate-limiters';

/** What a node shares with the others through Redis when `REDIS_URL` is set; `createApp` takes it as `cluster`. */
export interface Cluster {
  nodeId: string;
  adapter: ClusterAdapter;
  limiterFactory: LimiterFactory;
  /** This node's presence registry, announcing what it finds (dead nodes' users) through `announcer`. */
  createPresence(deps: { io: TypedServer; announcer: PresenceAnnouncer; logger: Logger }): PresenceRegistry;
  /** Resolves when Redis answers (readiness). */
  ping(): Promise<void>;
}

export interface ClusterOptions {
  /** Every key and channel starts with it; one per deployment sharing a Redis (a test run uses its own). */
  prefix?: string;
  /** A node that has not renewed its presence for this long counts as gone; 30 s by default. */
  nodeTtlMs?: number;
  /** The adapter's blocking read (see adapter.ts). */
  adapterBlockMs?: number;
}

export const DEFAULT_PREFIX = 'tandem:';
export const DEFAULT_NODE_TTL_MS = 30_000;

/** The cluster of this node over `redis` (connected: see openRedis). The caller closes `redis` after the app. */
export function createCluster(redis: Redis, options: ClusterOptions = {}): Cluster {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const nodeId = randomUUID();
  return {
    nodeId,
    adapter: createClusterAdapter(redis, nodeId, { prefix, blockMs: options.adapterBlockMs }),
    limiterFactory: redisLimiters(redis, prefix),
    createPresence: ({ io, announcer, logger }) =>
      new NodePresence(new RedisPresence(redis, prefix, nodeId), {
        ttlMs: options.nodeTtlMs ?? DEFAULT_NODE_TTL_MS,
        logger,
        announcer,
        localSockets: () => io.of('/').sockets.values(),
      }),
    ping: async () => {
      await redis.ping();
    },
  };
}
