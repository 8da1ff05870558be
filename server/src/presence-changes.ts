import type { PresenceChange, User } from '@tandem/protocol';
import { roomKey } from './io';
import type { TypedServer } from './io';

/**
 * How long changes are collected before they are sent: a reconnect storm (a server restart, a network blip on a
 * campus) becomes one `presence:changed` per room instead of one per user.
 */
export const PRESENCE_BATCH_MS = 50;

/**
 * Who came online and went offline per room since the last `take()`. A user's last change wins and is always sent,
 * even when it undoes an earlier one in the same batch: a socket that joined the room in between got the earlier state
 * in its ack, and only the last change corrects it. Everyone else applies it as a no-op.
 */
export class PresenceBatch {
  private readonly rooms = new Map<string, { came: Map<string, User>; went: Set<string> }>();

  came(roomId: string, user: User): void {
    const changes = this.changesOf(roomId);
    changes.went.delete(user.id);
    changes.came.set(user.id, user);
  }

  went(roomId: string, userId: string): void {
    const changes = this.changesOf(roomId);
    changes.came.delete(userId);
    changes.went.add(userId);
  }

  /** The rooms with a net change, and forgets them. */
  take(): PresenceChange[] {
    const taken: PresenceChange[] = [];
    for (const [roomId, { came, went }] of this.rooms) {
      if (came.size > 0 || went.size > 0) taken.push({ roomId, came: [...came.values()], went: [...went] });
    }
    this.rooms.clear();
    return taken;
  }

  private changesOf(roomId: string) {
    let changes = this.rooms.get(roomId);
    if (!changes) this.rooms.set(roomId, (changes = { came: new Map(), went: new Set() }));
    return changes;
  }
}

/**
 * Sends presence as changes: the full online list goes once, in the `room:join` ack; after that each room's
 * sockets get `presence:changed` with only who came and went, batched over `PRESENCE_BATCH_MS`. A socket that gets a
 * change it already knows from its ack (its own arrival) applies it as a no-op: clients keep a set.
 */
export class PresenceChanges {
  private readonly batch = new PresenceBatch();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly io: TypedServer,
    private readonly batchMs = PRESENCE_BATCH_MS,
  ) {}

  came(roomIds: Iterable<string>, user: User): void {
    for (const roomId of roomIds) this.batch.came(roomId, user);
    this.schedule();
  }

  went(roomIds: Iterable<string>, userId: string): void {
    for (const roomId of roomIds) this.batch.went(roomId, userId);
    this.schedule();
  }

  /** Sends what is pending now; `close()` calls it so nothing is left behind a timer. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const change of this.batch.take()) this.io.to(roomKey(change.roomId)).emit('presence:changed', change);
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }
}
