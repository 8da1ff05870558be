import { useEffect, useMemo, useRef, useState } from 'react';
import { ScrollView, Text, View } from '@tarojs/components';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { Composer } from '../../components/Composer';
import { MessageItem } from '../../components/MessageItem';
import { ChatHeader } from '../../components/ChatHeader';
import { InvitePanel } from '../../components/InvitePanel';
import { TypingIndicator } from '../../components/TypingIndicator';
import { useSessionGuard } from '../../components/useSessionGuard';
import { emptyRoom } from '../../stores/message-merge';
import { hasOlder, useMessages } from '../../stores/messages';
import { liveInvite, roomsStore, useRooms } from '../../stores/rooms';
import { useSession } from '../../stores/session';
import { closeRoom, createInvite, loadOlder, openRoom, receiveInvite, retryMessage } from '../../services';
import { chatPath, getPageParams, goToRooms } from '../../platform/navigation';
import { usePageHide, usePageShow } from '../../platform/page';
import { useShareCard } from '../../platform/share';
import type { ShareCard } from '../../platform/share';
import { t } from '../../i18n';
import './index.css';

/**
 * A room: `?roomId=<id>`, plus `&invite=<code>` when opened from an invite link or share card (kept through
 * sign-in until the room is joined with it).
 */
export default function ChatPage() {
  const { roomId, invite } = useMemo(() => {
    const params = getPageParams();
    return { roomId: params.roomId ?? '', invite: params.invite };
  }, []);
  // Kept before anything else: signed out, the guard sends the user to sign in, and the invite must wait there.
  useEffect(() => {
    if (invite) receiveInvite(roomId, invite);
  }, [roomId, invite]);
  const signedIn = useSessionGuard();
  const ownId = useSession((state) => state.user?.id ?? null);
  const joined = useRooms((state) => state.joinedIds.includes(roomId));
  const joining = useSession((state) => state.pendingInvite?.roomId === roomId);
  const inviteRefused = useSession((state) => state.inviteFailure?.roomId === roomId);
  const [inviting, setInviting] = useState(false);
  const room = useMessages((state) => state.rooms[roomId] ?? emptyRoom);
  const loadingOlder = useMessages((state) => state.loadingOlder[roomId] ?? false);
  const [anchor, setAnchor] = useState('');
  const keepKeyInView = useRef<string | null>(null);
  const lastKey = room.keys[room.keys.length - 1];

  usePageShow(() => openRoom(roomId, invite));
  usePageHide(() => closeRoom(roomId));
  useShareCard(() => shareCard(roomId));
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
      <ChatHeader roomId={roomId} onInvite={() => setInviting(true)} />
      {inviting ? <InvitePanel roomId={roomId} onClose={() => setInviting(false)} /> : null}
      {!joined && joining ? <Text className="chat-notice chat-joining">{t('chat.joining')}</Text> : null}
      {!joined && inviteRefused ? (
        <View className="chat-notice chat-invite-refused">
          <Text className="form-error">{t('chat.inviteRefused')}</Text>
          <Text className="link-button" onClick={goToRooms}>
            {t('chat.toRooms')}
          </Text>
        </View>
      ) : null}
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
      {/* Waiting for an invite's answer, or refused: nothing can be sent here yet. */}
      {joined || (!joining && !inviteRefused) ? <Composer roomId={roomId} /> : null}
    </View>
  );
}

/**
 * The room's WeChat forward card (the menu's "forward" and the invite panel's button): it carries an invite code,
 * so a friend can join a private room. Shared before any invite was made, the card waits for a fresh one.
 */
function shareCard(roomId: string): ShareCard {
  const rooms = roomsStore.getState();
  const title = t('invite.shareTitle', { name: rooms.byId[roomId]?.name ?? t('appName') });
  const invite = liveInvite(rooms, roomId);
  if (invite) return { title, path: chatPath(roomId, invite.code) };
  const promise = createInvite(roomId).then((result) => ({
    title,
    path: chatPath(roomId, result.ok ? result.data.code : undefined),
  }));
  return { title, path: chatPath(roomId), promise };
}
