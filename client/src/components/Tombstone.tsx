import { Text, View } from '@tarojs/components';
import type { ChatMessage } from '../stores/messages';
import { t } from '../i18n';

interface TombstoneProps {
  message: ChatMessage;
  own: boolean;
  /** The sender's name as it is now. */
  name: string;
  anchorId: string;
}

/** A recalled or deleted message: a line in the timeline where it was, in every timeline alike. */
export function Tombstone({ message, own, name, anchorId }: TombstoneProps) {
  const text =
    message.state === 'deleted'
      ? t('chat.deletedByOwner')
      : own
        ? t('chat.recalledOwn')
        : t('chat.recalledBy', { name });
  return (
    <View id={anchorId} className={`message-tombstone message-tombstone--${message.state ?? ''}`}>
      <Text className="message-tombstone-text">{text}</Text>
    </View>
  );
}
