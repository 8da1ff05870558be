import { receiptsStore } from '../../stores/receipts';
import { roomsStore } from '../../stores/rooms';
import type { Unsubscribe } from '../../platform/lifecycle';
import type { Link } from '../connection/link';
import { request } from '../connection/request';

/**
 * Loads the read positions (`read:receipts`) of the room on screen once it is joined, on each connection: the
 * `read:receipts` facts and arrivals keep them after that (server-events.ts). Rooms not opened cost nothing, so a
 * reconnect storm adds one request per client, not one per room.
 */
export class ReceiptSync {
  private readonly inFlight = new Set<string>();
  private readonly unsubscribe: Unsubscribe;

  constructor(private readonly link: Link) {
    this.unsubscribe = roomsStore.subscribe((state, previous) => {
      if (state.activeRoomId !== previous.activeRoomId || state.joinedIds !== previous.joinedIds) this.loadActive();
    });
  }

  /** A new connection: facts may have been missed while offline, so positions are loaded afresh. */
  connected(): void {
    receiptsStore.getState().reset();
    this.inFlight.clear();
    this.loadActive();
  }

  dispose(): void {
    this.unsubscribe();
  }

  private loadActive(): void {
    const { activeRoomId, joinedIds } = roomsStore.getState();
    if (!activeRoomId || !joinedIds.includes(activeRoomId) || !this.link.socket.connected) return;
    if (receiptsStore.getState().rooms[activeRoomId] || this.inFlight.has(activeRoomId)) return;
    void this.load(activeRoomId);
  }

  private async load(roomId: string): Promise<void> {
    this.inFlight.add(roomId);
    const generation = this.link.generation();
    const result = await request(this.link.socket, 'read:receipts', { roomId });
    this.inFlight.delete(roomId);
    // An answer from an earlier connection may miss facts sent before this one subscribed: the connect loads again.
    if (generation !== this.link.generation()) return;
    if (result.ok) receiptsStore.getState().loaded(roomId, result.data.reads);
    else if (result.error.code !== 'OFFLINE') console.error(`[receipts] room ${roomId}: ${result.error.code}`);
  }
}
