import { applyMessageChanges } from '../../src/stores/message-changes';
import { emptyRoom, mergeServerMessages, recentStored } from '../../src/stores/message-merge';
import { createMessagesStore } from '../../src/stores/messages';
import { storageKeys } from '../../src/stores/persist';
import { stored } from '../support/factories';
import { memoryStorage } from '../support/memory-storage';

const edited = (seq: number, changeSeq: number, text = `edit ${changeSeq}`) =>
  stored(seq, { text, editedAt: 1_800_000_000_000 + changeSeq, changeSeq });
const recalled = (seq: number, changeSeq: number) => stored(seq, { text: '', state: 'recalled', changeSeq });

describe('applying message changes', () => {
  const room = mergeServerMessages(emptyRoom, [stored(1), stored(2), stored(3)]);

  it('replaces a held message with a newer version and keeps order and seqs', () => {
    const changed = applyMessageChanges(room, [edited(2, 1), recalled(3, 2)]);
    expect(changed.keys).toEqual(room.keys);
    expect(changed.contiguousSeq).toBe(3);
    expect(changed.byKey['u-bob:c-2']).toMatchObject({ text: 'edit 1', editedAt: 1_800_000_000_001, changeSeq: 1 });
    expect(changed.byKey['u-bob:c-3']).toMatchObject({ text: '', state: 'recalled', changeSeq: 2 });
  });

  it('is idempotent and order-free: an older or repeated version changes nothing', () => {
    const inOrder = applyMessageChanges(applyMessageChanges(room, [edited(2, 1)]), [recalled(2, 4)]);
    const reversed = applyMessageChanges(applyMessageChanges(room, [recalled(2, 4)]), [edited(2, 1)]);
    expect(reversed).toEqual(inOrder);
    expect(applyMessageChanges(inOrder, [recalled(2, 4), edited(2, 1)])).toBe(inOrder);
    expect(inOrder.byKey['u-bob:c-2']).toMatchObject({ text: '', state: 'recalled' });
  });

  it('never adds a message the room does not hold', () => {
    expect(applyMessageChanges(room, [edited(9, 1)])).toBe(room);
  });

  it('lets a newer copy from a page replace the held one, and never a stale one', () => {
    const changed = applyMessageChanges(room, [edited(2, 3)]);
    expect(mergeServerMessages(changed, [stored(2)])).toBe(changed);
    const newer = mergeServerMessages(changed, [recalled(2, 5)]);
    expect(newer.byKey['u-bob:c-2']).toMatchObject({ state: 'recalled', changeSeq: 5 });
  });

  it('keeps edits and tombstones in what is written to disk', () => {
    const changed = applyMessageChanges(room, [edited(1, 1), recalled(2, 2)]);
    expect(recentStored(changed, 10)).toEqual([edited(1, 1), recalled(2, 2), stored(3)]);
  });
});

describe('the messages store’s change seqs', () => {
  it('moves a room’s applied change seq forward only, and keeps it with the messages across a restart', () => {
    const storage = memoryStorage();
    const first = createMessagesStore(storage);
    first.getState().received('r1', [stored(1), stored(2)]);
    first.getState().changed('r1', [recalled(2, 3)]);
    first.getState().changesAppliedTo('r1', 3);
    first.getState().changesAppliedTo('r1', 2);
    expect(first.getState().changeSeqs.r1).toBe(3);

    const second = createMessagesStore(storage);
    expect(second.getState().changeSeqs.r1).toBe(3);
    expect(second.getState().rooms.r1?.byKey['u-bob:c-2']).toMatchObject({ text: '', state: 'recalled' });
    expect(JSON.parse(storage.getItem(storageKeys.messages) ?? '{}')).toMatchObject({ changeSeqs: { r1: 3 } });
  });

  it('forgets a room’s change seq with the room', () => {
    const store = createMessagesStore(memoryStorage());
    store.getState().received('r1', [stored(1)]);
    store.getState().changesAppliedTo('r1', 2);
    store.getState().removeRoom('r1');
    expect(store.getState().changeSeqs.r1).toBeUndefined();
  });
});
