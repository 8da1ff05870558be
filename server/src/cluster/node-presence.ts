import type { User } from '@tandem/protocol';
import { roomIdsOf } from '../io';
import type { TypedSocket } from '../io';
import type { Logger } from '../logger';
import type { PresenceRegistry } from '../presence-registry';
import type { RedisPresence } from './presence-registry';

/** Who hears about presence changes this node finds (presence-changes.ts). */
export interface PresenceAnnouncer {
  came(roomIds: Iterable<string>, user: User): void;
  went(roomIds: Iterable<string>, userId: string): void;
}

export interface NodePresenceOptions {
  /** A node whose heartbeat is older than this counts as dead; beats go out three times per TTL. */
  ttlMs: number;
  logger: Logger;
  announcer: PresenceAnnouncer;
  /** This node's live sockets, to register again if other nodes took it for dead. */
  localSockets(): Iterable<TypedSocket>;
}

/**
 * This node's part of presence across nodes: `RedisPresence` plus a heartbeat. Every `ttlMs / 3` the node renews
 * its key and releases the nodes whose key expired, announcing who went offline with them (only users that a dead
 * node alone held: the release is atomic, so one node announces each). A node that finds itself released (it
 * stalled past the TTL, or lost Redis that long) registers its sockets again.
 */
export class NodePresence implements PresenceRegistry {
  private readonly timer: NodeJS.Timeout;
  private beating: Promise<void> | undefined;
  private registered = false;

  constructor(
    private readonly presence: RedisPresence,
    private readonly options: NodePresenceOptions,
  ) {
    this.beat();
    this.timer = setInterval(() => this.beat(), Math.max(1, Math.floor(options.ttlMs / 3)));
    this.timer.unref();
  }

  connect(user: User, roomIds: string[]) {
    return this.presence.connect(user, roomIds);
  }

  disconnect(userId: string) {
    return this.presence.disconnect(userId);
  }

  joined(roomId: string, user: User) {
    return this.presence.joined(roomId, user);
  }

  left(roomId: string, userId: string) {
    return this.presence.left(roomId, userId);
  }

  online(roomId: string) {
    return this.presence.online(roomId);
  }

  onlineCounts(roomIds: string[]) {
    return this.presence.onlineCounts(roomIds);
  }

  /** Stops the heartbeat and releases this node: whoever was online only here goes offline now, not after the TTL. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
    try {
      this.announce(await this.presence.release('self'));
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not release this node in Redis; others will after the TTL');
    }
  }

  /** One beat at a time: a slow Redis must not pile them up. */
  private beat(): void {
    this.beating ??= this.renewAndSweep().finally(() => (this.beating = undefined));
  }

  private async renewAndSweep(): Promise<void> {
    const { logger, ttlMs } = this.options;
    try {
      const unregistered = await this.presence.heartbeat(ttlMs);
      if (unregistered && this.registered) await this.registerAgain();
      this.registered = true;
      this.announce(await this.presence.release('dead'));
    } catch (error) {
      logger.warn({ err: error }, 'presence heartbeat failed');
    }
  }

  private async registerAgain(): Promise<void> {
    this.options.logger.warn(
      { nodeId: this.presence.nodeId },
      'other nodes took this node for dead; registering again',
    );
    for (const socket of this.options.localSockets()) {
      if (!socket.connected) continue;
      const { user } = socket.data;
      const { roomIds, cameOnline } = await this.presence.connect(user, roomIdsOf(socket));
      if (cameOnline) this.options.announcer.came(roomIds, user);
    }
  }

  private announce(departures: { userId: string; roomIds: string[] }[]): void {
    for (const { userId, roomIds } of departures) this.options.announcer.went(roomIds, userId);
  }
}
