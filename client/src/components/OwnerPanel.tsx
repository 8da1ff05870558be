import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { ROOM_NAME_MAX_LENGTH } from '@tandem/protocol';
import type { User } from '@tandem/protocol';
import { usePresence } from '../stores/presence';
import { useRooms } from '../stores/rooms';
import { removeMember, renameRoom, transferRoom } from '../services';
import type { Result } from '../services';
import { pressable } from '../platform/pressable';
import { errorText, t } from '../i18n';
import { ConfirmBar } from './ConfirmBar';

type Action = { kind: 'rename'; name: string } | { kind: 'remove' | 'ban' | 'transfer'; user: User };

const noOne: User[] = [];

function confirmText(action: Action): string {
  if (action.kind === 'rename') return t('owner.renameConfirm', { name: action.name });
  return t(`owner.${action.kind}Confirm`, { name: action.user.nickname });
}

function run(roomId: string, action: Action): Promise<Result<unknown>> {
  if (action.kind === 'rename') return renameRoom(roomId, action.name);
  if (action.kind === 'transfer') return transferRoom(roomId, action.user.id);
  return removeMember(roomId, action.user.id, action.kind === 'ban');
}

/** The owner's tools for a room (issue 12): rename it, and remove, ban or hand it to a member; each asked first. */
export function OwnerPanel({ roomId, ownId }: { roomId: string; ownId: string }) {
  const current = useRooms((state) => state.byId[roomId]?.name ?? '');
  const members = usePresence((state) => state.members[roomId] ?? noOne);
  const [name, setName] = useState(current);
  const [pending, setPending] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const askRename = () => {
    if (name.trim() && name.trim() !== current) setPending({ kind: 'rename', name: name.trim() });
  };
  const confirm = async (action: Action) => {
    setPending(null);
    const result = await run(roomId, action);
    setError(result.ok ? null : errorText(result.error.code));
  };

  return (
    <View className="owner-panel">
      <Text className="profile-label">{t('owner.title')}</Text>
      <View className="form-row">
        <Input
          className="field owner-rename-input"
          value={name}
          placeholder={t('owner.rename')}
          maxlength={ROOM_NAME_MAX_LENGTH}
          onInput={(event) => setName(event.detail.value)}
          onConfirm={askRename}
        />
        <Button className="primary-button owner-rename" onClick={askRename} {...pressable(askRename)}>
          <Text>{t('owner.renameSave')}</Text>
        </Button>
      </View>
      <Text className="profile-label">{t('owner.members')}</Text>
      {members.map((member) => (
        <View key={member.id} className="owner-member">
          <Text className="owner-member-name">
            {member.nickname}
            {member.id === ownId ? t('owner.you') : ''}
          </Text>
          {member.id === ownId
            ? null
            : (['remove', 'ban', 'transfer'] as const).map((kind) => {
                const ask = () => setPending({ kind, user: member });
                return (
                  <Text key={kind} className={`link-button owner-${kind}`} onClick={ask} {...pressable(ask)}>
                    {t(`owner.${kind}`)}
                  </Text>
                );
              })}
        </View>
      ))}
      {pending ? (
        <ConfirmBar
          text={confirmText(pending)}
          confirmLabel={pending.kind === 'rename' ? t('owner.renameSave') : t(`owner.${pending.kind}`)}
          confirmClass={`owner-${pending.kind}-confirm`}
          onConfirm={() => void confirm(pending)}
          onCancel={() => setPending(null)}
        />
      ) : null}
      {error ? <Text className="form-error owner-error">{error}</Text> : null}
    </View>
  );
}
