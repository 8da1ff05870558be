import type { SearchRoom } from '@tandem/protocol';
import { toMessage, userOf } from './rows';
import type { MessageRow } from './rows';
import type { SearchHit, SearchPage } from './types';

/** A found message with its room's name and, for a direct conversation, its two people (both backends select it). */
export interface SearchRow extends MessageRow {
  room_name: string;
  direct_low: string | null;
  direct_low_nickname: string | null;
  direct_low_avatar_version: number | null;
  direct_high: string | null;
  direct_high_nickname: string | null;
  direct_high_avatar_version: number | null;
}

export const toSearchHit = (row: SearchRow): SearchHit => {
  const room: SearchRoom = { id: row.room_id, name: row.room_name };
  if (row.direct_low && row.direct_high) {
    room.direct = [
      userOf(row.direct_low, row.direct_low_nickname ?? '', row.direct_low_avatar_version),
      userOf(row.direct_high, row.direct_high_nickname ?? '', row.direct_high_avatar_version),
    ];
  }
  return { message: toMessage(row), room };
};

/** Rows read with one more than `limit`: the extra one only says that more (older) results exist. */
export function toSearchPage(rows: SearchRow[], limit: number): SearchPage {
  return { hits: rows.slice(0, limit).map(toSearchHit), hasMore: rows.length > limit };
}

/** A word as a LIKE/ILIKE pattern matching it anywhere, its wildcards (and the escape character) taken literally. */
export const containsPattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The trigram index needs a word of 3 characters (code points) or more; shorter ones are matched by scanning. */
export const isTrigramTerm = (term: string): boolean => [...term].length >= 3;
