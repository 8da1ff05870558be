import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { User } from '@tandem/protocol';
import { usePresence } from '../stores/presence';
import { roomTitle } from '../stores/room-title';
import { useRooms } from '../stores/rooms';
import { useSession } from '../stores/session';
import { leaveRoom } from '../services';
import { goBack, goToRooms, goToSearch } from '../platform/navigation';
import { setPageTitle } from '../platform/page';
import { isWeb } from '../config';
import { pressable } from '../platform/pressable';
import { t } from '../i18n';
import { Avatar } from './Avatar';
import { ConfirmBar } from './ConfirmBar';
import { OwnerPanel } from './OwnerPanel';

/** Online members shown as avatars in the header; the names line lists everyone. */
const SHOWN_AVATARS = 8;

const noOne: User[] = [];

/** Room name (with a lock when private), id, who is online, the invite action, and the way out. */
interface ChatHeaderProps {
  roomId: string;
  /** Beside the room list: no back link, and the page title stays the list's. */
  embedded?: boolean;
  onInvite(): void;
}

export function ChatHeader({ roomId, embedded = false, onInvite }: ChatHeaderProps) {
  const ownId = useSession((state) => state.user?.id);
  const name = useRooms((state) => {
    const room = state.byId[roomId];
    return room ? roomTitle(room, ownId) : '';
  });
  // A direct conversation keeps its two people: no invites, no leaving, no id to pass around.
  const direct = useRooms((state) => state.byId[roomId]?.direct !== undefined);
  const isPrivate = useRooms((state) => state.byId[roomId]?.visibility === 'private') && !direct;
  const joined = useRooms((state) => state.joinedIds.includes(roomId));
  const online = usePresence((state) => state.online[roomId] ?? noOne);
  const owner = useRooms((state) => ownId !== undefined && state.byId[roomId]?.ownerId === ownId) && joined && !direct;
  const [managing, setManaging] = useState(false);
  const toggleManaging = () => setManaging((open) => !open);

  useEffect(() => {
    if (name && !embedded) setPageTitle(name);
  }, [name, embedded]);

  const [leaving, setLeaving] = useState(false);
  const leave = async () => {
    setLeaving(false);
    if (!(await leaveRoom(roomId))) goToRooms();
  };
  const askToLeave = () => setLeaving(true);
  const searchHere = () => goToSearch(roomId);

  return (
    <View className="chat-header">
      <View className="chat-header-row">
        {isWeb && !embedded ? (
          <Text className="link-button chat-back" onClick={goBack} {...pressable(goBack)}>
            ‹ {t('chat.back')}
          </Text>
        ) : null}
        {isPrivate ? <View className="lock-mark chat-lock" /> : null}
        <Text className="chat-title">{name}</Text>
        {joined ? (
          <Text className="link-button room-search" onClick={searchHere} {...pressable(searchHere)}>
            {t('search.open')}
          </Text>
        ) : null}
        {joined && !direct ? (
          <Text className="link-button room-invite" onClick={onInvite} {...pressable(onInvite)}>
            {t('chat.invite')}
          </Text>
        ) : null}
        {owner ? (
          <Text className="link-button room-manage" onClick={toggleManaging} {...pressable(toggleManaging)}>
            {t(managing ? 'owner.close' : 'owner.manage')}
          </Text>
        ) : null}
        {joined && !direct ? (
          <Text className="link-button room-leave" onClick={askToLeave} {...pressable(askToLeave)}>
            {t('chat.leave')}
          </Text>
        ) : null}
      </View>
      {owner && managing && ownId ? <OwnerPanel roomId={roomId} ownId={ownId} /> : null}
      {leaving ? (
        <ConfirmBar
          text={t(isPrivate ? 'chat.leaveConfirmPrivate' : 'chat.leaveConfirm')}
          confirmLabel={t('chat.leave')}
          confirmClass="room-leave-confirm"
          onConfirm={() => void leave()}
          onCancel={() => setLeaving(false)}
        />
      ) : null}
      {direct ? null : (
        <Text className="chat-room-id" userSelect>
          {t('chat.roomId', { id: roomId })}
        </Text>
      )}
      <View className="online-members">
        <Text className="online-dot" />
        {online.length > 0 ? (
          <View className="online-member-avatars">
            {online.slice(0, SHOWN_AVATARS).map((user) => (
              <Avatar key={user.id} user={user} size="small" />
            ))}
          </View>
        ) : null}
        <Text className="online-members-text">
          {t('chat.online', { names: online.map((user) => user.nickname).join(', ') || '-' })}
        </Text>
      </View>
    </View>
  );
}
