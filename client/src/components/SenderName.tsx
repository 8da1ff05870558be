import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { User } from '@tandem/protocol';
import { openDirect } from '../services';
import { errorText, t } from '../i18n';
import { goToChat } from '../platform/navigation';
import { pressable } from '../platform/pressable';
import { BlockAction } from './BlockAction';
import { ConfirmBar } from './ConfirmBar';

/**
 * The sender's name above their messages; a tap offers a direct conversation with them (asked first, so a stray
 * tap opens nothing), which opens in its own chat, and blocking them (or lifting the block).
 */
export function SenderName({ user }: { user: User }) {
  const [asked, setAsked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ask = () => setAsked(true);
  const open = async () => {
    setAsked(false);
    const result = await openDirect({ userId: user.id });
    if (result.ok) goToChat(result.data.id);
    else setError(errorText(result.error.code));
  };
  return (
    <View className="message-sender-wrap">
      <Text className="message-sender" onClick={ask} {...pressable(ask)}>
        {user.nickname}
      </Text>
      {asked ? (
        <ConfirmBar
          text={t('dm.ask', { name: user.nickname })}
          confirmLabel={t('dm.open')}
          confirmClass="dm-open-confirm"
          onConfirm={() => void open()}
          onCancel={() => setAsked(false)}
        />
      ) : null}
      {asked ? <BlockAction user={user} /> : null}
      {error ? <Text className="form-error dm-error">{error}</Text> : null}
    </View>
  );
}
