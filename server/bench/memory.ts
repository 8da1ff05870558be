/**
 * Phase 3, memory per connection: the server's resident memory after a forced GC, before and after opening
 * `connections` sockets that are authenticated and joined to one room. Users are signed in (and the room created)
 * before the first reading, so only the connections are counted.
 */
import { closeAll, connect, connectCrowd, request, signIn, signInCrowd } from './clients';
import type { BenchSocket } from './clients';
import type { RunningServer } from './servers';
import { sleep } from './stats';

export interface MemoryOptions {
  connections: number;
  socketsPerUser: number;
}

export interface MemoryResult {
  kbPerConnection: number;
  rssBeforeMb: number;
  rssAfterMb: number;
}

/** Lets handshakes and joins finish their work (and the sockets' buffers settle) before the second reading. */
const SETTLE_MS = 1000;

export async function measureMemory(server: RunningServer, options: MemoryOptions): Promise<MemoryResult> {
  const session = await signIn(server.url, 'room owner');
  const owner = await connect(server.url, session.token);
  let sockets: BenchSocket[] = [];
  try {
    const { room } = await request(owner, 'room:create', { name: 'memory' });
    const sessions = await signInCrowd(server.url, options.connections, options.socketsPerUser);
    const before = await server.usage({ gc: true });
    sockets = await connectCrowd(server.urls, room.id, sessions, options.socketsPerUser);
    await sleep(SETTLE_MS);
    const after = await server.usage({ gc: true });
    return {
      kbPerConnection: (after.rss - before.rss) / 1024 / sockets.length,
      rssBeforeMb: before.rss / 1024 / 1024,
      rssAfterMb: after.rss / 1024 / 1024,
    };
  } finally {
    closeAll(sockets);
    owner.close();
  }
}
