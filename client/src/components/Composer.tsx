import { Button, Input, View } from '@tarojs/components';
import { MESSAGE_TEXT_MAX_LENGTH } from '@tandem/protocol';
import { useDrafts, draftsStore } from '../stores/drafts';
import { sendMessage, setTyping } from '../services/socket';
import { t } from '../i18n';

/** The message input: its text is the room's persisted draft; sending works offline (the outbox waits). */
export function Composer({ roomId }: { roomId: string }) {
  const draft = useDrafts((state) => state.byRoom[roomId] ?? '');
  const send = () => {
    const text = draftsStore.getState().byRoom[roomId] ?? '';
    if (!text.trim()) return;
    sendMessage(roomId, text);
  };

  return (
    <View className="composer">
      <Input
        className="composer-input"
        value={draft}
        placeholder={t('chat.placeholder')}
        maxlength={MESSAGE_TEXT_MAX_LENGTH}
        confirmType="send"
        confirmHold
        adjustPosition
        onInput={(event) => {
          draftsStore.getState().setDraft(roomId, event.detail.value);
          setTyping(roomId, event.detail.value !== '');
        }}
        onConfirm={send}
        onBlur={() => setTyping(roomId, false)}
      />
      <Button className="composer-send" disabled={!draft.trim()} onClick={send}>
        {t('chat.send')}
      </Button>
    </View>
  );
}
