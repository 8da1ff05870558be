import { createStore, useStore } from 'zustand';

/** The message being edited in a room's composer: its id and the text typed so far. */
export interface Editing {
  messageId: string;
  text: string;
}

export interface EditingState {
  byRoom: Record<string, Editing>;
  start(roomId: string, messageId: string, text: string): void;
  setText(roomId: string, text: string): void;
  /** Ends editing in the room (saved or cancelled). */
  stop(roomId: string): void;
}

/** Not persisted: an edit left unfinished is dropped, the message keeps its text. */
export const editingStore = createStore<EditingState>()((set) => ({
  byRoom: {},
  start: (roomId, messageId, text) => set((state) => ({ byRoom: { ...state.byRoom, [roomId]: { messageId, text } } })),
  setText: (roomId, text) =>
    set((state) => {
      const editing = state.byRoom[roomId];
      return editing ? { byRoom: { ...state.byRoom, [roomId]: { ...editing, text } } } : {};
    }),
  stop: (roomId) =>
    set((state) => {
      const byRoom = { ...state.byRoom };
      delete byRoom[roomId];
      return { byRoom };
    }),
}));

export function useEditing<T>(selector: (state: EditingState) => T): T {
  return useStore(editingStore, selector);
}
