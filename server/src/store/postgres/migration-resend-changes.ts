import { sql } from 'kysely';
import type { Migration } from 'kysely';

/**
 * A resend's answer (`stored_message`) carries the message's changes too (`editedAt`, `state`, `changeSeq`), so a
 * resend of a message recalled meanwhile answers its tombstone, as the SQLite store does. Listed in MIGRATIONS as
 * `015_resend_changes`. Never edit it once shipped.
 */
export const RESEND_CHANGES_MIGRATION: Migration = {
  async up(db) {
    await sql.raw(STORED_MESSAGE_WITH_CHANGES_FUNCTION).execute(db);
  },
};

const STORED_MESSAGE_WITH_CHANGES_FUNCTION = `
CREATE OR REPLACE FUNCTION stored_message(sender text, client text) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    SELECT jsonb_build_object('ok', true, 'created', false, 'id', m.id, 'roomId', m.room_id, 'seq', m.seq,
      'clientId', m.client_id, 'senderId', m.sender_id, 'senderNickname', u.nickname,
      'senderAvatarVersion', u.avatar_version, 'text', m.text, 'createdAt', m.created_at, 'reply', m.reply,
      'mentions', m.mentions, 'editedAt', m.edited_at, 'state', m.state, 'changeSeq', m.change_seq)
    FROM messages m JOIN users u ON u.id = m.sender_id
    WHERE m.sender_id = sender AND m.client_id = client);
END
$$;
`;
