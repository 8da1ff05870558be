import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH } from '@tandem/protocol';
import { claimAccount, signOut } from '../services';
import { errorText, t } from '../i18n';
import { pressable } from '../platform/pressable';

interface Props {
  /** The guest pressed "sign out": warn that a guest cannot sign in again, and offer to keep the account. */
  signOutAsked: boolean;
  onKeep(): void;
}

/**
 * What a guest (a nickname sign-in) needs to know and can do: its account lives only on this device until it gets a
 * username and password, which keeps its rooms and history and lets it sign in anywhere. Signing out before that
 * loses the account for good, so the sign-out asks first.
 */
export function GuestAccount({ signOutAsked, onKeep }: Props) {
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
      <Text className="guest-account-text">{t(signOutAsked ? 'guest.signOutWarning' : 'guest.notice')}</Text>
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
              {t('guest.signOutAnyway')}
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
