import { createReceiptsStore, readByOther, readersOf } from '../../src/stores/receipts';

describe('receipts store', () => {
  it('holds the loaded positions and moves them forward, never back', () => {
    const store = createReceiptsStore();
    store.getState().loaded('r', [
      { userId: 'ann', readSeq: 5 },
      { userId: 'ben', readSeq: 2 },
    ]);
    store.getState().moved('r', [
      { userId: 'ben', readSeq: 4 },
      { userId: 'ann', readSeq: 3 },
      { userId: 'mia', readSeq: 1 },
    ]);
    expect(store.getState().rooms.r).toEqual({ ann: 5, ben: 4, mia: 1 });
  });

  it('ignores moves for a room it has not loaded: the load brings every position', () => {
    const store = createReceiptsStore();
    store.getState().moved('r', [{ userId: 'ben', readSeq: 4 }]);
    expect(store.getState().rooms.r).toBeUndefined();
  });

  it('keeps a position that moved before a later load answered, and drops members the load no longer names', () => {
    const store = createReceiptsStore();
    store.getState().loaded('r', [
      { userId: 'ann', readSeq: 1 },
      { userId: 'ben', readSeq: 1 },
    ]);
    store.getState().moved('r', [{ userId: 'ann', readSeq: 6 }]);
    store.getState().loaded('r', [{ userId: 'ann', readSeq: 4 }]);
    expect(store.getState().rooms.r).toEqual({ ann: 6 });
  });

  it('keeps the same state object when nothing moved', () => {
    const store = createReceiptsStore();
    store.getState().loaded('r', [{ userId: 'ann', readSeq: 5 }]);
    const before = store.getState().rooms;
    store.getState().moved('r', [{ userId: 'ann', readSeq: 5 }]);
    expect(store.getState().rooms).toBe(before);
  });
});

describe('receipt counts', () => {
  const reads = { me: 9, ann: 7, ben: 5, mia: 3 };

  it('counts the members other than the sender who read up to the message', () => {
    expect(readersOf(reads, 5, 'me').sort()).toEqual(['ann', 'ben']);
    expect(readersOf(reads, 8, 'me')).toEqual([]);
    expect(readersOf(reads, 3, 'me')).toHaveLength(3);
  });

  it('never counts the sender, whose own position moves with each message it sends', () => {
    expect(readersOf({ me: 9 }, 9, 'me')).toEqual([]);
  });

  it('in a direct conversation, is read once the other person’s position reaches the message', () => {
    expect(readByOther({ me: 4, ann: 3 }, 4, 'me')).toBe(false);
    expect(readByOther({ me: 4, ann: 4 }, 4, 'me')).toBe(true);
  });
});
