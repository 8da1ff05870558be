import { useMemo, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { ROOM_NAME_MAX_LENGTH } from '@tandem/protocol';
import { useShallow } from 'zustand/react/shallow';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { Avatar } from '../../components/Avatar';
import { DirectByUsername } from '../../components/DirectByUsername';
import { RoomItem } from '../../components/RoomItem';
import { ChatRoom } from '../../components/ChatRoom';
import { useSessionGuard } from '../../components/useSessionGuard';
import { sortedRooms, unreadCount, useRooms } from '../../stores/rooms';
import { useSession } from '../../stores/session';
import { unreadMentions, useMentions } from '../../stores/mentions';
import { createRoom, joinRoom, listRooms } from '../../services';
import { goToChat, goToProfile, goToSearch } from '../../platform/navigation';
import { useWideLayout } from '../../platform/layout';
import { pressable } from '../../platform/pressable';
import { setPageTitle, usePageShow } from '../../platform/page';
import { errorText, t } from '../../i18n';
import '../chat/index.css';
import './index.css';

export default function RoomsPage() {
  const signedIn = useSessionGuard();
  const user = useSession((state) => state.user);
  const { byId, joinedIds, lastReadSeq } = useRooms(
    useShallow(({ byId, joinedIds, lastReadSeq }) => ({ byId, joinedIds, lastReadSeq })),
  );
  const mentions = useMentions((state) => state.byRoom);
  const rooms = useMemo(() => sortedRooms({ byId, joinedIds }), [byId, joinedIds]);
  const [newName, setNewName] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [joinId, setJoinId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // 900 px and wider: the open room sits beside the list instead of on its own page.
  const wide = useWideLayout();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const show = (roomId: string) => (wide ? setSelectedId(roomId) : goToChat(roomId));

  usePageShow(() => {
    setPageTitle(t('rooms.title'));
    if (signedIn) void listRooms();
  });

  const run = async (action: () => Promise<string | null>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const failedCode = await action();
    setBusy(false);
    if (failedCode) setError(errorText(failedCode));
  };

  const create = () =>
    run(async () => {
      const result = await createRoom(newName, isPrivate ? 'private' : 'public');
      if (!result.ok) return result.error.code;
      setNewName('');
      setPrivate(false);
      show(result.data.id);
      return null;
    });

  const join = () =>
    run(async () => {
      const roomId = joinId.trim();
      const failed = await joinRoom(roomId);
      if (failed) return failed.code;
      setJoinId('');
      show(roomId);
      return null;
    });

  const open = (roomId: string) =>
    run(async () => {
      if (!joinedIds.includes(roomId)) {
        const failed = await joinRoom(roomId);
        if (failed) return failed.code;
      }
      show(roomId);
      return null;
    });

  const searchAll = () => goToSearch();

  if (!signedIn || !user) return <View className="page" />;

  return (
    <View className={`page rooms-page${wide ? ' rooms-page--wide' : ''}`}>
      <ConnectionBanner />
      <View className="rooms-layout">
        <View className="rooms-column">
          <View className="rooms-header">
            {/*
              The user's own avatar and name: the way to the profile (name, avatar, devices, signing out). Its
              accessible name is the visible name (the avatar is decorative); the link beside it says "My profile".
            */}
            <View className="rooms-profile" onClick={goToProfile} {...pressable(goToProfile)}>
              <Avatar user={user} />
              <Text className="rooms-user">{user.nickname}</Text>
            </View>
            <Text className="link-button rooms-search" onClick={searchAll} {...pressable(searchAll)}>
              {t('search.open')}
            </Text>
            <Text className="link-button rooms-profile-link" onClick={goToProfile} {...pressable(goToProfile)}>
              {t('profile.title')}
            </Text>
          </View>
          <View className="rooms-forms">
            <View className="form-row">
              <Input
                className="field room-create-name"
                value={newName}
                placeholder={t('rooms.createPlaceholder')}
                maxlength={ROOM_NAME_MAX_LENGTH}
                onInput={(event) => setNewName(event.detail.value)}
                onConfirm={() => void create()}
              />
              <Button
                className="primary-button room-create-submit"
                disabled={busy || !newName.trim()}
                aria-disabled={busy || !newName.trim() ? 'true' : 'false'}
                onClick={() => void create()}
                {...pressable(() => void create())}
              >
                <Text>{t('rooms.create')}</Text>
              </Button>
            </View>
            <View className="visibility-choice">
              <View
                className={`visibility-option room-create-public${isPrivate ? '' : ' visibility-option--on'}`}
                onClick={() => setPrivate(false)}
                aria-pressed={isPrivate ? 'false' : 'true'}
                {...pressable(() => setPrivate(false))}
              >
                <Text>{t('rooms.public')}</Text>
              </View>
              <View
                className={`visibility-option room-create-private${isPrivate ? ' visibility-option--on' : ''}`}
                onClick={() => setPrivate(true)}
                aria-pressed={isPrivate ? 'true' : 'false'}
                {...pressable(() => setPrivate(true))}
              >
                <View className="lock-mark" />
                <Text>{t('rooms.private')}</Text>
              </View>
            </View>
            <View className="form-row">
              <Input
                className="field room-join-id"
                value={joinId}
                placeholder={t('rooms.joinPlaceholder')}
                onInput={(event) => setJoinId(event.detail.value)}
                onConfirm={() => void join()}
              />
              <Button
                className="secondary-button room-join-submit"
                disabled={busy || !joinId.trim()}
                aria-disabled={busy || !joinId.trim() ? 'true' : 'false'}
                onClick={() => void join()}
                {...pressable(() => void join())}
              >
                <Text>{t('rooms.join')}</Text>
              </Button>
            </View>
            <DirectByUsername onOpened={show} />
            {error ? <Text className="form-error rooms-error">{error}</Text> : null}
          </View>
          <View className="room-list">
            {rooms.length === 0 ? <Text className="empty-hint">{t('rooms.empty')}</Text> : null}
            {rooms.map((room) => (
              <RoomItem
                key={room.id}
                room={room}
                joined={joinedIds.includes(room.id)}
                unread={unreadCount({ byId, joinedIds, lastReadSeq }, room.id)}
                mentioned={
                  joinedIds.includes(room.id) &&
                  unreadMentions(mentions[room.id], lastReadSeq[room.id] ?? room.lastSeq) > 0
                }
                selected={wide && room.id === selectedId}
                onOpen={(roomId) => void open(roomId)}
              />
            ))}
          </View>
        </View>
        {wide ? (
          <View className="chat-pane">
            {selectedId ? (
              <ChatRoom key={selectedId} roomId={selectedId} embedded />
            ) : (
              <Text className="empty-hint chat-pane-empty">{t('rooms.pickRoom')}</Text>
            )}
          </View>
        ) : null}
      </View>
    </View>
  );
}
