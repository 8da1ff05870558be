/**
 * Group commit in PostgreSQL: `append_messages(batch)` stores a batch of messages in ONE round trip and one
 * transaction (the statement's), answering one outcome per item in input order. Each item runs in its own
 * `BEGIN ... EXCEPTION` block (a subtransaction), so a failing item rolls back alone, its seq bump included.
 *
 * An item is `{ roomId, senderId, clientId, text, createdAt }`. Its outcome is `{ ok: true, created: true, id, seq }`,
 * the stored message for a (sender, clientId) already stored (`created: false`, also when it was stored earlier in
 * the same batch or by another node at the same moment), or `{ ok: false, code, message }`.
 *
 * The seq is taken with `UPDATE rooms ... RETURNING`, which locks the room's row until commit: writers on other
 * nodes wait for it, so seqs stay gapless and follow commit order.
 */

export const STORED_MESSAGE_FUNCTION = `
CREATE FUNCTION stored_message(sender text, client text) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('ok', true, 'created', false, 'id', m.id, 'roomId', m.room_id, 'seq', m.seq,
    'clientId', m.client_id, 'senderId', m.sender_id, 'senderNickname', u.nickname, 'text', m.text,
    'createdAt', m.created_at)
  FROM messages m JOIN users u ON u.id = m.sender_id
  WHERE m.sender_id = sender AND m.client_id = client
$$;
`;

export const APPEND_MESSAGES_FUNCTION = `
CREATE FUNCTION append_messages(batch jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  item jsonb;
  outcomes jsonb := '[]'::jsonb;
  outcome jsonb;
  new_seq bigint;
  new_id text;
  violated text;
BEGIN
  FOR item IN SELECT e.value FROM jsonb_array_elements(batch) WITH ORDINALITY AS e(value, position)
      ORDER BY e.position LOOP
    BEGIN
      outcome := stored_message(item->>'senderId', item->>'clientId');
      IF outcome IS NULL THEN
        UPDATE rooms SET last_seq = last_seq + 1 WHERE id = item->>'roomId' RETURNING last_seq INTO new_seq;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'appendMessage: room % does not exist', item->>'roomId' USING ERRCODE = 'no_data_found';
        END IF;
        new_id := gen_random_uuid()::text;
        INSERT INTO messages (id, room_id, seq, sender_id, client_id, text, created_at)
        VALUES (new_id, item->>'roomId', new_seq, item->>'senderId', item->>'clientId', item->>'text',
          (item->>'createdAt')::bigint);
        outcome := jsonb_build_object('ok', true, 'created', true, 'id', new_id, 'seq', new_seq);
      END IF;
    EXCEPTION
      WHEN unique_violation THEN
        -- Another node stored the same (sender, clientId) and committed while this insert waited for it; the
        -- block's seq bump is rolled back with it. Answer the stored message, as for any resend.
        GET STACKED DIAGNOSTICS violated = CONSTRAINT_NAME;
        outcome := CASE WHEN violated = 'messages_sender_client'
          THEN stored_message(item->>'senderId', item->>'clientId') END;
        IF outcome IS NULL THEN
          outcome := jsonb_build_object('ok', false, 'code', SQLSTATE, 'message', SQLERRM);
        END IF;
      WHEN OTHERS THEN
        outcome := jsonb_build_object('ok', false, 'code', SQLSTATE, 'message', SQLERRM);
    END;
    outcomes := outcomes || jsonb_build_array(outcome);
  END LOOP;
  RETURN outcomes;
END
$$;
`;
