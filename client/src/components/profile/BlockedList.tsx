import { Text, View } from '@tarojs/components';
import { useSafety } from '../../stores/safety';
import { unblockUser } from '../../services';
import { pressable } from '../../platform/pressable';
import { t } from '../../i18n';

/** The people this account blocked, each with a way to unblock. */
export function BlockedList() {
  const blocked = useSafety((state) => state.blocked);
  return (
    <View className="profile-section profile-blocked">
      <Text className="profile-label">{t('block.listTitle')}</Text>
      {blocked.length === 0 ? <Text className="profile-hint">{t('block.none')}</Text> : null}
      {blocked.map((user) => {
        const unblock = () => void unblockUser(user.id);
        return (
          <View key={user.id} className="owner-member blocked-person">
            <Text className="owner-member-name">{user.nickname}</Text>
            <Text className="link-button unblock-user" onClick={unblock} {...pressable(unblock)}>
              {t('block.unblock')}
            </Text>
          </View>
        );
      })}
    </View>
  );
}
