/**
 * Avatars (issue 11): the user's current avatar version (NULL: none) and the image itself, in the database so every
 * node of a deployment serves it. Appended to MIGRATIONS (migrations.ts) as the entry that makes `user_version` 8.
 */
export const AVATARS_MIGRATION = `
  ALTER TABLE users ADD COLUMN avatar_version INTEGER;
  CREATE TABLE avatars (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    -- WebP, re-encoded by the server: never the uploaded bytes.
    bytes BLOB NOT NULL,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  `;
