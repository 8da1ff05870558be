import { createStore, useStore } from 'zustand';
import type { MessageReply } from '@tandem/protocol';

/** The message each room's composer is replying to (the quote bar above it); not persisted. */
export interface ReplyingState {
  byRoom: Record<string, MessageReply>;
  start(roomId: string, reply: MessageReply): void;
  cancel(roomId: string): void;
}

export const replyingStore = createStore<ReplyingState>()((set) => ({
  byRoom: {},
  start: (roomId, reply) => set((state) => ({ byRoom: { ...state.byRoom, [roomId]: reply } })),
  cancel: (roomId) =>
    set((state) => {
      const { [roomId]: _cancelled, ...byRoom } = state.byRoom;
      return { byRoom };
    }),
}));

export function useReplying<T>(selector: (state: ReplyingState) => T): T {
  return useStore(replyingStore, selector);
}
