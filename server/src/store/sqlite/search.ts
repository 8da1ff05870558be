import type Database from 'better-sqlite3';
import { containsPattern, isTrigramTerm, toSearchPage } from '../search-rows';
import type { SearchRow } from '../search-rows';
import type { SearchPage, SearchQuery } from '../types';

/**
 * Message search (issue 12): an FTS5 index with the trigram tokenizer over `messages.text` (external content, keyed
 * by the messages' rowid, which nothing rewrites: the store never runs VACUUM and backups copy pages), kept in step
 * by triggers. A blank text (a recalled or deleted message) is never indexed. The backfill of the messages already
 * stored runs in the migration. Issue 12 numbers it entry 12 of MIGRATIONS (migrations.ts), after the entries 10 and
 * 11 merged alongside it.
 */
export const MESSAGE_SEARCH_MIGRATION = `
  CREATE VIRTUAL TABLE message_search USING fts5 (
    text, content = 'messages', content_rowid = 'rowid', tokenize = 'trigram'
  );
  INSERT INTO message_search (rowid, text) SELECT rowid, text FROM messages WHERE text <> '';
  CREATE TRIGGER message_search_insert AFTER INSERT ON messages WHEN new.text <> '' BEGIN
    INSERT INTO message_search (rowid, text) VALUES (new.rowid, new.text);
  END;
  CREATE TRIGGER message_search_delete AFTER DELETE ON messages WHEN old.text <> '' BEGIN
    INSERT INTO message_search (message_search, rowid, text) VALUES ('delete', old.rowid, old.text);
  END;
  CREATE TRIGGER message_search_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, text) SELECT 'delete', old.rowid, old.text WHERE old.text <> '';
    INSERT INTO message_search (rowid, text) SELECT new.rowid, new.text WHERE new.text <> '';
  END;
`;

const COLUMNS = `m.id, m.room_id, m.seq, m.client_id, m.sender_id, u.nickname AS sender_nickname,
  u.avatar_version AS sender_avatar_version, m.text, m.created_at, m.edited_at, m.state, m.change_seq, m.reply,
  m.mentions, r.name AS room_name,
  r.direct_low, dl.nickname AS direct_low_nickname, dl.avatar_version AS direct_low_avatar_version,
  r.direct_high, dh.nickname AS direct_high_nickname, dh.avatar_version AS direct_high_avatar_version`;
const JOINS = `JOIN users u ON u.id = m.sender_id JOIN rooms r ON r.id = m.room_id
  LEFT JOIN users dl ON dl.id = r.direct_low LEFT JOIN users dh ON dh.id = r.direct_high`;
const ORDER = 'ORDER BY m.created_at DESC, m.room_id DESC, m.seq DESC';

/**
 * The page's rows: the matching messages' rowids are found and ordered first (small rows to sort), then only the
 * page is joined with its sender and room. With a word of 3+ characters the trigram index finds the candidates;
 * otherwise the member rooms are scanned. Words too short for trigrams are LIKE conditions, one per word.
 */
function searchSql(indexed: boolean, shortWords: number): string {
  const likes = Array.from({ length: shortWords }, (_, index) => `AND m.text LIKE @like${index} ESCAPE '\\'`);
  const source = indexed
    ? `message_search f JOIN messages m ON m.rowid = f.rowid WHERE message_search MATCH @match`
    : `messages m WHERE m.text <> ''`;
  const page = `SELECT m.rowid AS found FROM ${source}
    AND m.room_id IN (SELECT room_id FROM memberships WHERE user_id = @userId)
    AND (@roomId IS NULL OR m.room_id = @roomId)
    AND (m.created_at, m.room_id, m.seq) < (@beforeAt, @beforeRoom, @beforeSeq) ${likes.join(' ')}
    ${ORDER} LIMIT @limit`;
  return `SELECT ${COLUMNS} FROM (${page}) p JOIN messages m ON m.rowid = p.found ${JOINS} ${ORDER}`;
}

type Parameters = Record<string, string | number | null>;

/** An FTS5 query requiring every word as a phrase (a double quote inside one is doubled). */
const ftsQuery = (terms: string[]): string => terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' ');

/** The reader thread's share. */
export function searchReads(db: Database.Database) {
  // One statement per shape (index or scan, number of short words: at most SEARCH_MAX_TERMS), prepared once.
  const statements = new Map<string, Database.Statement<Parameters, SearchRow>>();
  const statement = (indexed: boolean, shortWords: number) => {
    const key = `${indexed}:${shortWords}`;
    let prepared = statements.get(key);
    if (!prepared) {
      prepared = db.prepare<Parameters, SearchRow>(searchSql(indexed, shortWords));
      statements.set(key, prepared);
    }
    return prepared;
  };
  return {
    searchMessages: (userId: string, { terms, roomId, limit, before }: SearchQuery): SearchPage => {
      const long = terms.filter(isTrigramTerm);
      const short = terms.filter((term) => !isTrigramTerm(term));
      const parameters: Parameters = {
        userId,
        roomId: roomId ?? null,
        beforeAt: before?.createdAt ?? Number.MAX_SAFE_INTEGER,
        beforeRoom: before?.roomId ?? '',
        beforeSeq: before?.seq ?? 0,
        limit: limit + 1,
      };
      short.forEach((term, index) => (parameters[`like${index}`] = containsPattern(term)));
      if (long.length > 0) parameters.match = ftsQuery(long);
      return toSearchPage(statement(long.length > 0, short.length).all(parameters), limit);
    },
  };
}
