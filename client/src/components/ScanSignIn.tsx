import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { watchSignInTicket } from '../services';
import type { TicketView, TicketWatch } from '../services';
import { errorText, t } from '../i18n';
import { pressable } from '../platform/pressable';
import { QrCode } from './QrCode';

/**
 * The web sign-in page's "scan with WeChat": a QR code of a one-time ticket, renewed when it expires, and what the
 * phone did with it (scanned, refused). A confirm on the phone signs this browser in; the page then moves on.
 */
export function ScanSignIn() {
  const [view, setView] = useState<TicketView>({ phase: 'loading' });
  const watch = useRef<TicketWatch | null>(null);
  useEffect(() => {
    watch.current = watchSignInTicket(setView);
    return () => watch.current?.stop();
  }, []);
  const retry = () => watch.current?.retry();

  return (
    <View className="scan-signin" aria-live="polite">
      {view.phase === 'waiting' ? (
        <>
          <QrCode text={view.qr} label={t('scan.qrLabel')} />
          <Text className={`scan-signin-status${view.scanned ? ' scan-signin-status--scanned' : ''}`}>
            {t(view.scanned ? 'scan.scanned' : 'scan.hint')}
          </Text>
        </>
      ) : null}
      {view.phase === 'loading' || view.phase === 'signed-in' ? (
        <Text className="scan-signin-status">{t(view.phase === 'loading' ? 'scan.loading' : 'scan.signedIn')}</Text>
      ) : null}
      {view.phase === 'failed' ? (
        <Text className="form-error scan-signin-error">{errorText(view.error.code)}</Text>
      ) : null}
      {view.phase === 'refused' ? (
        <View className="scan-signin-refused">
          <Text className="scan-signin-status">{t('scan.refused')}</Text>
          <Text className="link-button scan-signin-retry" onClick={retry} {...pressable(retry)}>
            {t('scan.retry')}
          </Text>
        </View>
      ) : null}
    </View>
  );
}
