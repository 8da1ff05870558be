/**
 * As shipped by migration 003 (never edit it: a migration that ran must mean the same thing everywhere). Migration
 * 004 replaces `append_messages` with the version in append-function.ts, which also reads the sender's messages.
 *
 * Group commit in PostgreSQL: `append_messages(batch)` stores a batch of messages in ONE round trip and one
 * transaction (the statement's), answering one outcome per item in input order. Each item runs in its own
 * `BEGIN ... EXCEPTION` block (a subtransaction), so a failing item rolls back alone.
 *
 * An item is `{ roomId, senderId, clientId, text, createdAt }`. Its outcome is `{ ok: true, created: true, id, seq }`,
 * the stored message for a (sender, clientId) already stored (`created: false`, also when it was stored earlier in
 * the same batch or by another node at the same moment), or `{ ok: false, code, message }`.
 *
 * Seqs: the batch first locks its rooms' rows (`SELECT ... FOR UPDATE`, in id order so writers on several nodes
 * never wait for each other in a cycle) and reads their last seq; each stored item takes the next one, and one
 * UPDATE per room writes the last back before commit. Writers elsewhere wait for the row locks, so seqs stay gapless
 * and follow commit order; a failed item takes no seq. Updating each room once per batch, rather than once per
 * message, keeps a large batch linear (repeated updates of one row in one transaction walk an ever longer chain of
 * row versions).
 */

export const STORED_MESSAGE_FUNCTION = `
CREATE FUNCTION stored_message(sender text, client text) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    SELECT jsonb_build_object('ok', true, 'created', false, 'id', m.id, 'roomId', m.room_id, 'seq', m.seq,
      'clientId', m.client_id, 'senderId', m.sender_id, 'senderNickname', u.nickname, 'text', m.text,
      'createdAt', m.created_at)
    FROM messages m JOIN users u ON u.id = m.sender_id
    WHERE m.sender_id = sender AND m.client_id = client);
END
$$;
`;

export const APPEND_MESSAGES_FUNCTION = `
CREATE FUNCTION append_messages(batch jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  last_seqs jsonb;
  item jsonb;
  outcomes jsonb[] := '{}';
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
        INSERT INTO messages (id, room_id, seq, sender_id, client_id, text, created_at)
        VALUES (new_id, item->>'roomId', new_seq, item->>'senderId', item->>'clientId', item->>'text',
          (item->>'createdAt')::bigint);
        -- Last, once nothing in the block can fail: a variable keeps its value when the block rolls back.
        last_seqs := jsonb_set(last_seqs, ARRAY[item->>'roomId'], to_jsonb(new_seq));
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
  RETURN to_jsonb(outcomes);
END
$$;
`;
