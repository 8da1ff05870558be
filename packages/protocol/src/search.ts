import * as v from 'valibot';
import { MessageSchema, UserSchema } from './entities';

/**
 * Message search (issue 12): the words of `query` (split on white space, each matched as a substring in any letter
 * case, all of them required) in the messages of the rooms and direct conversations the user is a member of.
 * The request schema is in requests.ts with the others.
 */

/** The distinct words of a query as the server matches them: split on white space, at most `SEARCH_MAX_TERMS`. */
export function searchTerms(query: string): string[] {
  return [
    ...new Set(
      query
        .trim()
        .split(/\s+/u)
        .filter((term) => term !== ''),
    ),
  ];
}

/** Where a result's message belongs: enough to title it (a direct conversation by the other person). */
export const SearchRoomSchema = v.object({
  id: v.string(),
  name: v.string(),
  direct: v.optional(v.array(UserSchema)),
});
export type SearchRoom = v.InferOutput<typeof SearchRoomSchema>;

export const SearchResultSchema = v.object({
  message: MessageSchema,
  room: SearchRoomSchema,
  /**
   * The matched words in `message.text` as `[start, end)` UTF-16 offsets, ascending and not overlapping. Clients
   * render them as text segments, never as markup.
   */
  highlights: v.array(v.tuple([v.number(), v.number()])),
});
export type SearchResult = v.InferOutput<typeof SearchResultSchema>;
