import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { SessionInfo } from '@tandem/protocol';
import { listDevices, signOutDevice } from '../services';
import { errorText, formatTime, t } from '../i18n';
import { pressable } from '../platform/pressable';
import { ConfirmBar } from './ConfirmBar';

/**
 * The user's signed-in devices (sessions), shown inline under the room list's header: each with when it was last
 * active and from where, this one marked, and a sign-out for every other one, confirmed first.
 */
export function DevicesPanel() {
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [asked, setAsked] = useState<SessionInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const result = await listDevices();
    if (result.ok) setSessions(result.data);
    else setError(errorText(result.error.code));
  };
  useEffect(() => {
    void load();
  }, []);

  const confirm = async () => {
    if (!asked || busy) return;
    setBusy(true);
    setError(null);
    const failed = await signOutDevice(asked.id);
    setBusy(false);
    setAsked(null);
    if (failed) setError(errorText(failed.code));
    await load();
  };

  return (
    <View className="devices-panel" aria-live="polite">
      <Text className="devices-title">{t('devices.title')}</Text>
      {sessions === null && !error ? <Text className="devices-hint">{t('devices.loading')}</Text> : null}
      {sessions?.map((session) => (
        <View key={session.id} className={`device-item${session.current ? ' device-item--current' : ''}`}>
          <View className="device-text">
            <Text className="device-name">{session.device}</Text>
            <Text className="device-detail">
              {`${t('devices.lastSeen', { time: formatTime(session.lastSeenAt) })} · ${session.address}`}
            </Text>
          </View>
          {session.current ? (
            <Text className="device-current">{t('devices.current')}</Text>
          ) : (
            <Text
              className="link-button device-signout"
              onClick={() => setAsked(session)}
              {...pressable(() => setAsked(session))}
            >
              {t('devices.signOut')}
            </Text>
          )}
        </View>
      ))}
      {sessions && sessions.every((session) => session.current) ? (
        <Text className="devices-hint">{t('devices.empty')}</Text>
      ) : null}
      {asked ? (
        <ConfirmBar
          text={t('devices.signOutConfirm', { device: asked.device })}
          confirmLabel={t('devices.signOut')}
          confirmClass="device-signout-confirm"
          onConfirm={() => void confirm()}
          onCancel={() => setAsked(null)}
        />
      ) : null}
      {error ? <Text className="form-error devices-error">{error}</Text> : null}
    </View>
  );
}
