import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { User } from '@tandem/protocol';
import { isBlocked, useSafety } from '../stores/safety';
import { blockUser, unblockUser } from '../services';
import { pressable } from '../platform/pressable';
import { errorText, t } from '../i18n';
import { ConfirmBar } from './ConfirmBar';

/** Blocks a person (asked first) or lifts the block: the list follows the account to every device. */
export function BlockAction({ user }: { user: User }) {
  const blocked = useSafety((state) => isBlocked(state, user.id));
  const [asked, setAsked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const apply = async (block: boolean) => {
    setAsked(false);
    const result = await (block ? blockUser(user.id) : unblockUser(user.id));
    setError(result.ok ? null : errorText(result.error.code));
  };
  const toggle = () => (blocked ? void apply(false) : setAsked(true));
  return (
    <View className="block-action">
      <Text
        className={`link-button ${blocked ? 'unblock-user' : 'block-user'}`}
        onClick={toggle}
        {...pressable(toggle)}
      >
        {t(blocked ? 'block.unblock' : 'block.block')}
      </Text>
      {asked ? (
        <ConfirmBar
          text={t('block.ask', { name: user.nickname })}
          confirmLabel={t('block.block')}
          confirmClass="block-confirm"
          onConfirm={() => void apply(true)}
          onCancel={() => setAsked(false)}
        />
      ) : null}
      {error ? <Text className="form-error block-error">{error}</Text> : null}
    </View>
  );
}
