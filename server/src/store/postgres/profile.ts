import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { toUser } from '../rows';
import type { ProfileStore } from '../types';
import type { Database } from './schema';

const USER_COLUMNS = ['id', 'nickname', 'token_version', 'created_at', 'username', 'avatar_version'] as const;

/** The profile store's methods; an avatar write changes the user row and the image row in ONE statement (a CTE). */
export function profileQueries(db: Kysely<Database>): ProfileStore {
  return {
    async setNickname(userId, nickname) {
      const row = await db
        .updateTable('users')
        .set({ nickname })
        .where('id', '=', userId)
        .returning(USER_COLUMNS)
        .executeTakeFirst();
      return row && toUser(row);
    },
    async setAvatar(userId, bytes, updatedAt) {
      const version = sql<number>`greatest(${updatedAt}::bigint, coalesce(avatar_version, 0) + 1)`;
      const { rows } = await sql<Parameters<typeof toUser>[0]>`
        WITH bumped AS (
          UPDATE users SET avatar_version = ${version} WHERE id = ${userId}
          RETURNING id, nickname, token_version, created_at, username, avatar_version
        ), stored AS (
          INSERT INTO avatars (user_id, bytes, version, updated_at)
          SELECT id, ${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)}, avatar_version, ${updatedAt}
          FROM bumped
          ON CONFLICT (user_id) DO UPDATE SET bytes = excluded.bytes, version = excluded.version,
            updated_at = excluded.updated_at
        )
        SELECT * FROM bumped
      `.execute(db);
      const row = rows[0];
      return row && toUser(row);
    },
    async removeAvatar(userId) {
      const { rows } = await sql<Parameters<typeof toUser>[0]>`
        WITH removed AS (DELETE FROM avatars WHERE user_id = ${userId})
        UPDATE users SET avatar_version = NULL WHERE id = ${userId}
        RETURNING id, nickname, token_version, created_at, username, avatar_version
      `.execute(db);
      const row = rows[0];
      return row && toUser(row);
    },
    async findAvatar(userId) {
      const row = await db
        .selectFrom('avatars')
        .select(['bytes', 'version'])
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && { bytes: row.bytes, version: row.version };
    },
  };
}
