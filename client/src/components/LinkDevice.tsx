import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { SignInCodeResponse } from '@tandem/protocol';
import { answerSignInTicket, createSignInCode, scanSignInTicket } from '../services';
import type { ScannedTicket } from '../services';
import { errorText, t } from '../i18n';
import { scanAvailable } from '../platform/scan';
import { pressable } from '../platform/pressable';
import { QrCode } from './QrCode';

/** `ABCD2345` shown as `ABCD-2345`: easier to read out and type; the server ignores the hyphen. */
const grouped = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/**
 * Signing another device into this account, at the top of the devices panel. In the mini program: scan the QR code
 * a browser shows, see which browser asks, confirm or refuse. Everywhere: show a short code (and its QR code) that
 * another device enters within two minutes, once.
 */
export function LinkDevice() {
  const [code, setCode] = useState<SignInCodeResponse | null>(null);
  const [expired, setExpired] = useState(false);
  const [scanned, setScanned] = useState<ScannedTicket | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!code) return undefined;
    setExpired(false);
    const timer = setTimeout(() => setExpired(true), Math.max(0, code.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [code]);

  const run = async (action: () => Promise<string | null>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    const failed = await action();
    setBusy(false);
    if (failed) setError(failed);
  };

  const showCode = () =>
    run(async () => {
      const result = await createSignInCode();
      if (!result.ok) return errorText(result.error.code);
      setCode(result.data);
      return null;
    });

  const scan = () =>
    run(async () => {
      const result = await scanSignInTicket();
      if (result === null) return null;
      if (!result.ok) return result.error.code === 'EXPIRED' ? t('link.ticketGone') : errorText(result.error.code);
      setScanned(result.data);
      return null;
    });

  const answer = (choice: 'confirm' | 'refuse') =>
    run(async () => {
      if (!scanned) return null;
      const failed = await answerSignInTicket(scanned.ticket, choice);
      setScanned(null);
      if (failed) return failed.code === 'EXPIRED' ? t('link.ticketGone') : errorText(failed.code);
      setNotice(t(choice === 'confirm' ? 'link.confirmed' : 'link.refused'));
      return null;
    });

  return (
    <View className="link-device" aria-live="polite">
      <View className="link-device-actions">
        {scanAvailable ? (
          <Text className="link-button link-device-scan" onClick={() => void scan()} {...pressable(() => void scan())}>
            {t('link.scan')}
          </Text>
        ) : null}
        <Text
          className="link-button link-device-code"
          onClick={() => void showCode()}
          {...pressable(() => void showCode())}
        >
          {t(code ? 'link.newCode' : 'link.showCode')}
        </Text>
      </View>
      {scanned ? (
        <View className="confirm-bar link-device-ask">
          <Text className="confirm-bar-text">
            {t('link.ask', { device: scanned.info.device, address: scanned.info.address })}
          </Text>
          <View className="confirm-bar-actions">
            <Text
              className="link-button link-device-refuse"
              onClick={() => void answer('refuse')}
              {...pressable(() => void answer('refuse'))}
            >
              {t('link.refuse')}
            </Text>
            <Text
              className="link-button link-device-confirm"
              onClick={() => void answer('confirm')}
              {...pressable(() => void answer('confirm'))}
            >
              {t('link.confirm')}
            </Text>
          </View>
        </View>
      ) : null}
      {code && !expired ? (
        <View className="link-device-shown">
          <QrCode text={code.qr} label={t('link.codeLabel')} />
          <Text className="link-device-code-text">{grouped(code.code)}</Text>
          <Text className="devices-hint">{t('link.codeHint')}</Text>
        </View>
      ) : null}
      {code && expired ? <Text className="devices-hint link-device-expired">{t('link.codeExpired')}</Text> : null}
      {notice ? <Text className="devices-hint link-device-notice">{notice}</Text> : null}
      {error ? <Text className="form-error link-device-error">{error}</Text> : null}
    </View>
  );
}
