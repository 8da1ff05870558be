import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { NICKNAME_MAX_LENGTH } from '@tandem/protocol';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { useSession } from '../../stores/session';
import { signIn } from '../../services/socket';
import { goToRooms } from '../../platform/navigation';
import { errorText, t } from '../../i18n';
import './index.css';

export default function SignInPage() {
  const signedIn = useSession((state) => state.token !== null);
  const [nickname, setNickname] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (signedIn) goToRooms();
  }, [signedIn]);

  const submit = async () => {
    if (busy || !nickname.trim()) return;
    setBusy(true);
    setError(null);
    const result = await signIn(nickname);
    setBusy(false);
    if (!result.ok) setError(errorText(result.error.code));
  };

  return (
    <View className="page signin-page">
      <ConnectionBanner />
      <View className="signin-card">
        <Text className="signin-logo">{t('appName')}</Text>
        <Text className="signin-title">{t('signin.title')}</Text>
        <Text className="signin-subtitle">{t('signin.subtitle')}</Text>
        <Input
          className="field signin-nickname"
          value={nickname}
          placeholder={t('signin.nickname')}
          maxlength={NICKNAME_MAX_LENGTH}
          confirmType="go"
          onInput={(event) => setNickname(event.detail.value)}
          onConfirm={() => void submit()}
        />
        {error ? <Text className="form-error signin-error">{error}</Text> : null}
        <Button
          className="primary-button signin-submit"
          disabled={busy || !nickname.trim()}
          onClick={() => void submit()}
        >
          {busy ? t('signin.busy') : t('signin.submit')}
        </Button>
      </View>
    </View>
  );
}
