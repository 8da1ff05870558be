import type Database from 'better-sqlite3';
import { mediaValues, refusedClaim, toMedia } from '../media-rows';
import type { MediaRow } from '../media-rows';
import type { MediaClaim, MediaRecord, NewMedia } from '../media-types';

/**
 * Media metadata (issue 13); the bytes are in the media blob store, named by `hash`. Listed in MIGRATIONS
 * (migrations.ts) as entry 15.
 */
export const MEDIA_MIGRATION = `
  CREATE TABLE media (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users (id),
    room_id TEXT NOT NULL REFERENCES rooms (id),
    kind TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    hash TEXT NOT NULL,
    thumb_hash TEXT,
    width INTEGER,
    height INTEGER,
    duration_ms INTEGER,
    name TEXT,
    created_at INTEGER NOT NULL,
    -- The owner's message that carries it (by its clientId); NULL until sent.
    client_id TEXT
  ) STRICT;
  CREATE UNIQUE INDEX media_by_message ON media (owner_id, client_id) WHERE client_id IS NOT NULL;
  CREATE INDEX media_by_room_message ON media (room_id, client_id) WHERE client_id IS NOT NULL;
  CREATE INDEX media_by_owner ON media (owner_id);
  CREATE INDEX media_by_hash ON media (hash);
  CREATE INDEX media_by_thumb_hash ON media (thumb_hash) WHERE thumb_hash IS NOT NULL;
`;

function statements(db: Database.Database) {
  return {
    find: db.prepare<[string], MediaRow>('SELECT * FROM media WHERE id = ?'),
    usage: db.prepare<[string], { total: number }>(
      'SELECT coalesce(sum(size), 0) AS total FROM media WHERE owner_id = ?',
    ),
    insert: db.prepare<[ReturnType<typeof mediaValues>], MediaRow>(
      `INSERT INTO media (id, owner_id, room_id, kind, mime, size, hash, thumb_hash, width, height, duration_ms, name,
         created_at)
       VALUES (@id, @owner_id, @room_id, @kind, @mime, @size, @hash, @thumb_hash, @width, @height, @duration_ms, @name,
         @created_at) RETURNING *`,
    ),
    messageHasMedia: db.prepare<[string, string], { id: string }>(
      'SELECT id FROM media WHERE owner_id = ? AND client_id = ?',
    ),
    claim: db.prepare<[string, string, string, string], MediaRow>(
      `UPDATE media SET client_id = ? WHERE id = ? AND owner_id = ? AND room_id = ? AND client_id IS NULL RETURNING *`,
    ),
    remove: db.prepare<[string], MediaRow>('DELETE FROM media WHERE id = ? RETURNING *'),
    referenced: db.prepare<[string, string], { one: number }>(
      'SELECT 1 AS one FROM media WHERE hash = ? OR thumb_hash = ? LIMIT 1',
    ),
  };
}

/** The reader thread's share. */
export function mediaReads(db: Database.Database) {
  const sql = statements(db);
  return {
    findMedia: (id: string): MediaRecord | undefined => {
      const row = sql.find.get(id);
      return row && toMedia(row);
    },
    listMessageMedia: (roomIds: string[], clientIds: string[]): MediaRecord[] => {
      if (roomIds.length === 0 || clientIds.length === 0) return [];
      const list = (values: string[]) => values.map(() => '?').join(', ');
      const rows = db
        .prepare<string[], MediaRow>(
          `SELECT * FROM media WHERE room_id IN (${list(roomIds)}) AND client_id IN (${list(clientIds)})`,
        )
        .all(...roomIds, ...clientIds);
      return rows.map(toMedia);
    },
    mediaUsage: (ownerId: string): number => sql.usage.get(ownerId)?.total ?? 0,
  };
}

/** The writer thread's share; each runs in its own savepoint of the writer's batch. */
export function mediaWrites(db: Database.Database) {
  const sql = statements(db);
  const find = (id: string) => {
    const row = sql.find.get(id);
    return row && toMedia(row);
  };
  return {
    createMedia: (media: NewMedia): MediaRecord => toMedia(sql.insert.get(mediaValues(media)) as MediaRow),
    claimMedia: (id: string, ownerId: string, roomId: string, clientId: string): MediaClaim => {
      const carried = sql.messageHasMedia.get(ownerId, clientId);
      if (carried && carried.id !== id) return find(id) ? 'used' : 'not-found';
      const row = sql.claim.get(clientId, id, ownerId, roomId);
      return row ? toMedia(row) : refusedClaim(find(id), ownerId, roomId, clientId);
    },
    deleteMedia: (id: string): string[] | undefined => {
      const row = sql.remove.get(id);
      if (!row) return undefined;
      const hashes = [row.hash, ...(row.thumb_hash === null ? [] : [row.thumb_hash])];
      return hashes.filter((hash) => !sql.referenced.get(hash, hash));
    },
  };
}
