import { PresenceBatch } from '../src/presence-changes';

const ann = { id: 'a', nickname: 'Ann' };
const bob = { id: 'b', nickname: 'Bob' };

describe('a presence batch', () => {
  it('collects who came and went per room', () => {
    const batch = new PresenceBatch();
    batch.came('r1', ann);
    batch.came('r2', ann);
    batch.went('r1', 'b');
    expect(batch.take()).toEqual([
      { roomId: 'r1', came: [ann], went: ['b'] },
      { roomId: 'r2', came: [ann], went: [] },
    ]);
    expect(batch.take()).toEqual([]);
  });

  it('sends the last change of a user who came and went within the batch, or went and came back', () => {
    // A socket that joined in between saw the middle state in its ack; only the last change corrects it.
    const batch = new PresenceBatch();
    batch.came('r1', ann);
    batch.went('r1', ann.id);
    batch.went('r1', bob.id);
    batch.came('r1', bob);
    expect(batch.take()).toEqual([{ roomId: 'r1', came: [bob], went: [ann.id] }]);
  });

  it('keeps the last change of a user who came, went and came again', () => {
    const batch = new PresenceBatch();
    batch.came('r1', ann);
    batch.went('r1', ann.id);
    batch.came('r1', ann);
    expect(batch.take()).toEqual([{ roomId: 'r1', came: [ann], went: [] }]);
  });
});
