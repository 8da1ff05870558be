import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { USERNAME_MAX_LENGTH } from '@tandem/protocol';
import { openDirect } from '../services';
import { errorText, t } from '../i18n';
import { pressable } from '../platform/pressable';

/** A direct conversation with an account, by its username (any letter case), from the room list's forms. */
export function DirectByUsername({ onOpened }: { onOpened(roomId: string): void }) {
  const [username, setUsername] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = username.trim() !== '' && !busy;
  const open = async () => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    const result = await openDirect({ username: username.trim() });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.code === 'NOT_FOUND' ? t('dm.noSuchUser') : errorText(result.error.code));
      return;
    }
    setUsername('');
    onOpened(result.data.id);
  };
  return (
    <View className="direct-by-username">
      <View className="form-row">
        <Input
          className="field dm-username"
          value={username}
          placeholder={t('dm.usernamePlaceholder')}
          maxlength={USERNAME_MAX_LENGTH}
          onInput={(event) => setUsername(event.detail.value)}
          onConfirm={() => void open()}
        />
        <Button
          className="secondary-button dm-username-submit"
          disabled={!ready}
          aria-disabled={ready ? 'false' : 'true'}
          onClick={() => void open()}
          {...pressable(() => void open())}
        >
          <Text>{t('dm.open')}</Text>
        </Button>
      </View>
      {error ? <Text className="form-error dm-username-error">{error}</Text> : null}
    </View>
  );
}
