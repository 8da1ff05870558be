import { SEARCH_QUERY_MAX_LENGTH } from '@tandem/protocol';
import { searchStore } from '../stores/search';
import { request } from './connection/request';
import { currentRuntime } from './current';

/**
 * Message search (`message:search`): a new query replaces the results, "load more" appends the next page. A page
 * answering a search that was replaced meanwhile is dropped.
 */
export async function searchMessages(query: string, roomId: string | null = null): Promise<void> {
  const trimmed = query.trim();
  if (!trimmed || trimmed.length > SEARCH_QUERY_MAX_LENGTH) return;
  const generation = searchStore.getState().started(trimmed, roomId);
  await fetchPage(generation, undefined);
}

export async function loadMoreResults(): Promise<void> {
  const { hasMore, cursor, status, generation } = searchStore.getState();
  if (!hasMore || cursor === undefined || status === 'loading') return;
  searchStore.getState().loadingMore();
  await fetchPage(generation, cursor);
}

export function clearSearch(): void {
  searchStore.getState().reset();
}

async function fetchPage(generation: number, cursor: string | undefined): Promise<void> {
  const { query, roomId } = searchStore.getState();
  const payload = { query, ...(roomId === null ? {} : { roomId }), ...(cursor === undefined ? {} : { cursor }) };
  const result = await request(currentRuntime()?.socket ?? null, 'message:search', payload);
  if (result.ok) searchStore.getState().arrived(generation, result.data, cursor !== undefined);
  else searchStore.getState().failed(generation, result.error.code);
}
