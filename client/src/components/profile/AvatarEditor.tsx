import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { SessionUser } from '@tandem/protocol';
import { chooseAndUploadAvatar, removeAvatar, uploadChosenAvatar } from '../../services';
import type { Result } from '../../services';
import { avatarPicker } from '../../platform/avatar';
import { pressable } from '../../platform/pressable';
import { errorText, t } from '../../i18n';
import { Avatar } from '../Avatar';

/**
 * The user's avatar with the ways to change it: a file picker on the web, WeChat's avatar button in the mini
 * program (`open-type="chooseAvatar"`: the user picks a photo or its WeChat avatar; a privacy-protected component,
 * see PrivacyBar). The server checks and re-encodes the image; a refused one says why.
 */
export function AvatarEditor({ user }: { user: SessionUser }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<Result<unknown>>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await action();
    setBusy(false);
    if (!result.ok) setError(avatarErrorText(result.error.code));
  };
  const pick = () => void run(chooseAndUploadAvatar);
  const remove = () => void run(removeAvatar);

  return (
    <View className="profile-avatar">
      <Avatar user={user} size="large" />
      <View className="profile-avatar-actions">
        {avatarPicker === 'wechat' ? (
          <Button
            className="secondary-button profile-avatar-choose"
            openType="chooseAvatar"
            disabled={busy}
            onChooseAvatar={(event: { detail: { avatarUrl?: string } }) => {
              const path = event.detail.avatarUrl;
              if (path) void run(() => uploadChosenAvatar(path));
            }}
          >
            <Text>{t(busy ? 'profile.avatarBusy' : 'profile.avatarChange')}</Text>
          </Button>
        ) : (
          <Button
            className="secondary-button profile-avatar-choose"
            disabled={busy}
            onClick={pick}
            {...pressable(pick)}
          >
            <Text>{t(busy ? 'profile.avatarBusy' : 'profile.avatarChange')}</Text>
          </Button>
        )}
        {user.avatar ? (
          <Text className="link-button profile-avatar-remove" onClick={remove} {...pressable(remove)}>
            {t('profile.avatarRemove')}
          </Text>
        ) : null}
      </View>
      {error ? <Text className="form-error profile-avatar-error">{error}</Text> : null}
    </View>
  );
}

function avatarErrorText(code: string): string {
  if (code === 'INVALID_PAYLOAD') return t('profile.avatarNotImage');
  if (code === 'PAYLOAD_TOO_LARGE') return t('profile.avatarTooLarge');
  return errorText(code);
}
