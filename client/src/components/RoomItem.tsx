import { Text, View } from '@tarojs/components';
import type { Room } from '@tandem/protocol';
import { formatTime, t } from '../i18n';

interface RoomItemProps {
  room: Room;
  unread: number;
  joined: boolean;
  onOpen(roomId: string): void;
}

export function RoomItem({ room, unread, joined, onOpen }: RoomItemProps) {
  const last = room.lastMessage;
  return (
    <View className={`room-item${joined ? ' room-item--joined' : ''}`} onClick={() => onOpen(room.id)}>
      <View className="room-item-avatar">
        <Text>{room.name.slice(0, 1).toUpperCase()}</Text>
      </View>
      <View className="room-item-body">
        <View className="room-item-row">
          <View className="room-item-title">
            {room.visibility === 'private' ? <View className="lock-mark room-item-lock" /> : null}
            <Text className="room-item-name">{room.name}</Text>
          </View>
          {last ? <Text className="room-item-time">{formatTime(last.createdAt)}</Text> : null}
        </View>
        <View className="room-item-row">
          <Text className="room-item-last">
            {last ? `${last.sender.nickname}: ${last.text}` : t('rooms.noMessages')}
          </Text>
          {unread > 0 ? <Text className="room-item-unread">{unread > 99 ? '99+' : String(unread)}</Text> : null}
        </View>
        <Text className="room-item-online">{t('rooms.online', { count: room.onlineCount })}</Text>
      </View>
    </View>
  );
}
