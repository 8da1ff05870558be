import { searchTerms } from '@tandem/protocol';
import { highlightRanges } from '../search-highlights';
import { requireMember } from './access';
import { defineHandler } from './define';
import { decodeCursor, encodeCursor } from './search-cursor';

/**
 * Searches the messages of the user's rooms, or of `roomId` (members only: NOT_FOUND for an unknown room,
 * FORBIDDEN otherwise), newest first, each result with its room and the ranges of the matched words.
 */
export const searchMessages = defineHandler(
  'message:search',
  async ({ query, roomId, limit, cursor }, { services, user }) => {
    const before = cursor === undefined ? undefined : decodeCursor(cursor);
    if (roomId !== undefined) await requireMember(services.store, roomId, user.id);
    const terms = searchTerms(query);
    const { hits, hasMore } = await services.store.searchMessages(user.id, { terms, roomId, limit, before });
    const results = hits.map((hit) => ({ ...hit, highlights: highlightRanges(hit.message.text, terms) }));
    const last = hits[hits.length - 1]?.message;
    return hasMore && last ? { results, hasMore, cursor: encodeCursor(last) } : { results, hasMore };
  },
);

export const searchHandlers = [searchMessages];
