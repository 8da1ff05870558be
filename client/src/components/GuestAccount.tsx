import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH } from '@tandem/protocol';
import { claimAccount, signOut } from '../services';
import { errorText, t } from '../i18n';
import type { MessageKey } from '../i18n';
import { pressable } from '../platform/pressable';

interface Props {
  /** A nickname guest, or the mini program's device account. */
  kind: 'guest' | 'device';
  /** The user pressed "sign out": warn what it would lose, and offer to keep the account. */
  signOutAsked: boolean;
  onKeep(): void;
}

/** What each kind is told: a guest loses everything on sign-out; a device account only with the app's storage. */
const TEXTS = {
  guest: { notice: 'guest.notice', warning: 'guest.signOutWarning', signOut: 'guest.signOutAnyway' },
  device: { notice: 'deviceAccount.notice', warning: 'deviceAccount.signOutWarning', signOut: 'rooms.signOut' },
} as const satisfies Record<Props['kind'], Record<string, MessageKey>>;

/**
 * What an account bound to this device needs to know and can do, until it gets a username and password (which keeps
 * its rooms and history and lets it sign in anywhere). A guest (a nickname sign-in) cannot sign in again once signed
 * out; a device account can, from this mini program, but is lost with its storage. Either way the sign-out asks first.
 */
export function GuestAccount({ kind, signOutAsked, onKeep }: Props) {
  const texts = TEXTS[kind];
  const [open, setOpen] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    if (busy || !username.trim() || !password) return;
    setBusy(true);
    setError(null);
    const result = await claimAccount(username, password);
    setBusy(false);
    // Claimed: the session is an account now and this component goes away.
    if (result.ok) return;
    if (result.error.code === 'CONFLICT') setError(t('signin.usernameTaken'));
    else if (result.error.code === 'INVALID_PAYLOAD') setError(t('signin.accountRules'));
    else setError(errorText(result.error.code));
  };
  const showForm = () => {
    setOpen(true);
    onKeep();
  };

  return (
    <View className={`guest-account${signOutAsked ? ' guest-account--warning' : ''}`} aria-live="polite">
      <Text className="guest-account-text">{t(signOutAsked ? texts.warning : texts.notice)}</Text>
      <View className="guest-account-actions">
        {open ? null : (
          <Text className="link-button guest-claim-open" onClick={showForm} {...pressable(showForm)}>
            {t('guest.claim')}
          </Text>
        )}
        {signOutAsked ? (
          <>
            <Text className="link-button guest-signout-cancel" onClick={onKeep} {...pressable(onKeep)}>
              {t('guest.cancel')}
            </Text>
            <Text className="link-button signout-confirm" onClick={() => signOut()} {...pressable(() => signOut())}>
              {t(texts.signOut)}
            </Text>
          </>
        ) : null}
      </View>
      {open ? (
        <View className="guest-claim-form">
          <Input
            className="field guest-claim-username"
            value={username}
            placeholder={t('signin.username')}
            maxlength={USERNAME_MAX_LENGTH}
            onInput={(event) => setUsername(event.detail.value)}
          />
          <Input
            className="field guest-claim-password"
            password
            value={password}
            placeholder={t('signin.newPassword')}
            maxlength={PASSWORD_MAX_LENGTH}
            confirmType="done"
            onInput={(event) => setPassword(event.detail.value)}
            onConfirm={() => void submit()}
          />
          {error ? <Text className="form-error guest-claim-error">{error}</Text> : null}
          <Button
            className="primary-button guest-claim-submit"
            disabled={busy || !username.trim() || !password}
            aria-disabled={busy || !username.trim() || !password ? 'true' : 'false'}
            onClick={() => void submit()}
            {...pressable(() => void submit())}
          >
            <Text>{t(busy ? 'guest.claimBusy' : 'guest.claimSubmit')}</Text>
          </Button>
        </View>
      ) : null}
    </View>
  );
}
