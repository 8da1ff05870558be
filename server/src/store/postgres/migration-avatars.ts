import { sql } from 'kysely';
import type { Migration } from 'kysely';

/**
 * Avatars (issue 11): the user's current avatar version (NULL: none) and the image itself, in the database so every
 * node of a deployment serves it. `stored_message` (a resend's answer) gains the sender's avatar version; the
 * function keeps its signature, so `append_messages` calls the new body. Listed in MIGRATIONS as `009_avatars`.
 */
export const AVATARS_MIGRATION: Migration = {
  async up(db) {
    await sql`
      ALTER TABLE users ADD COLUMN avatar_version bigint;
      CREATE TABLE avatars (
        user_id text PRIMARY KEY REFERENCES users (id),
        -- WebP, re-encoded by the server: never the uploaded bytes.
        bytes bytea NOT NULL,
        version bigint NOT NULL,
        updated_at bigint NOT NULL
      );
    `.execute(db);
    await sql.raw(STORED_MESSAGE_WITH_AVATAR_FUNCTION).execute(db);
  },
};

const STORED_MESSAGE_WITH_AVATAR_FUNCTION = `
CREATE OR REPLACE FUNCTION stored_message(sender text, client text) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    SELECT jsonb_build_object('ok', true, 'created', false, 'id', m.id, 'roomId', m.room_id, 'seq', m.seq,
      'clientId', m.client_id, 'senderId', m.sender_id, 'senderNickname', u.nickname,
      'senderAvatarVersion', u.avatar_version, 'text', m.text, 'createdAt', m.created_at)
    FROM messages m JOIN users u ON u.id = m.sender_id
    WHERE m.sender_id = sender AND m.client_id = client);
END
$$;
`;
