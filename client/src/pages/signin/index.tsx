import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { NICKNAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH } from '@tandem/protocol';
import { CodeSignIn } from '../../components/CodeSignIn';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { ScanSignIn } from '../../components/ScanSignIn';
import { useSession } from '../../stores/session';
import { signIn, signInWithPassword, signInWithWechat, signUp, wechatSignInOffered } from '../../services';
import { goToRooms, reLaunchChat } from '../../platform/navigation';
import { errorText, t, wechatErrorText } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { pressable } from '../../platform/pressable';
import { scanAvailable } from '../../platform/scan';
import './index.css';

/**
 * Without WeChat sign-in: a quick guest (a nickname), an account's sign-in, a new account, scanning the page's QR
 * code with the mini program (the web only: the mini program is the scanner), or another device's code.
 */
type Mode = 'guest' | 'signin' | 'signup' | 'scan' | 'code';
const MODES: { mode: Mode; label: MessageKey }[] = [
  { mode: 'guest', label: 'signin.modeGuest' },
  { mode: 'signin', label: 'signin.modeSignIn' },
  { mode: 'signup', label: 'signin.modeSignUp' },
  ...(scanAvailable ? [] : [{ mode: 'scan' as const, label: 'signin.modeScan' as const }]),
  { mode: 'code', label: 'signin.modeCode' },
];
/** Modes with their own form (components), not the page's fields and button. */
const OWN_FORM: ReadonlySet<Mode> = new Set(['scan', 'code']);

/** A tab of the mode switch, for screen readers (after `pressable`, whose role it replaces). */
const tab = (selected: boolean): Record<string, unknown> => ({ role: 'tab', 'aria-selected': String(selected) });

/**
 * Sign-in: "微信登录" in the mini program when the server offers it (the nickname then only names a first-time
 * user); otherwise a guest nickname, or an account (username and password) that works on every device. Then on to
 * the room list, or to the room of a pending invite.
 */
export default function SignInPage() {
  const signedIn = useSession((state) => state.token !== null);
  const invitedTo = useSession((state) => state.pendingInvite?.roomId ?? null);
  const [wechat, setWechat] = useState(false);
  const [mode, setMode] = useState<Mode>('guest');
  const [nickname, setNickname] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
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

  const ready = wechat || (mode === 'guest' ? nickname.trim() !== '' : username.trim() !== '' && password !== '');

  const submit = async () => {
    if (busy || !ready) return;
    setBusy(true);
    setError(null);
    const result = wechat
      ? await signInWithWechat(nickname)
      : mode === 'guest'
        ? await signIn(nickname)
        : mode === 'signin'
          ? await signInWithPassword(username, password)
          : await signUp(username, password, nickname);
    // Signed in: the page is on its way out and is left as it is.
    if (result.ok) return;
    setBusy(false);
    if (wechat) setError(wechatErrorText(result.error));
    else if (mode === 'signin' && result.error.code === 'UNAUTHORIZED') setError(t('signin.wrongPassword'));
    else if (mode === 'signup' && result.error.code === 'CONFLICT') setError(t('signin.usernameTaken'));
    else if (mode === 'signup' && result.error.code === 'INVALID_PAYLOAD') setError(t('signin.accountRules'));
    else setError(errorText(result.error.code));
  };

  const choose = (next: Mode) => {
    setMode(next);
    setError(null);
  };

  const label = busy
    ? t(wechat ? 'signin.wechatBusy' : 'signin.busy')
    : t(
        wechat
          ? 'signin.wechat'
          : mode === 'signin' || mode === 'signup'
            ? `signin.submit.${mode}`
            : 'signin.submit.guest',
      );
  const nicknameField = (placeholder: string) => (
    <Input
      className="field signin-nickname"
      type={wechat ? 'nickname' : 'text'}
      value={nickname}
      placeholder={placeholder}
      maxlength={NICKNAME_MAX_LENGTH}
      confirmType="go"
      onInput={(event) => setNickname(event.detail.value)}
      onConfirm={() => void submit()}
    />
  );

  return (
    <View className="page signin-page">
      <ConnectionBanner />
      <View className="signin-card">
        <Text className="signin-logo">{t('appName')}</Text>
        <Text className="signin-title">{t('signin.title')}</Text>
        <Text className="signin-subtitle">
          {invitedTo ? t('signin.invited') : t(`signin.subtitle.${wechat ? 'wechat' : mode}`)}
        </Text>
        {wechat ? null : (
          <View className="signin-modes" role="tablist">
            {MODES.map((option) => (
              <Text
                key={option.mode}
                className={`signin-mode signin-mode--${option.mode}${mode === option.mode ? ' signin-mode--active' : ''}`}
                onClick={() => choose(option.mode)}
                {...pressable(() => choose(option.mode))}
                {...tab(mode === option.mode)}
              >
                {t(option.label)}
              </Text>
            ))}
          </View>
        )}
        {!wechat && mode === 'scan' ? <ScanSignIn /> : null}
        {!wechat && mode === 'code' ? <CodeSignIn /> : null}
        {wechat || mode === 'guest'
          ? nicknameField(wechat ? t('signin.nicknameOptional') : t('signin.nickname'))
          : null}
        {!wechat && (mode === 'signin' || mode === 'signup') ? (
          <>
            <Input
              className="field signin-username"
              value={username}
              placeholder={t('signin.username')}
              maxlength={USERNAME_MAX_LENGTH}
              onInput={(event) => setUsername(event.detail.value)}
            />
            <Input
              className="field signin-password"
              password
              value={password}
              placeholder={t(mode === 'signup' ? 'signin.newPassword' : 'signin.password')}
              maxlength={PASSWORD_MAX_LENGTH}
              confirmType="go"
              onInput={(event) => setPassword(event.detail.value)}
              onConfirm={() => void submit()}
            />
          </>
        ) : null}
        {!wechat && mode === 'signup' ? nicknameField(t('signin.displayNameOptional')) : null}
        {error ? <Text className="form-error signin-error">{error}</Text> : null}
        {!wechat && OWN_FORM.has(mode) ? null : (
          <Button
            className={`primary-button signin-submit${wechat ? ' signin-wechat' : ''}`}
            disabled={busy || !ready}
            aria-disabled={busy || !ready ? 'true' : 'false'}
            onClick={() => void submit()}
            {...pressable(() => void submit())}
          >
            {/* The label is a Text, never the Button's own text: on the web, React replacing a Taro Button's text
              deletes the marker nodes Stencil keeps among its children, and the button's next render throws
              "NotFoundError: Failed to execute 'insertBefore' on 'Node'". */}
            <Text>{label}</Text>
          </Button>
        )}
      </View>
    </View>
  );
}
