import { useRef, useState } from 'react';
import type { User } from '@tandem/protocol';
import { Button, Text, View } from '@tarojs/components';
import { MESSAGE_TEXT_MAX_LENGTH } from '@tandem/protocol';
import { useDrafts, draftsStore } from '../stores/drafts';
import { editMessage, sendMessage, setTyping } from '../services';
import { editingStore, useEditing } from '../stores/editing';
import { ComposerInput } from '../platform/composer-input';
import { pressable } from '../platform/pressable';
import { errorText, t } from '../i18n';
import { usePresence } from '../stores/presence';
import { replyingStore } from '../stores/replying';
import { useSession } from '../stores/session';
import { MentionPicker } from './reply/MentionPicker';
import { QuoteBar } from './reply/QuoteBar';
import { insertMention, mentionQuery, mentionedIds, pickable } from './reply/mention-query';

const NO_MEMBERS: User[] = [];

/** The counter shows once the text is this close to the limit. */
const COUNTER_FROM = MESSAGE_TEXT_MAX_LENGTH - 500;

/**
 * The message input: its text is the room's persisted draft; sending works offline (the outbox waits). Lines are
 * kept. Near the limit a counter shows; past it nothing is sent (and nothing cut): the user shortens the text.
 */
export function Composer({ roomId }: { roomId: string }) {
  const savedDraft = useDrafts((state) => state.byRoom[roomId] ?? '');
  // Editing one's own message takes the input over (the draft waits), with "cancel" to leave it unchanged.
  const editing = useEditing((state) => state.byRoom[roomId]);
  const draft = editing ? editing.text : savedDraft;
  const [error, setError] = useState<string | null>(null);
  // Members picked from the `@` list; those still named in the text at sending are the message's mentions. A ref,
  // read when sending, as the text is read from its store: a send handler bound a render earlier (WeChat updates
  // handlers with the next setData) must not see an older list than the text it sends.
  const picked = useRef<User[]>([]);
  const members = usePresence((state) => state.members[roomId] ?? NO_MEMBERS);
  const ownId = useSession((state) => state.user?.id ?? null);
  const query = mentionQuery(draft);
  // What the server keeps, and counts: the text without surrounding space (UTF-16 units, as the protocol's limit).
  const length = draft.trim().length;
  const tooLong = length > MESSAGE_TEXT_MAX_LENGTH;
  const save = async (messageId: string, text: string) => {
    const failed = await editMessage(roomId, messageId, text);
    if (failed) setError(failed.code === 'CONFLICT' ? t('chat.alreadyGone') : errorText(failed.code));
    else editingStore.getState().stop(roomId);
  };
  const cancel = () => {
    editingStore.getState().stop(roomId);
    setError(null);
  };
  const send = () => {
    const edited = editingStore.getState().byRoom[roomId];
    const text = edited ? edited.text : (draftsStore.getState().byRoom[roomId] ?? '');
    if (!text.trim()) return;
    if (text.trim().length > MESSAGE_TEXT_MAX_LENGTH) {
      setError(t('chat.tooLong', { max: MESSAGE_TEXT_MAX_LENGTH }));
      return;
    }
    if (edited) return void save(edited.messageId, text);
    // Refused (the outbox is full): the draft stays, and the reason is shown.
    const reply = replyingStore.getState().byRoom[roomId];
    const result = sendMessage(roomId, text, { reply, mentions: mentionedIds(text, picked.current) });
    setError(result.ok ? null : errorText(result.error.code));
    if (!result.ok) return;
    replyingStore.getState().cancel(roomId);
    picked.current = [];
  };
  const pick = (user: User) => {
    picked.current = [...picked.current, user];
    input(insertMention(draftsStore.getState().byRoom[roomId] ?? '', user.nickname));
  };
  const input = (value: string) => {
    if (editingStore.getState().byRoom[roomId]) editingStore.getState().setText(roomId, value);
    else {
      draftsStore.getState().setDraft(roomId, value);
      setTyping(roomId, value !== '');
    }
    if (error) setError(null);
  };

  return (
    <View className="composer">
      <QuoteBar roomId={roomId} />
      {query !== null ? <MentionPicker members={pickable(members, query, ownId)} onPick={pick} /> : null}
      {error && <Text className="composer-error">{error}</Text>}
      {editing ? (
        <View className="composer-editing">
          <Text className="composer-editing-text">{t('chat.editing')}</Text>
          <Text className="link-button composer-edit-cancel" onClick={cancel} {...pressable(cancel)}>
            {t('chat.cancelEdit')}
          </Text>
        </View>
      ) : null}
      <ComposerInput
        value={draft}
        placeholder={t('chat.placeholder')}
        onInput={input}
        onSend={send}
        onBlur={() => setTyping(roomId, false)}
      />
      {length >= COUNTER_FROM ? (
        <Text
          className={`composer-counter${tooLong ? ' composer-counter--over' : ''}`}
          aria-label={t('chat.counter', { count: length, max: MESSAGE_TEXT_MAX_LENGTH })}
        >
          {`${length}/${MESSAGE_TEXT_MAX_LENGTH}`}
        </Text>
      ) : null}
      <Button
        className="composer-send"
        disabled={!draft.trim() || tooLong}
        aria-disabled={draft.trim() && !tooLong ? 'false' : 'true'}
        onClick={send}
        {...pressable(send)}
      >
        <Text>{t(editing ? 'chat.save' : 'chat.send')}</Text>
      </Button>
    </View>
  );
}
