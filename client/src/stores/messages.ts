import { createStore, useStore } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Message } from '@tandem/protocol';
import { applyMessageChanges } from './message-changes';
import { emptyRoom, findGap, keepAround, keepNewest, mergeServerMessages, putLocalMessage } from './message-merge';
import type { ChatMessage, RoomMessages, SeqGap, SendStatus } from './message-merge';
import { createRoomSplitStorage } from './message-storage';
import type { PersistedMessages } from './message-storage';
import { storageKeys } from './persist';
import type { PlatformStorage } from '../platform/storage';

export type { ChatMessage, RoomMessages, SendStatus, SeqGap } from './message-merge';

export interface MessagesState {
  rooms: Record<string, RoomMessages>;
  /**
   * Per room, the change seq up to which every edit, recall and delete is applied to the held messages: catch-up
   * asks for the changes after it (`message:changes`).
   */
  changeSeqs: Record<string, number>;
  /** Applies later versions of held stored messages (edits, recalls, deletes), each only if newer than the held one. */
  changed(roomId: string, messages: readonly Message[]): void;
  /** Every change up to `changeSeq` is applied in the room; never moves back. */
  changesAppliedTo(roomId: string, changeSeq: number): void;
  /** Rooms with a history page on the way (not persisted). */
  loadingOlder: Record<string, boolean>;
  /** Rooms with a page of newer messages on the way (not persisted). */
  loadingNewer: Record<string, boolean>;
  /** Merges stored messages (live, synced or history) and returns the first seq gap left, if any. */
  received(roomId: string, messages: readonly Message[]): SeqGap | null;
  /** Shows a message composed on this device (pending) or changes its status. */
  putLocal(message: ChatMessage): void;
  setStatus(roomId: string, key: string, status: SendStatus, error?: string): void;
  /** Drops a room's stored messages and keeps `messages` (when catching up would take too many pages). */
  replaceStored(roomId: string, messages: readonly Message[]): void;
  setLoadingOlder(roomId: string, loading: boolean): void;
  setLoadingNewer(roomId: string, loading: boolean): void;
  /**
   * Bounds a room in memory: drops its oldest stored messages past the newest `keep` once it holds more than
   * `MAX_HELD_PER_ROOM` (older ones come back a page at a time from the server when scrolled to).
   */
  trimOlder(roomId: string, keep?: number): void;
  /**
   * Bounds a room read far from its newest messages: once it holds more than `MAX_HELD_PER_ROOM`, keeps `keep`
   * stored messages around `firstKey`..`lastKey` (what is on screen). Dropping newer ones marks it `hasNewer`.
   */
  trimAround(roomId: string, firstKey: string, lastKey: string, keep?: number): void;
  /** A page after the held messages said nothing newer is left: the room holds up to its newest again. */
  reachedNewest(roomId: string): void;
  /**
   * "Jump to latest" in a room holding an older window: shows the newest messages kept on disk at once (what the
   * room held when it last followed its newest), and unsent ones. False when there is no disk copy (the room keeps
   * its window until the server's newest page comes).
   */
  showStoredNewest(roomId: string): boolean;
  /**
   * Opens a room at an older message (a search result): its held messages become `messages`, a window around it,
   * marked `hasNewer` when newer ones exist past it (paged in as the user scrolls down), unsent ones kept.
   */
  showWindow(roomId: string, messages: readonly Message[], hasNewer: boolean): void;
  removeRoom(roomId: string): void;
  reset(): void;
}

/** A room holding more messages than this in memory is trimmed back to its newest HELD_AFTER_TRIM. */
export const MAX_HELD_PER_ROOM = 600;
export const HELD_AFTER_TRIM = 300;

export function createMessagesStore(storage?: PlatformStorage) {
  const roomStorage = createRoomSplitStorage(storage);
  const withUnsent = (room: RoomMessages, fresh: RoomMessages) => {
    let merged = fresh;
    for (const message of Object.values(room.byKey)) {
      if (message.status !== 'sent') merged = putLocalMessage(merged, message);
    }
    return merged;
  };
  return createStore<MessagesState>()(
    persist(
      (set, get) => ({
        rooms: {},
        changeSeqs: {},
        changed: (roomId, messages) => {
          const room = get().rooms[roomId];
          if (!room) return;
          const updated = applyMessageChanges(room, messages);
          if (updated !== room) set((state) => ({ rooms: { ...state.rooms, [roomId]: updated } }));
        },
        changesAppliedTo: (roomId, changeSeq) => {
          if (changeSeq <= (get().changeSeqs[roomId] ?? 0)) return;
          set((state) => ({ changeSeqs: { ...state.changeSeqs, [roomId]: changeSeq } }));
        },
        loadingOlder: {},
        loadingNewer: {},
        received: (roomId, messages) => {
          const room = get().rooms[roomId] ?? emptyRoom;
          const merged = mergeServerMessages(room, messages);
          if (merged !== room) set((state) => ({ rooms: { ...state.rooms, [roomId]: merged } }));
          return findGap(merged);
        },
        putLocal: (message) =>
          set((state) => {
            const room = state.rooms[message.roomId] ?? emptyRoom;
            const updated = putLocalMessage(room, message);
            return updated === room ? {} : { rooms: { ...state.rooms, [message.roomId]: updated } };
          }),
        setStatus: (roomId, key, status, error) => {
          const message = get().rooms[roomId]?.byKey[key];
          if (!message || message.status === 'sent') return;
          get().putLocal({ ...message, status, error });
        },
        replaceStored: (roomId, messages) =>
          set((state) => {
            const room = state.rooms[roomId] ?? emptyRoom;
            return { rooms: { ...state.rooms, [roomId]: withUnsent(room, mergeServerMessages(emptyRoom, messages)) } };
          }),
        setLoadingOlder: (roomId, loading) =>
          set((state) => ({ loadingOlder: { ...state.loadingOlder, [roomId]: loading } })),
        setLoadingNewer: (roomId, loading) =>
          set((state) => ({ loadingNewer: { ...state.loadingNewer, [roomId]: loading } })),
        trimOlder: (roomId, keep = HELD_AFTER_TRIM) =>
          set((state) => {
            const room = state.rooms[roomId];
            if (!room || room.keys.length <= MAX_HELD_PER_ROOM) return {};
            return { rooms: { ...state.rooms, [roomId]: keepNewest(room, keep) } };
          }),
        trimAround: (roomId, firstKey, lastKey, keep = HELD_AFTER_TRIM) =>
          set((state) => {
            const room = state.rooms[roomId];
            if (!room || room.keys.length <= MAX_HELD_PER_ROOM) return {};
            const trimmed = keepAround(room, firstKey, lastKey, keep);
            return trimmed === room ? {} : { rooms: { ...state.rooms, [roomId]: trimmed } };
          }),
        reachedNewest: (roomId) =>
          set((state) => {
            const room = state.rooms[roomId];
            return room?.hasNewer ? { rooms: { ...state.rooms, [roomId]: { ...room, hasNewer: false } } } : {};
          }),
        showStoredNewest: (roomId) => {
          const room = get().rooms[roomId];
          if (!room?.hasNewer) return false;
          const stored = roomStorage.readRoom(storageKeys.messages, roomId);
          const newest = stored?.[stored.length - 1];
          // Only a copy newer than the window: it must hold the room's newest messages, not an older read.
          if (!stored || !newest || newest.seq <= room.contiguousSeq) return false;
          set((state) => ({
            rooms: { ...state.rooms, [roomId]: withUnsent(room, mergeServerMessages(emptyRoom, stored)) },
          }));
          return true;
        },
        showWindow: (roomId, messages, hasNewer) =>
          set((state) => {
            const window = { ...mergeServerMessages(emptyRoom, messages), hasNewer };
            return { rooms: { ...state.rooms, [roomId]: withUnsent(state.rooms[roomId] ?? emptyRoom, window) } };
          }),
        removeRoom: (roomId) =>
          set((state) => {
            const rooms = { ...state.rooms };
            delete rooms[roomId];
            const changeSeqs = { ...state.changeSeqs };
            delete changeSeqs[roomId];
            return { rooms, changeSeqs };
          }),
        reset: () => set({ rooms: {}, changeSeqs: {}, loadingOlder: {}, loadingNewer: {} }),
      }),
      {
        name: storageKeys.messages,
        version: 1,
        storage: roomStorage,
        partialize: ({ rooms, changeSeqs }): PersistedMessages => ({ rooms, changeSeqs }),
      },
    ),
  );
}

export const messagesStore = createMessagesStore();

export function useMessages<T>(selector: (state: MessagesState) => T): T {
  return useStore(messagesStore, selector);
}

/** Older history exists on the server when the oldest held seq is above 1. */
export function hasOlder(room: RoomMessages | undefined): boolean {
  return !!room && room.oldestSeq > 1;
}
