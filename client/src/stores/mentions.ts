import { createStore, useStore } from 'zustand';
import { MENTION_ALL } from '@tandem/protocol';
import type { Message } from '@tandem/protocol';

/**
 * The "someone mentioned me" mark of each joined room. The server counts the unread messages that mention the user
 * (`mentions` in `room:list` and `room:join`) up to the room's last seq then; mentions that arrive afterwards are
 * kept by seq. What the mark shows is derived with the user's read seq (rooms store), so reading clears it with no
 * extra bookkeeping: the server's count until read reaches the seq it was counted up to, plus the live ones unread.
 */
export interface RoomMentions {
  /** The server's count of unread mentions, over the messages up to `upTo`. */
  count: number;
  upTo: number;
  /** Seqs after `upTo` that mention the user, from `message:created`. */
  seqs: number[];
}

export interface MentionsState {
  byRoom: Record<string, RoomMentions>;
  /** The server's count for a room, over its messages up to `upTo` (its last seq then). */
  counted(roomId: string, count: number, upTo: number): void;
  /** A stored message arrived: counted when it mentions the user (or everyone) and is someone else's. */
  arrived(message: Message, ownId: string | null): void;
  reset(): void;
}

/** Whether the message mentions the user, by id or as everyone. */
export function mentionsUser(message: Pick<Message, 'mentions'>, userId: string | null): boolean {
  const mentions = message.mentions ?? [];
  return userId !== null && (mentions.includes(userId) || mentions.includes(MENTION_ALL));
}

export function createMentionsStore() {
  return createStore<MentionsState>()((set, get) => ({
    byRoom: {},
    counted: (roomId, count, upTo) =>
      set((state) => {
        const seqs = (state.byRoom[roomId]?.seqs ?? []).filter((seq) => seq > upTo);
        return { byRoom: { ...state.byRoom, [roomId]: { count, upTo, seqs } } };
      }),
    arrived: (message, ownId) => {
      if (message.sender.id === ownId || !mentionsUser(message, ownId)) return;
      const held = get().byRoom[message.roomId] ?? { count: 0, upTo: 0, seqs: [] };
      if (message.seq <= held.upTo || held.seqs.includes(message.seq)) return;
      set((state) => ({
        byRoom: { ...state.byRoom, [message.roomId]: { ...held, seqs: [...held.seqs, message.seq] } },
      }));
    },
    reset: () => set({ byRoom: {} }),
  }));
}

export const mentionsStore = createMentionsStore();

export function useMentions<T>(selector: (state: MentionsState) => T): T {
  return useStore(mentionsStore, selector);
}

/** The room's unread mentions for a user who has read up to `readSeq`. */
export function unreadMentions(entry: RoomMentions | undefined, readSeq: number): number {
  if (!entry) return 0;
  const counted = readSeq < entry.upTo ? entry.count : 0;
  return counted + entry.seqs.filter((seq) => seq > readSeq).length;
}
