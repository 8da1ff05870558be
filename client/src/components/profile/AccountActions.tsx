import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { signOut, signOutEverywhere } from '../../services';
import { useSession } from '../../stores/session';
import { pressable } from '../../platform/pressable';
import { errorText, t } from '../../i18n';
import { ConfirmBar } from '../ConfirmBar';
import { DevicesPanel } from '../DevicesPanel';
import { GuestAccount } from '../GuestAccount';

/** The account: a guest's or device account's claim, the signed-in devices, and signing out (here or everywhere). */
export function AccountActions() {
  // Accounts bound to this device (a nickname guest, the mini program's device account) are told what sign-out loses.
  const boundKind = useSession((state) => (state.kind === 'guest' || state.kind === 'device' ? state.kind : null));
  const [signOutAsked, setSignOutAsked] = useState(false);
  const [devicesShown, setDevicesShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggleDevices = () => setDevicesShown((shown) => !shown);
  // Asked first; a guest is told that signing out loses its account for good, a device account what would lose it.
  const leave = () => setSignOutAsked(true);
  const leaveEverywhere = async () => {
    setError(null);
    const failed = await signOutEverywhere();
    if (failed) setError(errorText(failed.code));
  };

  return (
    <View className="profile-section profile-account">
      <Text className="profile-label">{t('profile.account')}</Text>
      {boundKind ? (
        <GuestAccount kind={boundKind} signOutAsked={signOutAsked} onKeep={() => setSignOutAsked(false)} />
      ) : null}
      <View className="profile-account-actions">
        <Text className="link-button devices-toggle" onClick={toggleDevices} {...pressable(toggleDevices)}>
          {t(devicesShown ? 'devices.close' : 'devices.open')}
        </Text>
        <Text
          className="link-button signout-all"
          onClick={() => void leaveEverywhere()}
          {...pressable(() => void leaveEverywhere())}
        >
          {t('rooms.signOutAll')}
        </Text>
        <Text className="link-button signout" onClick={leave} {...pressable(leave)}>
          {t('rooms.signOut')}
        </Text>
      </View>
      {devicesShown ? <DevicesPanel /> : null}
      {!boundKind && signOutAsked ? (
        <ConfirmBar
          text={t('rooms.signOutConfirm')}
          confirmLabel={t('rooms.signOut')}
          confirmClass="signout-confirm"
          onConfirm={() => signOut()}
          onCancel={() => setSignOutAsked(false)}
        />
      ) : null}
      {error ? <Text className="form-error profile-account-error">{error}</Text> : null}
    </View>
  );
}
