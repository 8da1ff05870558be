import { Text, View } from '@tarojs/components';
import type { MessageReply } from '@tandem/protocol';
import { useCurrentUser } from '../../stores/profiles';
import { pressable } from '../../platform/pressable';
import { t } from '../../i18n';

/** The quoted message inside a reply; a tap jumps to the original (loading history when it is not held). */
export function MessageQuote({ reply, onJump }: { reply: MessageReply; onJump?(seq: number): void }) {
  const sender = useCurrentUser(reply.sender);
  const jump = () => onJump?.(reply.seq);
  return (
    <View
      className="message-quote"
      onClick={(event) => {
        event.stopPropagation();
        jump();
      }}
      aria-label={t('reply.jump', { name: sender.nickname })}
      {...pressable(jump)}
    >
      <Text className="message-quote-sender">{sender.nickname}</Text>
      <Text className="message-quote-text">{reply.excerpt}</Text>
    </View>
  );
}
