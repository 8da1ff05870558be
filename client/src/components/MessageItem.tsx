import { Text, View } from '@tarojs/components';
import type { ChatMessage } from '../stores/messages';
import { formatTime, t } from '../i18n';

interface MessageItemProps {
  message: ChatMessage;
  own: boolean;
  /** DOM id for scroll-into-view. */
  anchorId: string;
  onRetry(clientId: string): void;
}

/** One message. Its text is a React text node only: never parsed as HTML or rich text. */
export function MessageItem({ message, own, anchorId, onRetry }: MessageItemProps) {
  const classes = [
    'message-item',
    own ? 'message-item--own' : 'message-item--other',
    `message-item--${message.status}`,
  ];
  return (
    <View id={anchorId} className={classes.join(' ')}>
      <View className="message-meta">
        {own ? null : <Text className="message-sender">{message.sender.nickname}</Text>}
        <Text className="message-time">{formatTime(message.createdAt)}</Text>
      </View>
      <View className="message-bubble">
        <Text className="message-text" userSelect>
          {message.text}
        </Text>
      </View>
      {message.status === 'pending' ? <Text className="message-status">{t('chat.pending')}</Text> : null}
      {message.status === 'failed' ? (
        <View className="message-status message-status--failed">
          <Text>{t('chat.failed')}</Text>
          <Text className="message-retry" onClick={() => onRetry(message.clientId)}>
            {t('chat.retry')}
          </Text>
        </View>
      ) : null}
    </View>
  );
}
