import { HISTORY_MAX_LIMIT } from '@tandem/protocol';
import type { Message, RequestEvent, RequestInput, ResultOf } from '@tandem/protocol';
import { messagesStore } from '../../stores/messages';
import { roomsStore } from '../../stores/rooms';
import type { Result } from '../errors';
import { giveUp } from './give-up';
import type { RoomQueue } from './room-queue';

/**
 * Edits, recalls and deletes reaching this device: live (`message:updated`, an ack) or on catch-up
 * (`message:changes`). Each message is applied only when its changeSeq is newer than the held copy's, so any order
 * and any repeat give the same timeline. The room's change seq moves only when every change up to it is applied.
 */
export function messagesChanged(roomId: string, messages: readonly Message[]): void {
  messagesStore.getState().changed(roomId, messages);
  const last = roomsStore.getState().byId[roomId]?.lastMessage;
  const newerLast = messages.find((m) => m.id === last?.id && (m.changeSeq ?? 0) > (last.changeSeq ?? 0));
  if (newerLast) roomsStore.getState().patchRoom(roomId, { lastMessage: newerLast });
}

/**
 * A change heard live. True when it is the room's next change and applies to a held message: the room's change seq
 * moves on. Otherwise (one missed before it, or its message not held yet: a page read before the change may still
 * be on its way) the caller catches up with `message:changes` after the pages in flight.
 */
export function liveChangeApplied(message: Message): boolean {
  const { roomId, changeSeq = 0 } = message;
  messagesChanged(roomId, [message]);
  const state = messagesStore.getState();
  const held = Object.values(state.rooms[roomId]?.byKey ?? {}).some((m) => m.id === message.id);
  if (!held || changeSeq !== (state.changeSeqs[roomId] ?? 0) + 1) return false;
  state.changesAppliedTo(roomId, changeSeq);
  return true;
}

type Send = <E extends RequestEvent>(event: E, payload: RequestInput<E>) => Promise<Result<ResultOf<E>>>;

/** Asks for the room's changes after the applied change seq, page by page, until `target` (or the room's latest). */
async function catchUpChanges(send: Send, roomId: string, target?: number): Promise<Result<null>> {
  for (;;) {
    const afterChangeSeq = messagesStore.getState().changeSeqs[roomId] ?? 0;
    if (target !== undefined && afterChangeSeq >= target) return { ok: true, data: null };
    const page = await send('message:changes', { roomId, afterChangeSeq, limit: HISTORY_MAX_LIMIT });
    if (!page.ok) return page;
    const { messages, hasMore, changeSeq } = page.data;
    messagesChanged(roomId, messages);
    const lastApplied = hasMore ? (messages[messages.length - 1]?.changeSeq ?? afterChangeSeq) : changeSeq;
    messagesStore.getState().changesAppliedTo(roomId, lastApplied);
    if (!hasMore || lastApplied <= afterChangeSeq) return { ok: true, data: null };
  }
}

/** Changes catch-up per room, in the room's queue (after its pages in flight): at most one waiting per room. */
export class ChangeSync {
  private readonly queued = new Set<string>();

  constructor(
    private readonly rooms: RoomQueue,
    private readonly send: Send,
  ) {}

  /** A change was heard out of order: ask for the room's changes once the tasks before it are done. */
  queue(roomId: string): Promise<void> {
    if (this.queued.has(roomId)) return Promise.resolve();
    this.queued.add(roomId);
    return this.rooms.run(roomId, async () => {
      this.queued.delete(roomId);
      await this.catchUpTo(roomId);
    });
  }

  /** Within a task of the room already: the changes up to `target` (or the latest). */
  async catchUpTo(roomId: string, target?: number): Promise<void> {
    giveUp(roomId, 'changes catch-up', await catchUpChanges(this.send, roomId, target));
  }
}
