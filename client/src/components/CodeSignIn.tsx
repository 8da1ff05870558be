import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { SIGN_IN_CODE_LENGTH, normalizeSignInCode } from '@tandem/protocol';
import { scanSignInCode, signInWithCode } from '../services';
import { errorText, t } from '../i18n';
import { scanAvailable } from '../platform/scan';
import { pressable } from '../platform/pressable';

/**
 * Sign in with another device's code: typed (letter case and the hyphen do not matter) or, in the mini program,
 * scanned from the QR code beside it. A wrong, expired or used code is one answer.
 */
export function CodeSignIn() {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = normalizeSignInCode(code).length === SIGN_IN_CODE_LENGTH;

  const submitCode = async (value: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await signInWithCode(value);
    // Signed in: the page is on its way out.
    if (result.ok) return;
    setBusy(false);
    setError(result.error.code === 'UNAUTHORIZED' ? t('code.wrong') : errorText(result.error.code));
  };
  const submit = () => (ready ? submitCode(code) : Promise.resolve());

  const scan = async () => {
    setError(null);
    const scanned = await scanSignInCode();
    if (scanned === null) return;
    if (!scanned.ok) return setError(t('code.badQr'));
    setCode(scanned.data);
    await submitCode(scanned.data);
  };

  return (
    <View className="code-signin">
      <Input
        className="field signin-code"
        value={code}
        placeholder={t('code.placeholder')}
        maxlength={SIGN_IN_CODE_LENGTH + 2}
        confirmType="go"
        onInput={(event) => setCode(event.detail.value)}
        onConfirm={() => void submit()}
      />
      {scanAvailable ? (
        <Text className="link-button code-signin-scan" onClick={() => void scan()} {...pressable(() => void scan())}>
          {t('code.scan')}
        </Text>
      ) : null}
      {error ? <Text className="form-error signin-error code-signin-error">{error}</Text> : null}
      <Button
        className="primary-button signin-submit code-signin-submit"
        disabled={busy || !ready}
        aria-disabled={busy || !ready ? 'true' : 'false'}
        onClick={() => void submit()}
        {...pressable(() => void submit())}
      >
        <Text>{t(busy ? 'signin.busy' : 'code.submit')}</Text>
      </Button>
    </View>
  );
}
