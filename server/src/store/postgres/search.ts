import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { containsPattern, toSearchPage } from '../search-rows';
import type { SearchRow } from '../search-rows';
import type { SearchStore } from '../types';
import type { Database } from './schema';
import { escapeText } from './text-codec';

/**
 * Message search (issue 12): ILIKE over `messages.text`, which matches any substring, two-character Chinese words
 * included, served by a pg_trgm GIN index for words of 3+ characters. pg_trgm ships with PostgreSQL (contrib) and is
 * a trusted extension, so a database owner may create it; where it cannot be created the migration says so and
 * search still works, by scanning the member rooms. Listed in MIGRATIONS as `013_message_search`.
 */
export const MESSAGE_SEARCH_MIGRATION: Migration = {
  async up(db) {
    await sql`
      DO $$
      BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX messages_text_trgm ON messages USING gin (text gin_trgm_ops);
      EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'message search runs without its pg_trgm index: %', SQLERRM;
      END
      $$;
    `.execute(db);
  },
};

/** A word as an ILIKE pattern over text as stored (escaped, see text-codec.ts: array elements are not). */
const storedPattern = (term: string): string => containsPattern(escapeText(term));

export function searchQueries(db: Kysely<Database>): SearchStore {
  return {
    async searchMessages(userId, { terms, roomId, limit, before }) {
      // Room ids compare byte-wise (COLLATE "C"), as SQLite compares them, whatever the database's collation.
      const after = before
        ? sql`AND (m.created_at, m.room_id COLLATE "C", m.seq) < (${before.createdAt}, ${before.roomId} COLLATE "C", ${before.seq})`
        : sql``;
      const { rows } = await sql<SearchRow>`
        SELECT m.id, m.room_id, m.seq, m.client_id, m.sender_id, u.nickname AS sender_nickname,
          u.avatar_version AS sender_avatar_version, m.text, m.created_at, m.edited_at, m.state, m.change_seq,
          m.reply, m.mentions, r.name AS room_name,
          r.direct_low, dl.nickname AS direct_low_nickname, dl.avatar_version AS direct_low_avatar_version,
          r.direct_high, dh.nickname AS direct_high_nickname, dh.avatar_version AS direct_high_avatar_version
        FROM memberships s JOIN messages m ON m.room_id = s.room_id
          JOIN users u ON u.id = m.sender_id JOIN rooms r ON r.id = m.room_id
          LEFT JOIN users dl ON dl.id = r.direct_low LEFT JOIN users dh ON dh.id = r.direct_high
        WHERE s.user_id = ${userId} ${roomId === undefined ? sql`` : sql`AND m.room_id = ${roomId}`}
          AND m.text ILIKE ALL (${terms.map(storedPattern)}::text[]) ${after}
        ORDER BY m.created_at DESC, m.room_id COLLATE "C" DESC, m.seq DESC
        LIMIT ${limit + 1}
      `.execute(db);
      return toSearchPage(rows, limit);
    },
  };
}
