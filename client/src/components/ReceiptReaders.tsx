import { Text, View } from '@tarojs/components';
import type { User } from '@tandem/protocol';
import { pressable } from '../platform/pressable';
import { t } from '../i18n';
import { Avatar } from './Avatar';

interface ReceiptReadersProps {
  readers: User[];
  onClose(): void;
}

/** Who read a message: a small panel under it, one row per member with its avatar. */
export function ReceiptReaders({ readers, onClose }: ReceiptReadersProps) {
  return (
    <View className="receipt-readers" aria-label={t('receipt.readers')}>
      <View className="receipt-readers-header">
        <Text className="receipt-readers-title">{t('receipt.readers')}</Text>
        <Text className="receipt-readers-close" onClick={onClose} {...pressable(onClose)}>
          {t('receipt.close')}
        </Text>
      </View>
      {readers.map((user) => (
        <View key={user.id} className="receipt-reader">
          <Avatar user={user} size="small" />
          <Text className="receipt-reader-name">{user.nickname}</Text>
        </View>
      ))}
    </View>
  );
}
