import { createStore, useStore } from 'zustand';
import type { ReadPosition } from '@tandem/protocol';

/** userId -> the highest seq that member has read, for one room. */
export type ReadMap = Record<string, number>;

/**
 * Read receipts: every member's read position per room, loaded once (`read:receipts` request) and then moved forward
 * by the `read:receipts` fact and by each message a member sends (a sender has read its own message). Live state from
 * the server: never persisted, and dropped on a new connection (facts may have been missed meanwhile).
 */
export interface ReceiptsState {
  rooms: Record<string, ReadMap>;
  /** The whole list: members it does not name are gone; a position never moves back. */
  loaded(roomId: string, reads: readonly ReadPosition[]): void;
  /** Positions that moved; ignored for a room not loaded (its load brings them all). */
  moved(roomId: string, reads: readonly ReadPosition[]): void;
  removeRoom(roomId: string): void;
  reset(): void;
}

const forward = (held: number | undefined, readSeq: number) => Math.max(held ?? 0, readSeq);

export function createReceiptsStore() {
  return createStore<ReceiptsState>()((set) => ({
    rooms: {},
    loaded: (roomId, reads) =>
      set((state) => {
        const held = state.rooms[roomId] ?? {};
        const room: ReadMap = {};
        for (const { userId, readSeq } of reads) room[userId] = forward(held[userId], readSeq);
        return { rooms: { ...state.rooms, [roomId]: room } };
      }),
    moved: (roomId, reads) =>
      set((state) => {
        const held = state.rooms[roomId];
        if (!held || reads.every(({ userId, readSeq }) => (held[userId] ?? 0) >= readSeq)) return {};
        const room = { ...held };
        for (const { userId, readSeq } of reads) room[userId] = forward(room[userId], readSeq);
        return { rooms: { ...state.rooms, [roomId]: room } };
      }),
    removeRoom: (roomId) =>
      set((state) => {
        const rooms = { ...state.rooms };
        delete rooms[roomId];
        return { rooms };
      }),
    reset: () => set({ rooms: {} }),
  }));
}

export const receiptsStore = createReceiptsStore();

export function useReceipts<T>(selector: (state: ReceiptsState) => T): T {
  return useStore(receiptsStore, selector);
}

/** The members other than the sender who have read the message at `seq`. */
export function readersOf(reads: ReadMap, seq: number, senderId: string): string[] {
  return Object.keys(reads).filter((userId) => userId !== senderId && (reads[userId] ?? 0) >= seq);
}

/** In a direct conversation: whether the other person has read the sender's message at `seq`. */
export function readByOther(reads: ReadMap, seq: number, senderId: string): boolean {
  return readersOf(reads, seq, senderId).length > 0;
}
