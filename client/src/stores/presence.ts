import { createStore, useStore } from 'zustand';
import type { User } from '@tandem/protocol';

/** Who is in, online in and typing in each joined room. Live state from the server: never persisted. */
export interface PresenceState {
  members: Record<string, User[]>;
  online: Record<string, User[]>;
  /** Users typing per room, keyed by user id. */
  typing: Record<string, Record<string, User>>;
  joined(roomId: string, members: User[], online: User[]): void;
  memberJoined(roomId: string, user: User): void;
  memberLeft(roomId: string, userId: string): void;
  onlineChanged(roomId: string, online: User[]): void;
  /**
   * Who came online and who went offline (`presence:changed`), applied to the list the join gave. Ignored for a
   * room without a list yet: its join brings the whole one.
   */
  presenceChanged(roomId: string, came: readonly User[], went: readonly string[]): void;
  typingChanged(roomId: string, user: User, typing: boolean): void;
  /** A user changed its name or avatar (`user:updated`): every list that holds it shows the new one. */
  userUpdated(user: User): void;
  removeRoom(roomId: string): void;
  /** Offline: who is online or typing is unknown until the next join says. */
  connectionLost(): void;
  reset(): void;
}

const initialState = { members: {}, online: {}, typing: {} };

export function createPresenceStore() {
  return createStore<PresenceState>()((set) => ({
    ...initialState,
    joined: (roomId, members, online) =>
      set((state) => ({
        members: { ...state.members, [roomId]: members },
        online: { ...state.online, [roomId]: online },
      })),
    memberJoined: (roomId, user) =>
      set((state) => {
        const members = state.members[roomId] ?? [];
        if (members.some((member) => member.id === user.id)) return {};
        return { members: { ...state.members, [roomId]: [...members, user] } };
      }),
    memberLeft: (roomId, userId) =>
      set((state) => ({
        members: { ...state.members, [roomId]: (state.members[roomId] ?? []).filter((member) => member.id !== userId) },
      })),
    onlineChanged: (roomId, online) => set((state) => ({ online: { ...state.online, [roomId]: online } })),
    presenceChanged: (roomId, came, went) =>
      set((state) => {
        const held = state.online[roomId];
        if (!held) return {};
        const replaced = new Set([...went, ...came.map((user) => user.id)]);
        const online = [...held.filter((user) => !replaced.has(user.id)), ...came];
        return { online: { ...state.online, [roomId]: online } };
      }),
    typingChanged: (roomId, user, typing) =>
      set((state) => {
        const room = { ...state.typing[roomId] };
        if (typing) room[user.id] = user;
        else if (room[user.id]) delete room[user.id];
        else return {};
        return { typing: { ...state.typing, [roomId]: room } };
      }),
    userUpdated: (user) =>
      set((state) => {
        const replace = (list: User[]) =>
          list.some((held) => held.id === user.id) ? list.map((held) => (held.id === user.id ? user : held)) : list;
        const each = (lists: Record<string, User[]>) =>
          Object.fromEntries(Object.entries(lists).map(([roomId, list]) => [roomId, replace(list)]));
        return { members: each(state.members), online: each(state.online) };
      }),
    removeRoom: (roomId) =>
      set((state) => {
        const without = <T>(map: Record<string, T>) => {
          const copy = { ...map };
          delete copy[roomId];
          return copy;
        };
        return { members: without(state.members), online: without(state.online), typing: without(state.typing) };
      }),
    connectionLost: () => set({ online: {}, typing: {} }),
    reset: () => set(initialState),
  }));
}

export const presenceStore = createPresenceStore();

export function usePresence<T>(selector: (state: PresenceState) => T): T {
  return useStore(presenceStore, selector);
}
