import { sql } from 'kysely';
import type { Migration } from 'kysely';

/**
 * Replies and mentions (issue 12), as the SQLite store's migration-replies.ts: a message's quoted message (JSON of
 * `MessageReply`, a snapshot) and mentioned user ids (JSON array) as text columns, and one row per mention keyed
 * (user, room, seq), so a member's unread mentions are range reads of the key (`'all'` is no user: no foreign key).
 * `stored_message` (a resend's answer) gains both columns; `append_messages` is the version of append-function.ts
 * that also stores them, each item carrying `reply` and `mentions` (strings, or null). Listed in MIGRATIONS as
 * `011_replies_mentions`. Never edit it once shipped.
 */
export const REPLIES_MENTIONS_MIGRATION: Migration = {
  async up(db) {
    await sql`
      ALTER TABLE messages ADD COLUMN reply text, ADD COLUMN mentions text;
      CREATE TABLE message_mentions (
        user_id text NOT NULL,
        room_id text NOT NULL REFERENCES rooms (id),
        seq bigint NOT NULL,
        PRIMARY KEY (user_id, room_id, seq)
      );
    `.execute(db);
    await sql.raw(STORED_MESSAGE_WITH_REPLY_FUNCTION).execute(db);
    await sql.raw(APPEND_MESSAGES_WITH_MENTIONS_FUNCTION).execute(db);
  },
};

const STORED_MESSAGE_WITH_REPLY_FUNCTION = `
CREATE OR REPLACE FUNCTION stored_message(sender text, client text) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    SELECT jsonb_build_object('ok', true, 'created', false, 'id', m.id, 'roomId', m.room_id, 'seq', m.seq,
      'clientId', m.client_id, 'senderId', m.sender_id, 'senderNickname', u.nickname,
      'senderAvatarVersion', u.avatar_version, 'text', m.text, 'createdAt', m.created_at, 'reply', m.reply,
      'mentions', m.mentions)
    FROM messages m JOIN users u ON u.id = m.sender_id
    WHERE m.sender_id = sender AND m.client_id = client);
END
$$;
`;

const APPEND_MESSAGES_WITH_MENTIONS_FUNCTION = `
CREATE OR REPLACE FUNCTION append_messages(batch jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  last_seqs jsonb;
  item jsonb;
  outcomes jsonb[] := '{}';
  -- One { r: roomId, u: senderId, s: seq } per stored message: the sender has read it.
  reads jsonb[] := '{}';
  outcome jsonb;
  new_seq bigint;
  new_id text;
  violated text;
BEGIN
  SELECT coalesce(jsonb_object_agg(locked.id, locked.last_seq), '{}') INTO last_seqs FROM (
    SELECT r.id, r.last_seq FROM rooms r
    WHERE r.id IN (SELECT DISTINCT e.value->>'roomId' FROM jsonb_array_elements(batch) AS e)
    ORDER BY r.id FOR UPDATE) AS locked;

  FOR item IN SELECT e.value FROM jsonb_array_elements(batch) WITH ORDINALITY AS e(value, position)
      ORDER BY e.position LOOP
    BEGIN
      outcome := stored_message(item->>'senderId', item->>'clientId');
      IF outcome IS NULL THEN
        IF NOT last_seqs ? (item->>'roomId') THEN
          RAISE EXCEPTION 'appendMessage: room % does not exist', item->>'roomId' USING ERRCODE = 'no_data_found';
        END IF;
        new_seq := (last_seqs->>(item->>'roomId'))::bigint + 1;
        new_id := gen_random_uuid()::text;
        INSERT INTO messages (id, room_id, seq, sender_id, client_id, text, created_at, reply, mentions)
        VALUES (new_id, item->>'roomId', new_seq, item->>'senderId', item->>'clientId', item->>'text',
          (item->>'createdAt')::bigint, item->>'reply', item->>'mentions');
        INSERT INTO message_mentions (user_id, room_id, seq)
        SELECT DISTINCT mentioned.id, item->>'roomId', new_seq
        FROM jsonb_array_elements_text(coalesce(item->>'mentions', '[]')::jsonb) AS mentioned(id);
        -- Last, once nothing in the block can fail: a variable keeps its value when the block rolls back.
        last_seqs := jsonb_set(last_seqs, ARRAY[item->>'roomId'], to_jsonb(new_seq));
        reads := array_append(reads, jsonb_build_object('r', item->>'roomId', 'u', item->>'senderId', 's', new_seq));
        outcome := jsonb_build_object('ok', true, 'created', true, 'id', new_id, 'seq', new_seq);
      END IF;
    EXCEPTION
      WHEN unique_violation THEN
        -- Another node stored the same (sender, clientId) and committed while this insert waited for it: answer the
        -- stored message, as for any resend.
        GET STACKED DIAGNOSTICS violated = CONSTRAINT_NAME;
        outcome := CASE WHEN violated = 'messages_sender_client'
          THEN stored_message(item->>'senderId', item->>'clientId') END;
        IF outcome IS NULL THEN
          outcome := jsonb_build_object('ok', false, 'code', SQLSTATE, 'message', SQLERRM);
        END IF;
      WHEN OTHERS THEN
        outcome := jsonb_build_object('ok', false, 'code', SQLSTATE, 'message', SQLERRM);
    END;
    outcomes := array_append(outcomes, outcome);
  END LOOP;

  UPDATE rooms r SET last_seq = s.value::bigint FROM jsonb_each_text(last_seqs) AS s
  WHERE r.id = s.key AND r.last_seq <> s.value::bigint;

  -- A message from me counts as read by me: each sender's membership moves to its newest message of the batch, one
  -- row per (room, sender). A row locked elsewhere is skipped, not waited for: a leave locks the membership before
  -- the room (this function locks the room first), so waiting could deadlock; a concurrent read:mark holds it for
  -- a moment, and the sender's next mark moves it on (meanwhile only a room:list would count that message unread).
  WITH wanted AS (
    SELECT e->>'r' AS room_id, e->>'u' AS user_id, max((e->>'s')::bigint) AS seq
    FROM unnest(reads) AS e GROUP BY 1, 2
  ), free AS (
    SELECT m.room_id, m.user_id, w.seq FROM memberships m JOIN wanted w USING (room_id, user_id)
    WHERE m.read_seq < w.seq ORDER BY m.room_id, m.user_id FOR UPDATE OF m SKIP LOCKED
  )
  UPDATE memberships m SET read_seq = f.seq FROM free f WHERE m.room_id = f.room_id AND m.user_id = f.user_id;
  RETURN to_jsonb(outcomes);
END
$$;
`;
