import { createStore, useStore } from 'zustand';
import type { SearchResult } from '@tandem/protocol';

/** Message search as the search page shows it: the query asked, its results so far and the next page's cursor. */
export interface SearchState {
  query: string;
  /** Only this room; null for every room of the user. */
  roomId: string | null;
  results: SearchResult[];
  hasMore: boolean;
  cursor: string | undefined;
  status: 'idle' | 'loading' | 'done' | 'failed';
  /** The error code of the last failed page. */
  error: string | null;
  /** Counts searches started, so a page answering an older one is dropped. */
  generation: number;
  started(query: string, roomId: string | null): number;
  loadingMore(): void;
  /** A page of the search `generation`: the first replaces the results, later ones append. */
  arrived(
    generation: number,
    page: { results: SearchResult[]; hasMore: boolean; cursor?: string },
    more: boolean,
  ): void;
  failed(generation: number, code: string): void;
  reset(): void;
}

const idle = { query: '', roomId: null, results: [], hasMore: false, cursor: undefined, status: 'idle', error: null };

export function createSearchStore() {
  return createStore<SearchState>()((set, get) => ({
    ...(idle as Pick<SearchState, keyof typeof idle>),
    generation: 0,
    started: (query, roomId) => {
      const generation = get().generation + 1;
      set({ ...(idle as Pick<SearchState, keyof typeof idle>), query, roomId, status: 'loading', generation });
      return generation;
    },
    loadingMore: () => set({ status: 'loading', error: null }),
    arrived: (generation, page, more) => {
      if (generation !== get().generation) return;
      set((state) => ({
        results: more ? [...state.results, ...page.results] : page.results,
        hasMore: page.hasMore,
        cursor: page.cursor,
        status: 'done',
        error: null,
      }));
    },
    failed: (generation, code) => {
      if (generation === get().generation) set({ status: 'failed', error: code });
    },
    reset: () =>
      set((state) => ({ ...(idle as Pick<SearchState, keyof typeof idle>), generation: state.generation + 1 })),
  }));
}

export const searchStore = createSearchStore();

export function useSearch<T>(selector: (state: SearchState) => T): T {
  return useStore(searchStore, selector);
}
