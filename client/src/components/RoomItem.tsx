import { Text, View } from '@tarojs/components';
import type { Room } from '@tandem/protocol';
import { pressable } from '../platform/pressable';
import { roomTitle } from '../stores/room-title';
import { useSession } from '../stores/session';
import { formatTime, t } from '../i18n';

interface RoomItemProps {
  room: Room;
  unread: number;
  joined: boolean;
  /** The room open beside the list (wide screens). */
  selected?: boolean;
  onOpen(roomId: string): void;
}

export function RoomItem({ room, unread, joined, selected = false, onOpen }: RoomItemProps) {
  const ownId = useSession((state) => state.user?.id);
  const title = roomTitle(room, ownId);
  const last = room.lastMessage;
  const open = () => onOpen(room.id);
  const classes = ['room-item', joined ? 'room-item--joined' : '', selected ? 'room-item--selected' : ''];
  return (
    <View
      className={classes.filter(Boolean).join(' ')}
      onClick={open}
      aria-current={selected ? 'true' : undefined}
      {...pressable(open)}
    >
      <View className="room-item-avatar" aria-hidden="true">
        <Text>{title.slice(0, 1).toUpperCase()}</Text>
      </View>
      <View className="room-item-body">
        <View className="room-item-row">
          <View className="room-item-title">
            {room.visibility === 'private' && !room.direct ? <View className="lock-mark room-item-lock" /> : null}
            <Text className="room-item-name">{title}</Text>
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
