import { Text, View } from '@tarojs/components';
import { replyingStore, useReplying } from '../../stores/replying';
import { useCurrentUser } from '../../stores/profiles';
import { pressable } from '../../platform/pressable';
import { t } from '../../i18n';

/** Above the composer while replying: who and what is answered, and a way to drop the reply. */
export function QuoteBar({ roomId }: { roomId: string }) {
  const reply = useReplying((state) => state.byRoom[roomId]);
  if (!reply) return null;
  return <Quote roomId={roomId} nickname={reply.sender.nickname} senderId={reply.sender.id} excerpt={reply.excerpt} />;
}

function Quote({
  roomId,
  nickname,
  senderId,
  excerpt,
}: {
  roomId: string;
  nickname: string;
  senderId: string;
  excerpt: string;
}) {
  const sender = useCurrentUser({ id: senderId, nickname });
  const cancel = () => replyingStore.getState().cancel(roomId);
  return (
    <View className="quote-bar" aria-live="polite">
      <View className="quote-bar-body">
        <Text className="quote-bar-title">{t('reply.replyingTo', { name: sender.nickname })}</Text>
        <Text className="quote-bar-text">{excerpt}</Text>
      </View>
      <Text className="link-button quote-bar-cancel" onClick={cancel} {...pressable(cancel)}>
        {t('reply.cancel')}
      </Text>
    </View>
  );
}
