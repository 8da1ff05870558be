import { createOutboxStore, nextToSend } from '../../src/stores/outbox';
import type { OutboxItem } from '../../src/stores/outbox';
import { storageKeys } from '../../src/stores/persist';
import { memoryStorage } from '../support/memory-storage';

function item(clientId: string, roomId = 'r1', overrides: Partial<OutboxItem> = {}): OutboxItem {
  return { roomId, clientId, text: clientId, createdAt: 1, attempts: 0, state: 'queued', ...overrides };
}

describe('outbox store', () => {
  it('survives an app restart with its order and state', () => {
    const storage = memoryStorage();
    const before = createOutboxStore(storage);
    before.getState().enqueue(item('a'));
    before.getState().enqueue(item('b'));
    before.getState().update('a', { state: 'failed', attempts: 5, lastError: 'TIMEOUT' });
    expect(storage.data.has(storageKeys.outbox)).toBe(true);

    const after = createOutboxStore(storage);
    expect(after.getState().items.map(({ clientId, state }) => [clientId, state])).toEqual([
      ['a', 'failed'],
      ['b', 'queued'],
    ]);
  });

  it('forgets an item only when it is acked', () => {
    const storage = memoryStorage();
    const store = createOutboxStore(storage);
    store.getState().enqueue(item('a'));
    expect(store.getState().acked('unknown')).toBe(false);
    expect(store.getState().acked('a')).toBe(true);
    expect(createOutboxStore(storage).getState().items).toEqual([]);
  });

  it('sends one message per room at a time, the oldest queued first', () => {
    const items = [item('a1'), item('b1', 'r2'), item('a2'), item('x', 'r3', { state: 'failed' }), item('b2', 'r2')];
    expect(nextToSend(items).map((next) => next.clientId)).toEqual(['a1', 'b1']);
  });

  it('skips a failed message so the ones after it still go', () => {
    const items = [item('a1', 'r1', { state: 'failed' }), item('a2')];
    expect(nextToSend(items).map((next) => next.clientId)).toEqual(['a2']);
  });
});
