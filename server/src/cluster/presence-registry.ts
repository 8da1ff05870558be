import type { Redis } from 'ioredis';
import type { User } from '@tandem/protocol';
import type { PresenceRegistry } from '../presence-registry';
import { KeyedQueue } from '../tasks';
import * as scripts from './presence-scripts';

type Script = (...args: (string | number)[]) => Promise<unknown>;

/** Registers the Lua scripts on the client (EVALSHA, with EVAL when Redis does not know them yet). */
function defineScripts(redis: Redis) {
  const define = (name: string, lua: string): Script => {
    const command = `tandemPresence${name}`;
    if (!(command in redis)) redis.defineCommand(command, { numberOfKeys: 0, lua });
    const commands = redis as unknown as Record<string, Script>;
    return (...args) => commands[command]!.call(redis, ...args);
  };
  return {
    connect: define('Connect', scripts.CONNECT),
    disconnect: define('Disconnect', scripts.DISCONNECT),
    joined: define('Joined', scripts.JOINED),
    left: define('Left', scripts.LEFT),
    online: define('Online', scripts.ONLINE),
    heartbeat: define('Heartbeat', scripts.HEARTBEAT),
    release: define('Release', scripts.RELEASE),
  };
}

export type PresenceScripts = ReturnType<typeof defineScripts>;

/** A user who went offline, with the rooms, as RELEASE returns them. */
export interface Departure {
  userId: string;
  roomIds: string[];
}

/**
 * Presence over every node, in Redis (presence-scripts.ts has the keys). A person with sockets on two nodes counts
 * once, and only the node whose script saw the change (the first socket anywhere, the last one) announces it.
 * One user's calls on this node run in order (a queue per user), as the local `Presence` answers them.
 */
export class RedisPresence implements Omit<PresenceRegistry, 'close'> {
  readonly scripts: PresenceScripts;
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly nodeId: string,
  ) {
    this.scripts = defineScripts(redis);
  }

  connect(user: User, roomIds: string[]) {
    return this.queue.run(user.id, async () => {
      const result = (await this.scripts.connect(
        this.prefix,
        this.nodeId,
        user.id,
        JSON.stringify(user),
        ...roomIds,
      )) as [number, ...string[]];
      const [cameOnline, ...rooms] = result;
      return { roomIds: rooms, cameOnline: cameOnline === 1 };
    });
  }

  disconnect(userId: string) {
    return this.queue.run(
      userId,
      async () => (await this.scripts.disconnect(this.prefix, this.nodeId, userId)) as string[],
    );
  }

  joined(roomId: string, user: User) {
    return this.queue.run(user.id, async () => (await this.scripts.joined(this.prefix, user.id, roomId)) === 1);
  }

  left(roomId: string, userId: string) {
    return this.queue.run(userId, async () => (await this.scripts.left(this.prefix, userId, roomId)) === 1);
  }

  async online(roomId: string): Promise<User[]> {
    const profiles = (await this.scripts.online(this.prefix, roomId)) as string[];
    return profiles.map((profile) => JSON.parse(profile) as User);
  }

  async onlineCounts(roomIds: string[]): Promise<number[]> {
    if (roomIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const roomId of roomIds) pipeline.scard(`${this.prefix}room:${roomId}:online`);
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, count]) => {
      if (error) throw error;
      return count as number;
    });
  }

  /** Renews this node's heartbeat; true when the node was not registered (first beat, or released as dead). */
  async heartbeat(ttlMs: number): Promise<boolean> {
    return (await this.scripts.heartbeat(this.prefix, this.nodeId, ttlMs)) === 1;
  }

  /** Releases the nodes whose heartbeat expired ('dead') or this one ('self'); who went offline because of it. */
  async release(mode: 'dead' | 'self'): Promise<Departure[]> {
    const flat = (await this.scripts.release(this.prefix, this.nodeId, mode)) as string[];
    const departures: Departure[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      departures.push({ userId: flat[i]!, roomIds: JSON.parse(flat[i + 1]!) as string[] });
    }
    return departures;
  }
}
