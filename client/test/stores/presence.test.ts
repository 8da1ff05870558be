import { createPresenceStore } from '../../src/stores/presence';

const ann = { id: 'u-ann', nickname: 'Ann' };
const ben = { id: 'u-ben', nickname: 'Ben' };
const mia = { id: 'u-mia', nickname: 'Mia' };

describe('presence store', () => {
  it('applies who came online and who went to the list the join gave, each user once', () => {
    const store = createPresenceStore();
    store.getState().joined('r', [ann, ben, mia], [ann, ben]);
    store.getState().presenceChanged('r', [mia, ben], [ann.id]);
    expect(store.getState().online.r?.map((user) => user.id)).toEqual([mia.id, ben.id]);
  });

  it('ignores changes for a room it holds no list for: the join brings the whole one', () => {
    const store = createPresenceStore();
    store.getState().presenceChanged('r', [mia], []);
    expect(store.getState().online.r).toBeUndefined();
  });
});
