import { Text, View } from '@tarojs/components';
import type { Room, User } from '@tandem/protocol';
import { pressable } from '../platform/pressable';
import { roomTitle } from '../stores/room-title';
import { useSession } from '../stores/session';
import { useCurrentUser } from '../stores/profiles';
import { Avatar } from './Avatar';
import { formatTime, t } from '../i18n';

interface RoomItemProps {
  room: Room;
  unread: number;
  /** Unread messages mention the user: the list says so before the last message. */
  mentioned?: boolean;
  joined: boolean;
  /** The room open beside the list (wide screens). */
  selected?: boolean;
  onOpen(roomId: string): void;
}

export function RoomItem({ room, unread, mentioned = false, joined, selected = false, onOpen }: RoomItemProps) {
  const ownId = useSession((state) => state.user?.id);
  const title = roomTitle(room, ownId);
  // A direct conversation shows the other person's face; a room, its initial.
  const other = room.direct?.find((person) => person.id !== ownId);
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
      {other ? (
        <View className="room-item-person">
          <Avatar user={other} />
        </View>
      ) : (
        <View className="room-item-avatar" aria-hidden="true">
          <Text>{title.slice(0, 1).toUpperCase()}</Text>
        </View>
      )}
      <View className="room-item-body">
        <View className="room-item-row">
          <View className="room-item-title">
            {room.visibility === 'private' && !room.direct ? <View className="lock-mark room-item-lock" /> : null}
            <Text className="room-item-name">{title}</Text>
          </View>
          {last ? <Text className="room-item-time">{formatTime(last.createdAt)}</Text> : null}
        </View>
        <View className="room-item-row">
          {mentioned ? <Text className="room-item-mention">{t('rooms.mentioned')}</Text> : null}
          {last ? (
            <LastMessage sender={last.sender} text={last.text} />
          ) : (
            <Text className="room-item-last">{t('rooms.noMessages')}</Text>
          )}
          {unread > 0 ? <Text className="room-item-unread">{unread > 99 ? '99+' : String(unread)}</Text> : null}
        </View>
        <Text className="room-item-online">{t('rooms.online', { count: room.onlineCount })}</Text>
      </View>
    </View>
  );
}

/** The newest message, after its sender's avatar and name: who spoke last is what a chat list tells at a glance. */
function LastMessage({ sender, text }: { sender: User; text: string }) {
  const current = useCurrentUser(sender);
  return (
    <View className="room-item-last-row">
      <Avatar user={current} size="small" />
      <Text className="room-item-last">{`${current.nickname}: ${text}`}</Text>
    </View>
  );
}
