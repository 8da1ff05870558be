import type { SearchResult } from '@tandem/protocol';
import { createSearchStore } from '../../src/stores/search';

const result = (id: string): SearchResult => ({
  message: { id, roomId: 'r', seq: 1, clientId: id, sender: { id: 'u', nickname: 'U' }, text: id, createdAt: 1 },
  room: { id: 'r', name: 'Room' },
  highlights: [],
});

describe('search store', () => {
  it('replaces results on a new search, appends more pages, and drops a page of a replaced search', () => {
    const store = createSearchStore();
    const first = store.getState().started('hello', null);
    store.getState().arrived(first, { results: [result('a')], hasMore: true, cursor: 'c1' }, false);
    store.getState().loadingMore();
    store.getState().arrived(first, { results: [result('b')], hasMore: false }, true);
    expect(store.getState()).toMatchObject({ status: 'done', hasMore: false, cursor: undefined });
    expect(store.getState().results.map((found) => found.message.id)).toEqual(['a', 'b']);

    const second = store.getState().started('你好', 'r');
    store.getState().arrived(first, { results: [result('late')], hasMore: false }, true);
    store.getState().failed(first, 'TIMEOUT');
    expect(store.getState()).toMatchObject({ query: '你好', roomId: 'r', status: 'loading', results: [] });
    store.getState().failed(second, 'OFFLINE');
    expect(store.getState()).toMatchObject({ status: 'failed', error: 'OFFLINE' });
    store.getState().reset();
    expect(store.getState()).toMatchObject({ query: '', status: 'idle', results: [] });
  });
});
