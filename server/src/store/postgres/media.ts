import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { mediaValues, refusedClaim, toMedia } from '../media-rows';
import type { MediaRow } from '../media-rows';
import type { MediaStore } from '../media-types';
import type { Database } from './schema';

/** Media metadata (issue 13); the bytes are in the media blob store, named by `hash`. Listed as `016_media`. */
export const MEDIA_MIGRATION: Migration = {
  async up(db) {
    await sql`
      CREATE TABLE media (
        id text PRIMARY KEY,
        owner_id text NOT NULL REFERENCES users (id),
        room_id text NOT NULL REFERENCES rooms (id),
        kind text NOT NULL,
        mime text NOT NULL,
        size bigint NOT NULL,
        hash text NOT NULL,
        thumb_hash text,
        width bigint,
        height bigint,
        duration_ms bigint,
        name text,
        created_at bigint NOT NULL,
        -- The owner's message that carries it (by its clientId); NULL until sent.
        client_id text
      );
      CREATE UNIQUE INDEX media_by_message ON media (owner_id, client_id) WHERE client_id IS NOT NULL;
      CREATE INDEX media_by_room_message ON media (room_id, client_id) WHERE client_id IS NOT NULL;
      CREATE INDEX media_by_owner ON media (owner_id);
      CREATE INDEX media_by_hash ON media (hash);
      CREATE INDEX media_by_thumb_hash ON media (thumb_hash) WHERE thumb_hash IS NOT NULL;
    `.execute(db);
  },
};

const UNIQUE_VIOLATION = '23505';

export function mediaQueries(db: Kysely<Database>): MediaStore {
  const findMedia = async (id: string) => {
    const row = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toMedia(row as MediaRow);
  };
  return {
    findMedia,
    async createMedia(media) {
      const row = await db.insertInto('media').values(mediaValues(media)).returningAll().executeTakeFirstOrThrow();
      return toMedia(row as MediaRow);
    },
    async claimMedia(id, ownerId, roomId, clientId) {
      try {
        const row = await db
          .updateTable('media')
          .set({ client_id: clientId })
          .where('id', '=', id)
          .where('owner_id', '=', ownerId)
          .where('room_id', '=', roomId)
          .where('client_id', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (row) return toMedia(row as MediaRow);
      } catch (error) {
        // The message `clientId` already carries another media of the owner.
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) return 'used';
        throw error;
      }
      return refusedClaim(await findMedia(id), ownerId, roomId, clientId);
    },
    async listMessageMedia(roomIds, clientIds) {
      if (roomIds.length === 0 || clientIds.length === 0) return [];
      const rows = await db
        .selectFrom('media')
        .selectAll()
        .where('room_id', 'in', roomIds)
        .where('client_id', 'in', clientIds)
        .execute();
      return rows.map((row) => toMedia(row as MediaRow));
    },
    async mediaUsage(ownerId) {
      const row = await db
        .selectFrom('media')
        .select(sql<string>`coalesce(sum(size), 0)`.as('total'))
        .where('owner_id', '=', ownerId)
        .executeTakeFirst();
      return Number(row?.total ?? 0);
    },
    async deleteMedia(id) {
      const { rows } = await sql<{ hash: string; referenced: boolean }>`
        WITH removed AS (DELETE FROM media WHERE id = ${id} RETURNING hash, thumb_hash),
          hashes AS (SELECT hash FROM removed UNION SELECT thumb_hash FROM removed WHERE thumb_hash IS NOT NULL)
        SELECT h.hash, EXISTS (
          SELECT 1 FROM media m WHERE (m.hash = h.hash OR m.thumb_hash = h.hash) AND m.id <> ${id}
        ) AS referenced
        FROM hashes h
      `.execute(db);
      if (rows.length === 0) return undefined;
      return rows.filter((row) => !row.referenced).map((row) => row.hash);
    },
  };
}
