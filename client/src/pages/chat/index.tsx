import { useEffect, useMemo } from 'react';
import { View } from '@tarojs/components';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { ChatRoom } from '../../components/ChatRoom';
import { useSessionGuard } from '../../components/useSessionGuard';
import { liveInvite, roomsStore } from '../../stores/rooms';
import { closeRoom, createInvite, openRoom, receiveInvite } from '../../services';
import { chatPath, getPageParams } from '../../platform/navigation';
import { usePageHide, usePageShow } from '../../platform/page';
import { useKeyboardHeight } from '../../platform/keyboard';
import { useShareCard } from '../../platform/share';
import type { ShareCard } from '../../platform/share';
import { t } from '../../i18n';
import './index.css';

/**
 * A room: `?roomId=<id>`, plus `&invite=<code>` when opened from an invite link or share card (kept through
 * sign-in until the room is joined with it), or `&seq=<n>` to open it at that message (a search result).
 */
export default function ChatPage() {
  const { roomId, invite, seq } = useMemo(() => {
    const params = getPageParams();
    const at = Number(params.seq);
    return {
      roomId: params.roomId ?? '',
      invite: params.invite,
      seq: Number.isSafeInteger(at) && at > 0 ? at : undefined,
    };
  }, []);
  // Kept before anything else: signed out, the guard sends the user to sign in, and the invite must wait there.
  useEffect(() => {
    if (invite) receiveInvite(roomId, invite);
  }, [roomId, invite]);
  const signedIn = useSessionGuard();
  // WeChat: the input does not push the page up (adjust-position off); the page lifts itself above the keyboard.
  const keyboardHeight = useKeyboardHeight();

  usePageShow(() => openRoom(roomId, invite));
  usePageHide(() => closeRoom(roomId));
  useShareCard(() => shareCard(roomId));

  if (!signedIn) return <View className="page" />;

  return (
    <View className="page chat-page" style={keyboardHeight > 0 ? { paddingBottom: `${keyboardHeight}px` } : undefined}>
      <ConnectionBanner />
      <ChatRoom roomId={roomId} focusSeq={seq} />
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
