import { useCallback, useEffect, useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Composer } from './Composer';
import { ChatHeader } from './ChatHeader';
import { InvitePanel } from './InvitePanel';
import { MessageList } from './message-list/MessageList';
import { TypingIndicator } from './TypingIndicator';
import { emptyRoom } from '../stores/message-merge';
import { hasOlder, messagesStore, useMessages } from '../stores/messages';
import { roomsStore, useRooms } from '../stores/rooms';
import { useSession } from '../stores/session';
import { useSafety } from '../stores/safety';
import {
  closeRoom,
  followNewest,
  loadAround,
  loadNewer,
  loadNewest,
  loadOlder,
  openRoom,
  retryMessage,
} from '../services';
import { replyingStore } from '../stores/replying';
import { goToRooms } from '../platform/navigation';
import { t } from '../i18n';

interface ChatRoomProps {
  roomId: string;
  /** Beside the room list (wide screens): opened and closed with the component rather than the page. */
  embedded?: boolean;
  /** Opened at this message (a search result): the list shows it, marked, instead of the newest. */
  focusSeq?: number | undefined;
}

/** One room's header, messages, typing line and composer: the chat page's content, or the right-hand pane. */
export function ChatRoom({ roomId, embedded = false, focusSeq }: ChatRoomProps) {
  const ownId = useSession((state) => state.user?.id ?? null);
  const joined = useRooms((state) => state.joinedIds.includes(roomId));
  const joining = useSession((state) => state.pendingInvite?.roomId === roomId);
  const inviteRefused = useSession((state) => state.inviteFailure?.roomId === roomId);
  // The owner removed the user: the room is gone from here, and the view says why instead of offering to write.
  const removed = useSafety((state) => (joined ? undefined : state.removedFrom[roomId]));
  const [inviting, setInviting] = useState(false);
  const room = useMessages((state) => state.rooms[roomId] ?? emptyRoom);
  const loadingOlder = useMessages((state) => state.loadingOlder[roomId] ?? false);
  const loadingNewer = useMessages((state) => state.loadingNewer[roomId] ?? false);
  const newestSeq = useRooms((state) => state.byId[roomId]?.lastSeq ?? 0);
  // The first unread message when the room opened: a divider goes above it.
  // Only messages that were unread then: ones arriving while the room is open are read as they come.
  const [unreadAtOpen] = useState(() => {
    const rooms = roomsStore.getState();
    const readUpTo = rooms.lastReadSeq[roomId];
    return readUpTo === undefined ? null : { after: readUpTo, upTo: rooms.byId[roomId]?.lastSeq ?? readUpTo };
  });
  const firstUnreadKey = useMemo(() => {
    if (unreadAtOpen === null || unreadAtOpen.upTo <= unreadAtOpen.after) return null;
    const unread = (seq: number) => seq > unreadAtOpen.after && seq <= unreadAtOpen.upTo;
    return room.keys.find((key) => unread(room.byKey[key]?.seq ?? 0) && room.byKey[key]?.sender.id !== ownId) ?? null;
  }, [room, unreadAtOpen, ownId]);

  const boundHeld = useCallback(
    (reading: { firstKey: string; lastKey: string } | null) => {
      const messages = messagesStore.getState();
      if (reading) messages.trimAround(roomId, reading.firstKey, reading.lastKey);
      else messages.trimOlder(roomId);
    },
    [roomId],
  );
  const onFollowing = useCallback((following: boolean) => followNewest(roomId, following), [roomId]);

  useEffect(() => {
    if (embedded) openRoom(roomId);
    // A fresh list follows the newest messages (a room still holding an older window gets them back first), unless
    // it opens at a message.
    if (focusSeq === undefined) void loadNewest(roomId);
    else void loadAround(roomId, focusSeq);
    return () => {
      closeRoom(roomId);
      // Left while reading far back: the room comes back to its newest messages, where it opens next time.
      void loadNewest(roomId);
      messagesStore.getState().trimOlder(roomId);
    };
  }, [roomId, embedded, focusSeq]);
  const focusKey = useMemo(
    () => (focusSeq === undefined ? null : (room.keys.find((key) => room.byKey[key]?.seq === focusSeq) ?? null)),
    [room, focusSeq],
  );

  return (
    <View className={embedded ? 'chat-room chat-room--embedded' : 'chat-room'}>
      <ChatHeader roomId={roomId} embedded={embedded} onInvite={() => setInviting(true)} />
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
      {removed ? (
        <View className="chat-notice chat-removed">
          <Text className="form-error">{t(removed === 'banned' ? 'removed.banned' : 'removed.kicked')}</Text>
          <Text className="link-button" onClick={goToRooms}>
            {t('chat.toRooms')}
          </Text>
        </View>
      ) : null}
      <MessageList
        room={room}
        ownId={ownId}
        firstUnreadKey={firstUnreadKey}
        hasOlder={hasOlder(room)}
        loadingOlder={loadingOlder}
        loadingNewer={loadingNewer}
        newestSeq={newestSeq}
        fetchOlder={() => loadOlder(roomId)}
        fetchNewer={() => loadNewer(roomId)}
        fetchNewest={() => loadNewest(roomId)}
        boundHeld={boundHeld}
        onRetry={retryMessage}
        onReply={(reply) => replyingStore.getState().start(roomId, reply)}
        fetchAround={(seq) => loadAround(roomId, seq)}
        onFollowing={onFollowing}
        focusKey={focusKey}
      />
      <TypingIndicator roomId={roomId} />
      {/* Waiting for an invite's answer, or refused: nothing can be sent here yet. */}
      {joined || (!joining && !inviteRefused && !removed) ? <Composer roomId={roomId} /> : null}
    </View>
  );
}
