import { Text, View } from '@tarojs/components';
import type { User } from '@tandem/protocol';
import { usePresence } from '../stores/presence';
import { t } from '../i18n';

const nobody: Record<string, User> = {};

/** "Alice is typing…" for the others typing in a room; an empty line keeps the layout still. */
export function TypingIndicator({ roomId }: { roomId: string }) {
  const typing = usePresence((state) => state.typing[roomId] ?? nobody);
  const users = Object.values(typing);
  const text =
    users.length === 0
      ? ''
      : users.length === 1
        ? t('chat.typingOne', { name: users[0]?.nickname ?? '' })
        : t('chat.typingMany', { count: users.length });
  return (
    <View className={`typing-indicator${users.length > 0 ? ' typing-indicator--active' : ''}`}>
      <Text>{text}</Text>
    </View>
  );
}
