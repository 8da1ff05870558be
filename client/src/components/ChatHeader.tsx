import { useEffect } from 'react';
import { Text, View } from '@tarojs/components';
import type { User } from '@tandem/protocol';
import { usePresence } from '../stores/presence';
import { useRooms } from '../stores/rooms';
import { leaveRoom } from '../services';
import { goBack, goToRooms } from '../platform/navigation';
import { setPageTitle } from '../platform/page';
import { isWeb } from '../config';
import { t } from '../i18n';

const noOne: User[] = [];

/** Room name (with a lock when private), id, who is online, the invite action, and the way out. */
export function ChatHeader({ roomId, onInvite }: { roomId: string; onInvite(): void }) {
  const name = useRooms((state) => state.byId[roomId]?.name ?? '');
  const isPrivate = useRooms((state) => state.byId[roomId]?.visibility === 'private');
  const joined = useRooms((state) => state.joinedIds.includes(roomId));
  const online = usePresence((state) => state.online[roomId] ?? noOne);

  useEffect(() => {
    if (name) setPageTitle(name);
  }, [name]);

  const leave = async () => {
    if (!(await leaveRoom(roomId))) goToRooms();
  };

  return (
    <View className="chat-header">
      <View className="chat-header-row">
        {isWeb ? (
          <Text className="link-button chat-back" onClick={goBack}>
            ‹ {t('chat.back')}
          </Text>
        ) : null}
        {isPrivate ? <View className="lock-mark chat-lock" /> : null}
        <Text className="chat-title">{name}</Text>
        {joined ? (
          <Text className="link-button room-invite" onClick={onInvite}>
            {t('chat.invite')}
          </Text>
        ) : null}
        {joined ? (
          <Text className="link-button room-leave" onClick={() => void leave()}>
            {t('chat.leave')}
          </Text>
        ) : null}
      </View>
      <Text className="chat-room-id" userSelect>
        {t('chat.roomId', { id: roomId })}
      </Text>
      <View className="online-members">
        <Text className="online-dot" />
        <Text className="online-members-text">
          {t('chat.online', { names: online.map((user) => user.nickname).join(', ') || '-' })}
        </Text>
      </View>
    </View>
  );
}
