import type { ReadPosition } from '@tandem/protocol';
import { roomKey } from './io';
import type { TypedServer } from './io';

/** The least time between two `read:receipts` of one room sent by this node. */
export const RECEIPT_INTERVAL_MS = 1000;

interface RoomBuffer {
  /** The positions that moved since the last send, the highest per user. */
  reads: Map<string, number>;
  timer: NodeJS.Timeout;
}

/**
 * Read receipts as aggregated changes: the positions that moved in a room are collected per room and sent to the
 * room (every node, through the adapter) at most once per `RECEIPT_INTERVAL_MS`. The first move in a quiet room goes
 * out on the next turn of the event loop; after a send the room cools down for the interval, collecting what moves
 * meanwhile, and a cool-down that collected nothing forgets the room. So a member gets at most one event per room per
 * interval from each node that handles marks of that room, whatever the room's size or how often its members read.
 */
export class ReadReceipts {
  private readonly rooms = new Map<string, RoomBuffer>();

  constructor(
    private readonly io: TypedServer,
    private readonly intervalMs = RECEIPT_INTERVAL_MS,
  ) {}

  moved(roomId: string, userId: string, readSeq: number): void {
    let room = this.rooms.get(roomId);
    if (!room) {
      room = { reads: new Map(), timer: setTimeout(() => this.send(roomId), 0) };
      this.rooms.set(roomId, room);
    }
    if (readSeq > (room.reads.get(userId) ?? -1)) room.reads.set(userId, readSeq);
  }

  /** Sends what is pending now and forgets every room; `close()` of the app calls it. */
  flush(): void {
    for (const [roomId, room] of this.rooms) {
      clearTimeout(room.timer);
      this.emit(roomId, room.reads);
    }
    this.rooms.clear();
  }

  private send(roomId: string): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    if (room.reads.size === 0) {
      this.rooms.delete(roomId);
      return;
    }
    this.emit(roomId, room.reads);
    room.reads = new Map();
    room.timer = setTimeout(() => this.send(roomId), this.intervalMs);
  }

  private emit(roomId: string, moved: Map<string, number>): void {
    if (moved.size === 0) return;
    const reads: ReadPosition[] = [...moved].map(([userId, readSeq]) => ({ userId, readSeq }));
    this.io.to(roomKey(roomId)).emit('read:receipts', { roomId, reads });
  }
}
