import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';

/**
 * The Socket.IO adapter across nodes: `@socket.io/redis-streams-adapter`. Broadcasts, `socketsJoin`,
 * `socketsLeave` and `disconnectSockets` go through one Redis stream that every node reads from its last offset, so
 * a short Redis outage delays them instead of dropping them (the pub/sub adapter loses whatever is published while
 * Redis is away). What it can still drop: a burst longer than `maxLen` between two reads of a slow node, and entries
 * added in the instant an idle read times out. Clients fill gaps by seq, so no message rests on it (docs/scale-out.md).
 */
export interface ClusterAdapter {
  adapter: NonNullable<Partial<ServerOptions>['adapter']>;
  /** Resolves once this node reads the stream and hears the pub/sub channel, so nothing sent after is missed. */
  ready(): Promise<void>;
  /** Closes the adapter's own connections at once (its reader would otherwise wait out its blocking read). */
  close(): void;
}

export interface ClusterAdapterOptions {
  /** Every key and channel name starts with it. */
  prefix: string;
  /** Entries the stream keeps (approximately); a node that falls further behind misses the oldest. */
  maxLen?: number;
  /** How long one blocking read waits; also how long closing a node can wait for it without `close()`. */
  blockMs?: number;
}

const READY_POLL_MS = 20;
const READY_TIMEOUT_MS = 5000;

export function createClusterAdapter(redis: Redis, nodeId: string, options: ClusterAdapterOptions): ClusterAdapter {
  const connectionName = `${options.prefix}adapter:${nodeId}`.replace(/[^\x21-\x7e]/g, '_');
  // The adapter duplicates this client for its stream reader and its subscriber: they inherit the name, which
  // `ready()` looks for, and are kept here so `close()` can end them.
  // A reader closed in its blocking read would otherwise hold the process for ioredis's 2 s disconnect timeout.
  const publisher = redis.duplicate({ connectionName, disconnectTimeout: 100 });
  const duplicates = [publisher];
  const duplicate = publisher.duplicate.bind(publisher);
  publisher.duplicate = (override) => {
    const client = duplicate(override);
    duplicates.push(client);
    return client;
  };
  const adapter = createAdapter(publisher, {
    streamName: `${options.prefix}socket.io`,
    channelPrefix: `${options.prefix}socket.io`,
    maxLen: options.maxLen ?? 10_000,
    blockTimeInMs: options.blockMs ?? 5000,
    // Every payload of the protocol is JSON.
    onlyPlaintext: true,
  });

  /** Some hosted Redis services refuse CLIENT LIST; there the node starts without this check. */
  async function clientList(): Promise<string | undefined> {
    try {
      return (await redis.client('LIST')) as string;
    } catch {
      return undefined;
    }
  }

  async function ready(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const clients = await clientList();
      if (clients === undefined) return;
      const commands = clients
        .split('\n')
        .filter((line) => line.includes(` name=${connectionName} `))
        .map((line) => /\bcmd=(\S+)/.exec(line)?.[1]);
      if (commands.includes('xread') && commands.includes('subscribe')) return;
      if (Date.now() > deadline) throw new Error('the Socket.IO adapter did not start reading from Redis');
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
  }

  return {
    adapter,
    ready,
    close() {
      for (const client of duplicates) client.disconnect();
    },
  };
}
