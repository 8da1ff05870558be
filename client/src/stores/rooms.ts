import { createStore, useStore } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Message, ResultOf, Room, RoomListItem } from '@tandem/protocol';
import { jsonStorage, storageKeys } from './persist';
import type { PlatformStorage } from '../platform/storage';

/** An invite code for a room and when it expires (epoch ms). */
export type Invite = ResultOf<'room:invite'>;

/** A room as the server describes it, with the user's read state there when it says (`room:list`, `room:join`). */
export type RoomFacts = Room & Partial<Pick<RoomListItem, 'readSeq' | 'unread' | 'mentions'>>;

export interface RoomsState {
  /** Summaries of every room seen: the visible list from `room:list` and every joined room. */
  byId: Record<string, Room>;
  /** Rooms this user is a member of on this device, re-synced on every (re)connect. */
  joinedIds: string[];
  /**
   * Highest seq the user has read per joined room, here or on another device (the server's read seq, which follows
   * the person); unread = room.lastSeq - lastReadSeq, as the server counts it.
   */
  lastReadSeq: Record<string, number>;
  /** The read seq the server is known to hold per joined room; a read here beyond it is yet to be sent. */
  serverReadSeq: Record<string, number>;
  /** The room on screen. Its messages count as read as they arrive while it follows the newest and the app shows. */
  activeRoomId: string | null;
  /** The active room's list shows its newest messages (not scrolled back). */
  following: boolean;
  /** The app is visible (in the foreground). */
  foreground: boolean;
  /** The latest invite this user created per room (not persisted: a new one is cheap). */
  invites: Record<string, Invite>;
  listed(rooms: RoomFacts[]): void;
  joined(room: RoomFacts): void;
  left(roomId: string): void;
  /** Updates the summary with a newer message; it counts as read when being read or sent by this user. */
  messageArrived(message: Message, isOwn: boolean): void;
  /** Everything the room holds counts as read here (to be sent to the server). */
  markRead(roomId: string): void;
  /** The server holds this read seq (a `read:mark` ack, `read:updated` from another device). */
  readOnServer(roomId: string, readSeq: number): void;
  setActive(roomId: string | null): void;
  setFollowing(following: boolean): void;
  setForeground(foreground: boolean): void;
  patchRoom(roomId: string, patch: Partial<Room>): void;
  inviteCreated(roomId: string, invite: Invite): void;
  reset(): void;
}

type PersistedRooms = Pick<RoomsState, 'byId' | 'joinedIds' | 'lastReadSeq' | 'serverReadSeq'>;
type ReadSeqs = Pick<RoomsState, 'lastReadSeq' | 'serverReadSeq'>;

const initialState = {
  byId: {},
  joinedIds: [],
  lastReadSeq: {},
  serverReadSeq: {},
  activeRoomId: null,
  following: true,
  foreground: true,
  invites: {},
};

/** Both read seqs moved to at least `readSeq`: the server's only grows, and a read here never goes back. */
function serverRead(state: ReadSeqs, roomId: string, readSeq: number): ReadSeqs {
  return {
    lastReadSeq: { ...state.lastReadSeq, [roomId]: Math.max(state.lastReadSeq[roomId] ?? 0, readSeq) },
    serverReadSeq: { ...state.serverReadSeq, [roomId]: Math.max(state.serverReadSeq[roomId] ?? 0, readSeq) },
  };
}

/** The room without the user's read state, which lives in the read seqs. */
function summaryOf({ readSeq: _readSeq, unread: _unread, mentions: _mentions, ...room }: RoomFacts): Room {
  return room;
}

export function createRoomsStore(storage?: PlatformStorage) {
  return createStore<RoomsState>()(
    persist(
      (set, get) => ({
        ...initialState,
        listed: (rooms) =>
          set((state) => {
            const byId = { ...state.byId };
            let reads: ReadSeqs = { lastReadSeq: state.lastReadSeq, serverReadSeq: state.serverReadSeq };
            for (const room of rooms) {
              byId[room.id] = keepNewerLastMessage(byId[room.id], summaryOf(room));
              if (room.readSeq !== undefined && state.joinedIds.includes(room.id)) {
                reads = serverRead(reads, room.id, room.readSeq);
              }
            }
            return { byId, ...reads };
          }),
        joined: (room) =>
          set((state) => ({
            byId: { ...state.byId, [room.id]: keepNewerLastMessage(state.byId[room.id], summaryOf(room)) },
            joinedIds: state.joinedIds.includes(room.id) ? state.joinedIds : [...state.joinedIds, room.id],
            // The server says where the user's reading is; without it (a room just created) the history is not news.
            ...(room.readSeq === undefined
              ? { lastReadSeq: { ...state.lastReadSeq, [room.id]: state.lastReadSeq[room.id] ?? room.lastSeq } }
              : serverRead(state, room.id, room.readSeq)),
          })),
        left: (roomId) =>
          set((state) => {
            const { [roomId]: _read, ...lastReadSeq } = state.lastReadSeq;
            const { [roomId]: _server, ...serverReadSeq } = state.serverReadSeq;
            // A private room is listed for its members only: once left, it is gone from the list, as the server's.
            const { [roomId]: leftRoom, ...others } = state.byId;
            return {
              byId: leftRoom?.visibility === 'private' ? others : state.byId,
              joinedIds: state.joinedIds.filter((id) => id !== roomId),
              lastReadSeq,
              serverReadSeq,
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
          // A message from me counts as read by me; the server moved my read seq when it stored it.
          if (isOwn) set((state) => serverRead(state, message.roomId, message.seq));
          if (readingRoomId(get()) === message.roomId) get().markRead(message.roomId);
        },
        markRead: (roomId) =>
          set((state) => {
            const lastSeq = state.byId[roomId]?.lastSeq ?? 0;
            if ((state.lastReadSeq[roomId] ?? 0) >= lastSeq) return {};
            return { lastReadSeq: { ...state.lastReadSeq, [roomId]: lastSeq } };
          }),
        readOnServer: (roomId, readSeq) => {
          if (get().joinedIds.includes(roomId)) set((state) => serverRead(state, roomId, readSeq));
        },
        setActive: (roomId) => {
          set({ activeRoomId: roomId, following: true });
          markWhileReading(get());
        },
        setFollowing: (following) => {
          set({ following });
          markWhileReading(get());
        },
        setForeground: (foreground) => {
          set({ foreground });
          markWhileReading(get());
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
        partialize: ({ byId, joinedIds, lastReadSeq, serverReadSeq }) => ({
          byId,
          joinedIds,
          lastReadSeq,
          serverReadSeq,
        }),
      },
    ),
  );
}

/** The room being read: on screen, showing its newest messages, with the app in the foreground. */
export function readingRoomId(state: Pick<RoomsState, 'activeRoomId' | 'following' | 'foreground'>): string | null {
  return state.following && state.foreground ? state.activeRoomId : null;
}

function markWhileReading(state: RoomsState): void {
  const roomId = readingRoomId(state);
  if (roomId) state.markRead(roomId);
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
