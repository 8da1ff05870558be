import { appLifecycle } from '../../platform/lifecycle';
import type { AppLifecycle, Unsubscribe } from '../../platform/lifecycle';
import { roomsStore } from '../../stores/rooms';
import type { RoomsState } from '../../stores/rooms';
import type { Link } from '../connection/link';
import { request } from '../connection/request';

/** Reads are sent at most this long after they happen: a burst of arrivals in a room on screen is one mark. */
export const READ_MARK_DELAY_MS = 300;
/** After a failed mark, the room waits this long (or the server's `retryAfterMs`) before it is tried again. */
export const READ_MARK_RETRY_MS = 5000;

export interface ReadSyncOptions {
  delayMs?: number;
  lifecycle?: AppLifecycle;
}

/**
 * Reads done here that the server does not hold yet, one per room: the highest seq read. A room whose server read
 * seq is not known yet (before the first `room:list` or join) waits for it, so nothing is sent that would not move.
 */
export function pendingReads(state: Pick<RoomsState, 'joinedIds' | 'lastReadSeq' | 'serverReadSeq'>) {
  const pending: { roomId: string; seq: number }[] = [];
  for (const roomId of state.joinedIds) {
    const seq = state.lastReadSeq[roomId];
    const onServer = state.serverReadSeq[roomId];
    if (seq !== undefined && onServer !== undefined && seq > onServer) pending.push({ roomId, seq });
  }
  return pending;
}

/**
 * Sends this device's reads to the server (`read:mark`), so they follow the person to its other devices: a read
 * the server does not hold yet leaves within `delayMs` (one mark per room for all that was read meanwhile), and
 * again after a reconnect if it could not. Also tells the rooms store whether the app is in the foreground, since
 * only then does a room on screen count as read. `read:updated` from other devices is applied by server-events.ts.
 */
export class ReadSync {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly inFlight = new Set<string>();
  /** Rooms whose last mark failed, and when they may be tried again (epoch ms). */
  private readonly blockedUntil = new Map<string, number>();
  private readonly unsubscribe: Unsubscribe[];
  private readonly delayMs: number;

  constructor(
    private readonly link: Link,
    options: ReadSyncOptions = {},
  ) {
    this.delayMs = options.delayMs ?? READ_MARK_DELAY_MS;
    const lifecycle = options.lifecycle ?? appLifecycle;
    this.unsubscribe = [
      roomsStore.subscribe((state, previous) => {
        if (state.lastReadSeq !== previous.lastReadSeq || state.serverReadSeq !== previous.serverReadSeq) {
          this.schedule();
        }
      }),
      lifecycle.onShow(() => roomsStore.getState().setForeground(true)),
      lifecycle.onHide(() => roomsStore.getState().setForeground(false)),
    ];
  }

  /** A new connection: reads that could not be sent on the last one go now. */
  connected(): void {
    this.blockedUntil.clear();
    this.schedule();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const stop of this.unsubscribe) stop();
  }

  private schedule(delayMs = this.delayMs): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, delayMs);
  }

  private flush(): void {
    if (!this.link.socket.connected) return;
    const now = Date.now();
    for (const { roomId, seq } of pendingReads(roomsStore.getState())) {
      if (this.inFlight.has(roomId) || (this.blockedUntil.get(roomId) ?? 0) > now) continue;
      void this.mark(roomId, seq);
    }
  }

  private async mark(roomId: string, seq: number): Promise<void> {
    this.inFlight.add(roomId);
    const result = await request(this.link.socket, 'read:mark', { roomId, seq });
    this.inFlight.delete(roomId);
    if (result.ok) {
      this.blockedUntil.delete(roomId);
      roomsStore.getState().readOnServer(roomId, result.data.readSeq);
      return;
    }
    // OFFLINE waits for the next connection. NOT_FOUND and FORBIDDEN: the room sync forgets the room meanwhile.
    if (result.error.code === 'OFFLINE') return;
    const waitMs = result.error.retryAfterMs ?? READ_MARK_RETRY_MS;
    this.blockedUntil.set(roomId, Date.now() + waitMs);
    this.schedule(waitMs);
  }
}
