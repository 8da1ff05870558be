import { createStore, useStore } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Message, ResultOf, Room } from '@tandem/protocol';
import { jsonStorage, storageKeys } from './persist';
import type { PlatformStorage } from '../platform/storage';

/** An invite code for a room and when it expires (epoch ms). */
export type Invite = ResultOf<'room:invite'>;

export interface RoomsState {
  /** Summaries of every room seen: the visible list from `room:list` and every joined room. */
  byId: Record<string, Room>;
  /** Rooms this user is a member of on this device, re-synced on every (re)connect. */
  joinedIds: string[];
  /** Highest seq the user has seen per joined room; unread = room.lastSeq - lastReadSeq. */
  lastReadSeq: Record<string, number>;
  /** The room on screen, whose messages count as read as they arrive. */
  activeRoomId: string | null;
  /** The latest invite this user created per room (not persisted: a new one is cheap). */
  invites: Record<string, Invite>;
  listed(rooms: Room[]): void;
  joined(room: Room): void;
  left(roomId: string): void;
  /** Updates the summary with a newer message; it counts as read when on screen or sent by this user. */
  messageArrived(message: Message, isOwn: boolean): void;
  markRead(roomId: string): void;
  setActive(roomId: string | null): void;
  patchRoom(roomId: string, patch: Partial<Room>): void;
  inviteCreated(roomId: string, invite: Invite): void;
  reset(): void;
}

type PersistedRooms = Pick<RoomsState, 'byId' | 'joinedIds' | 'lastReadSeq'>;

const initialState = { byId: {}, joinedIds: [], lastReadSeq: {}, activeRoomId: null, invites: {} };

export function createRoomsStore(storage?: PlatformStorage) {
  return createStore<RoomsState>()(
    persist(
      (set, get) => ({
        ...initialState,
        listed: (rooms) =>
          set((state) => {
            const byId = { ...state.byId };
            for (const room of rooms) byId[room.id] = keepNewerLastMessage(byId[room.id], room);
            return { byId };
          }),
        joined: (room) =>
          set((state) => ({
            byId: { ...state.byId, [room.id]: keepNewerLastMessage(state.byId[room.id], room) },
            joinedIds: state.joinedIds.includes(room.id) ? state.joinedIds : [...state.joinedIds, room.id],
            // A newly joined room starts read: its history is not news.
            lastReadSeq: { ...state.lastReadSeq, [room.id]: state.lastReadSeq[room.id] ?? room.lastSeq },
          })),
        left: (roomId) =>
          set((state) => {
            const lastReadSeq = { ...state.lastReadSeq };
            delete lastReadSeq[roomId];
            return {
              joinedIds: state.joinedIds.filter((id) => id !== roomId),
              lastReadSeq,
              activeRoomId: state.activeRoomId === roomId ? null : state.activeRoomId,
            };
          }),
        messageArrived: (message, isOwn) => {
          const room = get().byId[message.roomId];
          if (!room) return;
          if (message.seq > room.lastSeq) {
            set((state) => ({
              byId: { ...state.byId, [room.id]: { ...room, lastSeq: message.seq, lastMessage: message } },
            }));
          }
          const readUpTo = get().lastReadSeq[message.roomId] ?? 0;
          if (get().activeRoomId === message.roomId) {
            get().markRead(message.roomId);
          } else if (isOwn && readUpTo === message.seq - 1) {
            set((state) => ({ lastReadSeq: { ...state.lastReadSeq, [message.roomId]: message.seq } }));
          }
        },
        markRead: (roomId) =>
          set((state) => {
            const lastSeq = state.byId[roomId]?.lastSeq ?? 0;
            if ((state.lastReadSeq[roomId] ?? 0) >= lastSeq) return {};
            return { lastReadSeq: { ...state.lastReadSeq, [roomId]: lastSeq } };
          }),
        setActive: (roomId) => {
          set({ activeRoomId: roomId });
          if (roomId) get().markRead(roomId);
        },
        patchRoom: (roomId, patch) =>
          set((state) => {
            const room = state.byId[roomId];
            return room ? { byId: { ...state.byId, [roomId]: { ...room, ...patch } } } : {};
          }),
        inviteCreated: (roomId, invite) => set((state) => ({ invites: { ...state.invites, [roomId]: invite } })),
        reset: () => set(initialState),
      }),
      {
        name: storageKeys.rooms,
        version: 1,
        storage: jsonStorage<PersistedRooms>(storage),
        partialize: ({ byId, joinedIds, lastReadSeq }) => ({ byId, joinedIds, lastReadSeq }),
      },
    ),
  );
}

/** A summary from the server may be older than a message:created already applied here. */
function keepNewerLastMessage(held: Room | undefined, incoming: Room): Room {
  if (!held || held.lastSeq <= incoming.lastSeq) return incoming;
  return { ...incoming, lastSeq: held.lastSeq, lastMessage: held.lastMessage };
}

export const roomsStore = createRoomsStore();

export function useRooms<T>(selector: (state: RoomsState) => T): T {
  return useStore(roomsStore, selector);
}

/** The room's invite while it is valid for at least another minute, else null (time to ask for a new one). */
export function liveInvite(state: Pick<RoomsState, 'invites'>, roomId: string, now = Date.now()): Invite | null {
  const invite = state.invites[roomId];
  return invite && invite.expiresAt - now > 60_000 ? invite : null;
}

export function unreadCount(state: Pick<RoomsState, 'byId' | 'lastReadSeq' | 'joinedIds'>, roomId: string): number {
  if (!state.joinedIds.includes(roomId)) return 0;
  const lastSeq = state.byId[roomId]?.lastSeq ?? 0;
  return Math.max(0, lastSeq - (state.lastReadSeq[roomId] ?? lastSeq));
}

/** Joined rooms first, then the rest; each group newest activity first. */
export function sortedRooms(state: Pick<RoomsState, 'byId' | 'joinedIds'>): Room[] {
  const activity = (room: Room) => room.lastMessage?.createdAt ?? room.createdAt;
  const joined = new Set(state.joinedIds);
  return Object.values(state.byId).sort((a, b) => {
    const groupOrder = Number(joined.has(b.id)) - Number(joined.has(a.id));
    return groupOrder !== 0 ? groupOrder : activity(b) - activity(a);
  });
}
