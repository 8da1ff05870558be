import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { NICKNAME_MAX_LENGTH } from '@tandem/protocol';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { useSession } from '../../stores/session';
import { signIn, signInWithWechat, wechatSignInOffered } from '../../services';
import { goToRooms, reLaunchChat } from '../../platform/navigation';
import { errorText, t, wechatErrorText } from '../../i18n';
import { pressable } from '../../platform/pressable';
import './index.css';

/**
 * Sign-in: "微信登录" in the mini program when the server offers it (the nickname then only names a first-time
 * user), a nickname otherwise. Then on to the room list, or to the room of a pending invite.
 */
export default function SignInPage() {
  const signedIn = useSession((state) => state.token !== null);
  const invitedTo = useSession((state) => state.pendingInvite?.roomId ?? null);
  const [wechat, setWechat] = useState(false);
  const [nickname, setNickname] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let mounted = true;
    void wechatSignInOffered().then((offered) => mounted && setWechat(offered));
    return () => {
      mounted = false;
    };
  }, []);

  useEffect(() => {
    if (!signedIn) return;
    if (invitedTo) reLaunchChat(invitedTo);
    else goToRooms();
    // Only a change of session moves on; the invite is read as it is then.
  }, [signedIn]);

  const submit = async () => {
    if (busy || (!wechat && !nickname.trim())) return;
    setBusy(true);
    setError(null);
    const result = wechat ? await signInWithWechat(nickname) : await signIn(nickname);
    // Signed in: the page is on its way out and is left as it is.
    if (result.ok) return;
    setBusy(false);
    setError(wechat ? wechatErrorText(result.error) : errorText(result.error.code));
  };

  const label = wechat
    ? busy
      ? t('signin.wechatBusy')
      : t('signin.wechat')
    : busy
      ? t('signin.busy')
      : t('signin.submit');

  return (
    <View className="page signin-page">
      <ConnectionBanner />
      <View className="signin-card">
        <Text className="signin-logo">{t('appName')}</Text>
        <Text className="signin-title">{t('signin.title')}</Text>
        <Text className="signin-subtitle">{invitedTo ? t('signin.invited') : t('signin.subtitle')}</Text>
        <Input
          className="field signin-nickname"
          type={wechat ? 'nickname' : 'text'}
          value={nickname}
          placeholder={wechat ? t('signin.nicknameOptional') : t('signin.nickname')}
          maxlength={NICKNAME_MAX_LENGTH}
          confirmType="go"
          onInput={(event) => setNickname(event.detail.value)}
          onConfirm={() => void submit()}
        />
        {error ? <Text className="form-error signin-error">{error}</Text> : null}
        <Button
          className={`primary-button signin-submit${wechat ? ' signin-wechat' : ''}`}
          disabled={busy || (!wechat && !nickname.trim())}
          aria-disabled={busy || (!wechat && !nickname.trim()) ? 'true' : 'false'}
          onClick={() => void submit()}
          {...pressable(() => void submit())}
        >
          {/* The label is a Text, never the Button's own text: on the web, React replacing a Taro Button's text
              deletes the marker nodes Stencil keeps among its children, and the button's next render throws
              "NotFoundError: Failed to execute 'insertBefore' on 'Node'". */}
          <Text>{label}</Text>
        </Button>
      </View>
    </View>
  );
}
