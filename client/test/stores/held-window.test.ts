import { createMessagesStore, HELD_AFTER_TRIM, MAX_HELD_PER_ROOM } from '../../src/stores/messages';
import { findGap, keepAround, messageKey, mergeServerMessages, emptyRoom } from '../../src/stores/message-merge';
import type { ChatMessage, RoomMessages } from '../../src/stores/message-merge';
import { storageKeys } from '../../src/stores/persist';
import { memoryStorage } from '../support/memory-storage';
import { alice, range, stored } from '../support/factories';

/**
 * The bounded window a room holds while the user reads far back: the newest messages are dropped (and come back
 * by seq), nothing past the held run is merged, and "jump to latest" brings the newest back from disk.
 */

const seqs = (room: RoomMessages | undefined) => room?.keys.map((key) => room.byKey[key]?.seq ?? null) ?? [];
const keyOf = (seq: number) => messageKey(stored(seq).sender.id, stored(seq).clientId);

function pending(clientId: string): ChatMessage {
  return {
    key: messageKey(alice.id, clientId),
    roomId: 'r1',
    clientId,
    sender: alice,
    text: `draft ${clientId}`,
    createdAt: 1,
    status: 'pending',
    id: null,
    seq: null,
  };
}

/** A store holding seqs 1001..1700 (the newest page was seq 1601..1700), read around `first`..`last`, trimmed. */
function readFarBack(first: number, last: number) {
  const storage = memoryStorage();
  const store = createMessagesStore(storage);
  store.getState().received(
    'r1',
    range(1601, 1700).map((seq) => stored(seq)),
  );
  // Scrolled up: older pages come in above.
  for (let before = 1601; before > 1001; before -= 100) {
    store.getState().received(
      'r1',
      range(before - 100, before - 1).map((seq) => stored(seq)),
    );
  }
  store.getState().trimAround('r1', keyOf(first), keyOf(last));
  return { store, storage };
}

describe('the held window of a room read far back', () => {
  it('drops the newest messages past the bound, keeps those around the ones on screen, and marks hasNewer', () => {
    const { store } = readFarBack(1001, 1120);
    const room = store.getState().rooms.r1;
    expect(room?.keys).toHaveLength(HELD_AFTER_TRIM);
    expect(seqs(room)[0]).toBe(1001);
    expect(seqs(room).at(-1)).toBe(1300);
    expect(room?.hasNewer).toBe(true);
    expect(room?.contiguousSeq).toBe(1300);
  });

  it('centres the kept messages on what is read, dropping older ones too', () => {
    const { store } = readFarBack(1301, 1420);
    const room = store.getState().rooms.r1;
    expect(seqs(room)[0]).toBe(1211);
    expect(seqs(room).at(-1)).toBe(1510);
    expect(room?.hasNewer).toBe(true);
  });

  it(`leaves a room of at most ${MAX_HELD_PER_ROOM} messages alone`, () => {
    const store = createMessagesStore(memoryStorage());
    store.getState().received(
      'r1',
      range(1, MAX_HELD_PER_ROOM).map((seq) => stored(seq)),
    );
    const before = store.getState().rooms.r1;
    store.getState().trimAround('r1', keyOf(1), keyOf(120));
    expect(store.getState().rooms.r1).toBe(before);
  });

  it('keeps unsent messages, and a span longer than the bound whole', () => {
    const room = mergeServerMessages(
      emptyRoom,
      range(1, 700).map((seq) => stored(seq)),
    );
    const withPending = { ...room, byKey: { ...room.byKey, [pending('p').key]: pending('p') } };
    const kept = keepAround(
      { ...withPending, keys: [...room.keys, pending('p').key] },
      keyOf(100),
      keyOf(500),
      HELD_AFTER_TRIM,
    );
    expect(seqs(kept)[0]).toBe(100);
    expect(seqs(kept).slice(-2)).toEqual([500, null]);
    expect(kept.hasNewer).toBe(true);
  });

  it('does not hold a live message past the window, and reports no gap to fill', () => {
    const { store } = readFarBack(1001, 1120);
    const before = store.getState().rooms.r1;
    expect(store.getState().received('r1', [stored(1701)])).toBeNull();
    expect(store.getState().rooms.r1).toBe(before);
    expect(findGap(store.getState().rooms.r1!)).toBeNull();
  });

  it('keeps the stored copy of an own message sent meanwhile, still without a gap to fill', () => {
    const { store } = readFarBack(1001, 1120);
    store.getState().putLocal({ ...pending('mine'), text: 'mine' });
    const gap = store.getState().received('r1', [stored(1701, { clientId: 'mine', sender: alice, text: 'mine' })]);
    expect(gap).toBeNull();
    const room = store.getState().rooms.r1;
    expect(room?.byKey[messageKey(alice.id, 'mine')]).toMatchObject({ status: 'sent', seq: 1701 });
    expect(room?.hasNewer).toBe(true);
  });

  it('pages newer messages in after the held ones, dropping the oldest, until it holds the newest again', () => {
    const { store } = readFarBack(1001, 1120);
    // Scrolling down: pages after the held run, the read window moving down with them.
    for (let after = 1300; after < 1800; after += 100) {
      store.getState().received(
        'r1',
        range(after + 1, after + 100).map((seq) => stored(seq)),
      );
      store.getState().trimAround('r1', keyOf(after - 19), keyOf(after + 100));
      const room = store.getState().rooms.r1!;
      expect(room.keys.length).toBeLessThanOrEqual(MAX_HELD_PER_ROOM);
      expect(room.contiguousSeq).toBe(after + 100);
      expect(room.hasNewer).toBe(true);
    }
    expect(seqs(store.getState().rooms.r1)[0]).toBeGreaterThan(1001);
    // The last page said nothing newer is left.
    store.getState().reachedNewest('r1');
    const room = store.getState().rooms.r1!;
    expect(room.hasNewer).toBe(false);
    expect(seqs(room).at(-1)).toBe(1800);
    // Holding the newest again: a skipped seq is a gap to fill as usual.
    expect(store.getState().received('r1', [stored(1802)])).toEqual({ afterSeq: 1800, beforeSeq: 1802 });
  });

  it('does not write an older window over the newest messages on disk, and brings those back on jump to latest', () => {
    const { store, storage } = readFarBack(1001, 1120);
    const onDisk = JSON.parse(storage.data.get(`${storageKeys.messages}.r1`)!) as { seq: number }[];
    expect(onDisk.at(-1)?.seq).toBe(1700);
    store.getState().putLocal(pending('unsent'));

    expect(store.getState().showStoredNewest('r1')).toBe(true);
    const room = store.getState().rooms.r1!;
    expect(room.hasNewer).toBe(false);
    expect(seqs(room).slice(-2)).toEqual([1700, null]);
    expect(room.keys.length).toBeLessThanOrEqual(MAX_HELD_PER_ROOM);
    expect(store.getState().showStoredNewest('r1')).toBe(false);
  });

  it('keeps its window on jump to latest when the disk holds nothing newer', () => {
    const store = createMessagesStore(memoryStorage());
    store.getState().received(
      'r1',
      range(1, 700).map((seq) => stored(seq)),
    );
    store.getState().trimAround('r1', keyOf(1), keyOf(120));
    // The disk copy was written before the trim; here it is gone (a failed write, another device's storage).
    const empty = createMessagesStore(memoryStorage());
    empty.setState({ rooms: { r1: store.getState().rooms.r1! } });
    expect(empty.getState().showStoredNewest('r1')).toBe(false);
    expect(empty.getState().rooms.r1?.hasNewer).toBe(true);
  });
});
