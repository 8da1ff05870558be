import { createStore, useStore } from 'zustand';
import { persist } from 'zustand/middleware';
import type { MessageReply } from '@tandem/protocol';
import { jsonStorage, storageKeys } from './persist';
import type { PlatformStorage } from '../platform/storage';

/** A message composed on this device and not yet acknowledged by the server. */
export interface OutboxItem {
  roomId: string;
  /** Chosen at compose time and reused by every resend, so the server stores it once. */
  clientId: string;
  text: string;
  /** Compose time, epoch ms. */
  createdAt: number;
  /** Sends so far; reset by a manual retry. */
  attempts: number;
  /** `queued` items are sent when connected; `failed` ones wait for the user's retry. */
  state: 'queued' | 'failed';
  lastError?: string;
  /** The quoted message of a reply (shown at once; only its id is sent as `replyTo`). */
  reply?: MessageReply;
  /** Mentioned user ids, sent as `mentions`. */
  mentions?: string[];
}

export interface OutboxState {
  items: OutboxItem[];
  enqueue(item: OutboxItem): void;
  update(clientId: string, patch: Partial<Omit<OutboxItem, 'clientId' | 'roomId'>>): void;
  /** Removes an item once the server has stored its message. Returns whether it was there. */
  acked(clientId: string): boolean;
  removeRoom(roomId: string): void;
  reset(): void;
}

type PersistedOutbox = Pick<OutboxState, 'items'>;

export function createOutboxStore(storage?: PlatformStorage) {
  return createStore<OutboxState>()(
    persist(
      (set, get) => ({
        items: [],
        enqueue: (item) => set((state) => ({ items: [...state.items, item] })),
        update: (clientId, patch) =>
          set((state) => ({
            items: state.items.map((item) => (item.clientId === clientId ? { ...item, ...patch } : item)),
          })),
        acked: (clientId) => {
          if (!get().items.some((item) => item.clientId === clientId)) return false;
          set((state) => ({ items: state.items.filter((item) => item.clientId !== clientId) }));
          return true;
        },
        removeRoom: (roomId) => set((state) => ({ items: state.items.filter((item) => item.roomId !== roomId) })),
        reset: () => set({ items: [] }),
      }),
      {
        name: storageKeys.outbox,
        version: 1,
        storage: jsonStorage<PersistedOutbox>(storage),
        partialize: ({ items }) => ({ items }),
      },
    ),
  );
}

export const outboxStore = createOutboxStore();

export function useOutbox<T>(selector: (state: OutboxState) => T): T {
  return useStore(outboxStore, selector);
}

/**
 * Characters the persisted outbox may hold: at most 3 bytes each in UTF-8, so its one storage key stays under
 * 512 KB, half of WeChat's 1 MB per key (a write over it fails, and unsent messages would not survive a restart).
 */
export const OUTBOX_MAX_CHARS = 170_000;

/** Whether `item` still fits in the outbox's storage budget next to `items`. */
export function fitsInOutbox(items: readonly OutboxItem[], item: OutboxItem, maxChars = OUTBOX_MAX_CHARS): boolean {
  return JSON.stringify({ state: { items: [...items, item] }, version: 1 }).length <= maxChars;
}

/** The next message to send per room: the oldest queued one, so a room's messages are stored in compose order. */
export function nextToSend(items: readonly OutboxItem[]): OutboxItem[] {
  const heads = new Map<string, OutboxItem>();
  for (const item of items) {
    if (item.state === 'queued' && !heads.has(item.roomId)) heads.set(item.roomId, item);
  }
  return [...heads.values()];
}
