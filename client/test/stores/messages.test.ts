import { createMessagesStore, hasOlder } from '../../src/stores/messages';
import { messageKey } from '../../src/stores/message-merge';
import { MAX_ROOM_CHARS, MAX_TOTAL_CHARS, PERSISTED_MESSAGES_PER_ROOM } from '../../src/stores/message-storage';
import { storageKeys } from '../../src/stores/persist';
import { memoryStorage } from '../support/memory-storage';
import { alice, range, stored } from '../support/factories';

describe('messages store', () => {
  it('opens a room at an older message: a window around it, marked hasNewer, its newer messages dropped', () => {
    const store = createMessagesStore(memoryStorage());
    store.getState().received(
      'r1',
      range(400, 450).map((seq) => stored(seq)),
    );
    store.getState().showWindow(
      'r1',
      range(10, 30).map((seq) => stored(seq)),
      true,
    );
    const room = store.getState().rooms.r1!;
    expect(room.keys.map((key) => room.byKey[key]?.seq)).toEqual(range(10, 30));
    expect(room).toMatchObject({ hasNewer: true, oldestSeq: 10, contiguousSeq: 30 });
    // A live message past the window is not held: it comes back when the user scrolls down.
    store.getState().received('r1', [stored(451)]);
    expect(store.getState().rooms.r1?.keys).toHaveLength(21);
  });

  it('returns the gap left by a message that skipped seqs', () => {
    const store = createMessagesStore(memoryStorage());
    expect(store.getState().received('r1', [stored(1), stored(2)])).toBeNull();
    expect(store.getState().received('r1', [stored(4)])).toEqual({ afterSeq: 2, beforeSeq: 4 });
  });

  it('moves a pending message to failed and back to pending, and to sent once stored', () => {
    const store = createMessagesStore(memoryStorage());
    const key = messageKey(alice.id, 'mine');
    store.getState().putLocal({
      key,
      roomId: 'r1',
      clientId: 'mine',
      sender: alice,
      text: 'hi',
      createdAt: 1,
      status: 'pending',
      id: null,
      seq: null,
    });
    store.getState().setStatus('r1', key, 'failed', 'TIMEOUT');
    expect(store.getState().rooms.r1?.byKey[key]).toMatchObject({ status: 'failed', error: 'TIMEOUT' });
    store.getState().setStatus('r1', key, 'pending');
    expect(store.getState().rooms.r1?.byKey[key]?.status).toBe('pending');
    store.getState().received('r1', [stored(1, { clientId: 'mine', sender: alice, text: 'hi' })]);
    expect(store.getState().rooms.r1?.byKey[key]).toMatchObject({ status: 'sent', seq: 1 });
    store.getState().setStatus('r1', key, 'failed');
    expect(store.getState().rooms.r1?.byKey[key]?.status).toBe('sent');
  });

  it('moves a retried message that was stored after later ones to its stored place (by seq) on ack', () => {
    const store = createMessagesStore(memoryStorage());
    const key = messageKey(alice.id, 'retried');
    store.getState().putLocal({
      key,
      roomId: 'r1',
      clientId: 'retried',
      sender: alice,
      text: 'failed first',
      createdAt: 1,
      status: 'failed',
      id: null,
      seq: null,
    });
    store.getState().received('r1', [stored(1), stored(2)]);
    const order = () => store.getState().rooms.r1?.keys.map((k) => store.getState().rooms.r1?.byKey[k]?.seq ?? null);
    expect(order()).toEqual([1, 2, null]);
    // Retried later: the server stores it after messages sent meanwhile, and a newer one arrives before the ack.
    store.getState().received('r1', [stored(4)]);
    expect(order()).toEqual([1, 2, 4, null]);
    store.getState().received('r1', [stored(3, { clientId: 'retried', sender: alice, text: 'failed first' })]);
    expect(order()).toEqual([1, 2, 3, 4]);
    expect(store.getState().rooms.r1?.keys[2]).toBe(key);
  });

  it('stores each room under its own key and reloads it after a restart', () => {
    const storage = memoryStorage();
    const before = createMessagesStore(storage);
    before.getState().received('r1', [stored(1), stored(2)]);
    before.getState().received('r2', [stored(7, { roomId: 'r2' })]);
    expect(storage.data.has(`${storageKeys.messages}.r1`)).toBe(true);
    expect(storage.data.has(`${storageKeys.messages}.r2`)).toBe(true);

    const after = createMessagesStore(storage);
    expect(after.getState().rooms.r1?.keys).toHaveLength(2);
    expect(after.getState().rooms.r1?.contiguousSeq).toBe(2);
    expect(after.getState().rooms.r2?.oldestSeq).toBe(7);
  });

  it(`keeps at most ${PERSISTED_MESSAGES_PER_ROOM} messages per room on disk`, () => {
    const storage = memoryStorage();
    const store = createMessagesStore(storage);
    store.getState().received(
      'r1',
      range(1, 250).map((seq) => stored(seq)),
    );
    const reloaded = createMessagesStore(storage).getState().rooms.r1;
    expect(reloaded?.keys).toHaveLength(PERSISTED_MESSAGES_PER_ROOM);
    expect(reloaded?.oldestSeq).toBe(51);
    expect(hasOlder(reloaded)).toBe(true);
    expect(storage.data.get(`${storageKeys.messages}.r1`)!.length).toBeLessThan(100 * 1024);
  });

  it('keeps each room key and all of them together under the size budgets, dropping the oldest first', () => {
    const storage = memoryStorage();
    const store = createMessagesStore(storage);
    const long = '长'.repeat(4000);
    for (let room = 1; room <= 15; room++) {
      store.getState().received(
        `r${room}`,
        range(1, 200).map((seq) => stored(seq, { roomId: `r${room}`, text: long })),
      );
    }
    const roomKeys = [...storage.data.keys()].filter((key) => key.startsWith(`${storageKeys.messages}.`));
    const sizes = roomKeys.map((key) => storage.data.get(key)!.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_ROOM_CHARS);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBeLessThanOrEqual(MAX_TOTAL_CHARS);
    const first = createMessagesStore(storage).getState().rooms.r1;
    expect(first?.contiguousSeq).toBe(200);
  });

  it('removes a left room from disk', () => {
    const storage = memoryStorage();
    const store = createMessagesStore(storage);
    store.getState().received('r1', [stored(1)]);
    store.getState().removeRoom('r1');
    expect(storage.data.has(`${storageKeys.messages}.r1`)).toBe(false);
    expect(createMessagesStore(storage).getState().rooms.r1).toBeUndefined();
  });

  it('replaces a far-behind room with the latest page and keeps its unsent messages', () => {
    const store = createMessagesStore(memoryStorage());
    store.getState().received('r1', [stored(1), stored(2)]);
    store.getState().putLocal({
      key: messageKey(alice.id, 'p'),
      roomId: 'r1',
      clientId: 'p',
      sender: alice,
      text: 'unsent',
      createdAt: 1,
      status: 'pending',
      id: null,
      seq: null,
    });
    store.getState().replaceStored(
      'r1',
      range(900, 902).map((seq) => stored(seq)),
    );
    const room = store.getState().rooms.r1;
    expect(room?.keys.map((key) => room.byKey[key]?.seq ?? null)).toEqual([900, 901, 902, null]);
  });
});
