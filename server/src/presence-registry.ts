import type { User } from '@tandem/protocol';
import { Presence } from './presence';

/**
 * Who is online, per room, as the handlers ask it: one node's `Presence` (local), or every node's through Redis
 * (cluster/presence-registry.ts). Methods keep `Presence`'s meaning: each reports whether a room's set of online
 * members changed, so callers announce only real changes (presence-changes.ts). Calls for one user resolve in the
 * order they were made.
 */
export interface PresenceRegistry {
  /** A socket of `user` connected; see `Presence.connect`. */
  connect(user: User, roomIds: string[]): Promise<{ roomIds: string[]; cameOnline: boolean }>;
  /** A socket of the user disconnected; on the user's last one anywhere, the rooms it went offline in. */
  disconnect(userId: string): Promise<string[]>;
  joined(roomId: string, user: User): Promise<boolean>;
  left(roomId: string, userId: string): Promise<boolean>;
  online(roomId: string): Promise<User[]>;
  /** Online members of each room, in the order given. */
  onlineCounts(roomIds: string[]): Promise<number[]>;
  /** Stops timers and gives up this node's share (cluster); called once the node's sockets are gone. */
  close(): Promise<void>;
}

/** One node on its own: `Presence` in memory, every answer immediate. */
export class LocalPresence implements PresenceRegistry {
  private readonly presence = new Presence();

  connect(user: User, roomIds: string[]) {
    return Promise.resolve(this.presence.connect(user, roomIds));
  }

  disconnect(userId: string) {
    return Promise.resolve(this.presence.disconnect(userId));
  }

  joined(roomId: string, user: User) {
    return Promise.resolve(this.presence.joined(roomId, user));
  }

  left(roomId: string, userId: string) {
    return Promise.resolve(this.presence.left(roomId, userId));
  }

  online(roomId: string) {
    return Promise.resolve(this.presence.online(roomId));
  }

  onlineCounts(roomIds: string[]) {
    return Promise.resolve(roomIds.map((roomId) => this.presence.onlineCount(roomId)));
  }

  close() {
    return Promise.resolve();
  }
}
