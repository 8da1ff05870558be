import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useShallow } from 'zustand/react/shallow';
import { useConnection } from '../stores/connection';
import type { ConnectionState } from '../stores/connection';
import { reconnectNow } from '../services';
import { pressable } from '../platform/pressable';
import { t } from '../i18n';

export function bannerText(state: Pick<ConnectionState, 'status' | 'nextRetryAt' | 'offlineReason'>, now: number) {
  switch (state.status) {
    case 'connecting':
      return t('conn.connecting');
    case 'online':
      return t('conn.online');
    case 'reconnecting':
      return state.nextRetryAt === null
        ? t('conn.reconnectingNow')
        : t('conn.reconnecting', { seconds: Math.max(1, Math.ceil((state.nextRetryAt - now) / 1000)) });
    case 'offline':
      return state.offlineReason === 'network' ? t('conn.offlineNetwork') : t('conn.offline');
  }
}

/** The connection state on every page; tapping it retries at once. */
export function ConnectionBanner() {
  const state = useConnection(
    useShallow(({ status, nextRetryAt, offlineReason, storageFailedKey }) => ({
      status,
      nextRetryAt,
      offlineReason,
      storageFailedKey,
    })),
  );
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    if (state.nextRetryAt === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [state.nextRetryAt]);

  // Signed out: there is no connection to speak of.
  if (state.status === 'offline' && state.offlineReason === 'stopped') return null;

  return (
    <View className={`conn-banner conn-banner--${state.status}`} onClick={reconnectNow} {...pressable(reconnectNow)}>
      {/* Announced to screen readers as it changes. */}
      <View aria-live="polite">
        <Text className="conn-banner-text">{bannerText(state, now)}</Text>
        {state.storageFailedKey && <Text className="conn-banner-storage">{t('conn.storageFailed')}</Text>}
      </View>
    </View>
  );
}
