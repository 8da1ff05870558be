import { useEffect, useMemo, useRef, useState } from 'react';
import { ScrollView, Text, View } from '@tarojs/components';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { Composer } from '../../components/Composer';
import { MessageItem } from '../../components/MessageItem';
import { ChatHeader } from '../../components/ChatHeader';
import { TypingIndicator } from '../../components/TypingIndicator';
import { useSessionGuard } from '../../components/useSessionGuard';
import { emptyRoom } from '../../stores/message-merge';
import { hasOlder, useMessages } from '../../stores/messages';
import { useSession } from '../../stores/session';
import { closeRoom, loadOlder, openRoom, retryMessage } from '../../services/socket';
import { getPageParams } from '../../platform/navigation';
import { usePageHide, usePageShow } from '../../platform/page';
import { t } from '../../i18n';
import './index.css';

export default function ChatPage() {
  const signedIn = useSessionGuard();
  const roomId = useMemo(() => decodeURIComponent(getPageParams().id ?? ''), []);
  const ownId = useSession((state) => state.user?.id ?? null);
  const room = useMessages((state) => state.rooms[roomId] ?? emptyRoom);
  const loadingOlder = useMessages((state) => state.loadingOlder[roomId] ?? false);
  const [anchor, setAnchor] = useState('');
  const keepKeyInView = useRef<string | null>(null);
  const lastKey = room.keys[room.keys.length - 1];

  usePageShow(() => openRoom(roomId));
  usePageHide(() => closeRoom(roomId));
  useEffect(() => () => closeRoom(roomId), [roomId]);

  // New message at the bottom: scroll to it. Older page on top: keep the message that was first in view.
  useEffect(() => {
    const kept = keepKeyInView.current;
    if (kept !== null) {
      keepKeyInView.current = null;
      setAnchor(`msg-${room.keys.indexOf(kept)}`);
    } else if (lastKey !== undefined) {
      setAnchor(`msg-${room.keys.length - 1}`);
    }
  }, [room.keys, lastKey]);

  const older = () => {
    if (loadingOlder || !hasOlder(room)) return;
    keepKeyInView.current = room.keys[0] ?? null;
    void loadOlder(roomId);
  };

  if (!signedIn) return <View className="page" />;

  return (
    <View className="page chat-page">
      <ConnectionBanner />
      <ChatHeader roomId={roomId} />
      <ScrollView className="message-list" scrollY scrollIntoView={anchor} upperThreshold={40} onScrollToUpper={older}>
        <View className="message-list-top">
          {hasOlder(room) ? (
            <Text className="load-older" onClick={older}>
              {loadingOlder ? t('chat.loadingOlder') : t('chat.loadOlder')}
            </Text>
          ) : (
            <Text className="history-start">{room.keys.length > 0 ? t('chat.beginning') : t('chat.empty')}</Text>
          )}
        </View>
        {room.keys.map((key, index) => {
          const message = room.byKey[key];
          if (!message) return null;
          return (
            <MessageItem
              key={key}
              anchorId={`msg-${index}`}
              message={message}
              own={message.sender.id === ownId}
              onRetry={retryMessage}
            />
          );
        })}
      </ScrollView>
      <TypingIndicator roomId={roomId} />
      <Composer roomId={roomId} />
    </View>
  );
}
