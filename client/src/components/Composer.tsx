import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { MESSAGE_TEXT_MAX_LENGTH } from '@tandem/protocol';
import { useDrafts, draftsStore } from '../stores/drafts';
import { sendMessage, setTyping } from '../services';
import { pressable } from '../platform/pressable';
import { errorText, t } from '../i18n';

/** The message input: its text is the room's persisted draft; sending works offline (the outbox waits). */
export function Composer({ roomId }: { roomId: string }) {
  const draft = useDrafts((state) => state.byRoom[roomId] ?? '');
  const [error, setError] = useState<string | null>(null);
  const send = () => {
    const text = draftsStore.getState().byRoom[roomId] ?? '';
    if (!text.trim()) return;
    // Refused (the outbox is full): the draft stays, and the reason is shown.
    const result = sendMessage(roomId, text);
    setError(result.ok ? null : errorText(result.error.code));
  };

  return (
    <View className="composer">
      {error && <Text className="composer-error">{error}</Text>}
      <Input
        className="composer-input"
        value={draft}
        placeholder={t('chat.placeholder')}
        maxlength={MESSAGE_TEXT_MAX_LENGTH}
        confirmType="send"
        confirmHold
        // The chat page lifts itself above the keyboard (platform/keyboard): WeChat must not push the nav bar away.
        adjustPosition={false}
        onInput={(event) => {
          draftsStore.getState().setDraft(roomId, event.detail.value);
          setTyping(roomId, event.detail.value !== '');
        }}
        onConfirm={send}
        onBlur={() => setTyping(roomId, false)}
      />
      <Button
        className="composer-send"
        disabled={!draft.trim()}
        aria-disabled={draft.trim() ? 'false' : 'true'}
        onClick={send}
        {...pressable(send)}
      >
        <Text>{t('chat.send')}</Text>
      </Button>
    </View>
  );
}
