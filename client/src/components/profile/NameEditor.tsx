import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { NICKNAME_MAX_LENGTH } from '@tandem/protocol';
import type { SessionUser } from '@tandem/protocol';
import { changeNickname } from '../../services';
import { nicknameInputType } from '../../platform/avatar';
import { pressable } from '../../platform/pressable';
import { errorText, t } from '../../i18n';

/** The display name others see (not the username): edited here, saved on demand. */
export function NameEditor({ user }: { user: SessionUser }) {
  const [name, setName] = useState(user.nickname);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  const unchanged = name.trim() === user.nickname || !name.trim();
  // A name saved here or on another device (user:updated) is what the field shows next.
  useEffect(() => setName(user.nickname), [user.nickname]);

  const save = async () => {
    if (busy || unchanged) return;
    setBusy(true);
    setNote(null);
    const result = await changeNickname(name);
    setBusy(false);
    if (result.ok) {
      setNote({ error: false, text: t('profile.nameSaved') });
    } else {
      setNote({ error: true, text: errorText(result.error.code) });
    }
  };

  return (
    <View className="profile-section profile-name">
      <Text className="profile-label">{t('profile.name')}</Text>
      <Text className="profile-hint">
        {user.username ? t('profile.nameHintAccount', { username: user.username }) : t('profile.nameHint')}
      </Text>
      <View className="form-row">
        <Input
          className="field profile-name-input"
          type={nicknameInputType}
          value={name}
          placeholder={t('signin.nickname')}
          maxlength={NICKNAME_MAX_LENGTH}
          onInput={(event) => setName(event.detail.value)}
          // WeChat's nickname input fills the WeChat name without an input event: its blur carries the value.
          onBlur={(event) => setName(event.detail.value)}
          onConfirm={() => void save()}
        />
        <Button
          className="primary-button profile-name-save"
          disabled={busy || unchanged}
          aria-disabled={busy || unchanged ? 'true' : 'false'}
          onClick={() => void save()}
          {...pressable(() => void save())}
        >
          <Text>{t(busy ? 'profile.nameSaving' : 'profile.nameSave')}</Text>
        </Button>
      </View>
      {note ? (
        <Text className={note.error ? 'form-error profile-name-error' : 'profile-note profile-name-saved'}>
          {note.text}
        </Text>
      ) : null}
    </View>
  );
}
