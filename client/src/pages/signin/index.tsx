import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { NICKNAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH } from '@tandem/protocol';
import { CodeSignIn } from '../../components/CodeSignIn';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { ScanSignIn } from '../../components/ScanSignIn';
import { useSession } from '../../stores/session';
import {
  hasDeviceAccount,
  inMiniProgram,
  miniProgramSignIn,
  signIn,
  signInWithDevice,
  signInWithPassword,
  signInWithWechat,
  signUp,
} from '../../services';
import type { MiniProgramSignIn } from '../../services';
import { goToRooms, reLaunchChat } from '../../platform/navigation';
import { errorText, t, wechatErrorText } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { pressable } from '../../platform/pressable';
import { scanAvailable } from '../../platform/scan';
import './index.css';

/**
 * On the web: a quick guest (a nickname), an account's sign-in, a new account, scanning the page's QR code with the
 * mini program, or another device's code. The mini program's device account can also take another device's code.
 */
type Mode = 'guest' | 'signin' | 'signup' | 'scan' | 'code';
const MODES: { mode: Mode; label: MessageKey }[] = [
  { mode: 'guest', label: 'signin.modeGuest' },
  { mode: 'signin', label: 'signin.modeSignIn' },
  { mode: 'signup', label: 'signin.modeSignUp' },
  // The mini program is the scanner, never the page scanned.
  ...(scanAvailable ? [] : [{ mode: 'scan' as const, label: 'signin.modeScan' as const }]),
  { mode: 'code', label: 'signin.modeCode' },
];

/** A tab of the mode switch, for screen readers (after `pressable`, whose role it replaces). */
const tab = (selected: boolean): Record<string, unknown> => ({ role: 'tab', 'aria-selected': String(selected) });

/**
 * Sign-in. In the mini program: "微信登录" when the server offers it (the nickname then only names a first-time
 * user), otherwise its device account: a name the first time, then a single "继续". On the web: a guest nickname,
 * or an account (username and password) that works on every device. Then on to the room list, or to the room of a
 * pending invite.
 */
export default function SignInPage() {
  const signedIn = useSession((state) => state.token !== null);
  const invitedTo = useSession((state) => state.pendingInvite?.roomId ?? null);
  // The mini program starts on its device account until the server says it offers WeChat sign-in.
  const [way, setWay] = useState<MiniProgramSignIn>(inMiniProgram ? 'device' : null);
  const [deviceKnown, setDeviceKnown] = useState(() => inMiniProgram && hasDeviceAccount());
  const wechat = way === 'wechat';
  const device = way === 'device';
  const [mode, setMode] = useState<Mode>('guest');
  const [nickname, setNickname] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let mounted = true;
    void miniProgramSignIn().then((offered) => mounted && setWay(offered));
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

  const ready =
    wechat ||
    (device && deviceKnown) ||
    (device || mode === 'guest' ? nickname.trim() !== '' : username.trim() !== '' && password !== '');

  const submit = async () => {
    if (busy || !ready) return;
    setBusy(true);
    setError(null);
    const result = wechat
      ? await signInWithWechat(nickname)
      : device
        ? await signInWithDevice(deviceKnown ? '' : nickname)
        : mode === 'guest'
          ? await signIn(nickname)
          : mode === 'signin'
            ? await signInWithPassword(username, password)
            : await signUp(username, password, nickname);
    // Signed in: the page is on its way out and is left as it is.
    if (result.ok) return;
    setBusy(false);
    // The server does not know this device's account (its data was reset): name it again.
    if (device && result.error.code === 'NOT_FOUND') setDeviceKnown(false);
    else if (wechat) setError(wechatErrorText(result.error));
    else if (mode === 'signin' && result.error.code === 'UNAUTHORIZED') setError(t('signin.wrongPassword'));
    else if (mode === 'signup' && result.error.code === 'CONFLICT') setError(t('signin.usernameTaken'));
    else if (mode === 'signup' && result.error.code === 'INVALID_PAYLOAD') setError(t('signin.accountRules'));
    else setError(errorText(result.error.code));
  };

  const choose = (next: Mode) => {
    setMode(next);
    setError(null);
  };
  /** Scan and code have forms of their own (their components), not the page's fields and button. */
  const ownForm = !wechat && (mode === 'scan' || mode === 'code');
  const toggleCode = () => choose(mode === 'code' ? 'guest' : 'code');

  const submitLabel = (): MessageKey => {
    if (wechat) return 'signin.wechat';
    if (device) return deviceKnown ? 'signin.continue' : 'signin.submit.guest';
    return mode === 'signin' || mode === 'signup' ? `signin.submit.${mode}` : 'signin.submit.guest';
  };
  const subtitle = (): MessageKey => {
    if (invitedTo) return 'signin.invited';
    if (wechat) return 'signin.subtitle.wechat';
    if (mode === 'code') return 'signin.subtitle.code';
    if (device) return deviceKnown ? 'signin.subtitle.deviceKnown' : 'signin.subtitle.device';
    return `signin.subtitle.${mode}`;
  };
  const label = busy ? t(wechat ? 'signin.wechatBusy' : 'signin.busy') : t(submitLabel());
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
        <Text className="signin-subtitle">{t(subtitle())}</Text>
        {way !== null ? null : (
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
        {way === null && mode === 'scan' ? <ScanSignIn /> : null}
        {ownForm && mode === 'code' ? <CodeSignIn /> : null}
        {wechat ? nicknameField(t('signin.nicknameOptional')) : null}
        {!ownForm && ((device && !deviceKnown) || (way === null && mode === 'guest'))
          ? nicknameField(t('signin.nickname'))
          : null}
        {way === null && (mode === 'signin' || mode === 'signup') ? (
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
        {way === null && mode === 'signup' ? nicknameField(t('signin.displayNameOptional')) : null}
        {error ? <Text className="form-error signin-error">{error}</Text> : null}
        {ownForm ? null : (
          <Button
            className={`primary-button signin-submit${wechat ? ' signin-wechat' : ''}${device ? ' signin-device' : ''}`}
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
        {device ? (
          <Text className="link-button signin-code-toggle" onClick={toggleCode} {...pressable(toggleCode)}>
            {t(mode === 'code' ? 'signin.useDevice' : 'signin.useCode')}
          </Text>
        ) : null}
      </View>
    </View>
  );
}
