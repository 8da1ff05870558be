import { Text, View } from '@tarojs/components';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { LinkDevice } from '../../components/LinkDevice';
import { AccountActions } from '../../components/profile/AccountActions';
import { AvatarEditor } from '../../components/profile/AvatarEditor';
import { BlockedList } from '../../components/profile/BlockedList';
import { NameEditor } from '../../components/profile/NameEditor';
import { PrivacyBar } from '../../components/profile/PrivacyBar';
import { useSessionGuard } from '../../components/useSessionGuard';
import { useSession } from '../../stores/session';
import { goBack } from '../../platform/navigation';
import { setPageTitle, usePageShow } from '../../platform/page';
import { pressable } from '../../platform/pressable';
import { isWeb } from '../../config';
import { t } from '../../i18n';
import '../chat/index.css';
import '../rooms/index.css';
import './index.css';

/**
 * The signed-in user's profile: avatar, display name, signing another device in (scan a browser's QR code, show a
 * code), and the account (devices, claiming, signing out).
 */
export default function ProfilePage() {
  const signedIn = useSessionGuard();
  const user = useSession((state) => state.user);
  usePageShow(() => setPageTitle(t('profile.title')));

  if (!signedIn || !user) return <View className="page" />;

  return (
    <View className="page profile-page">
      <ConnectionBanner />
      {isWeb ? (
        <Text className="link-button profile-back" onClick={goBack} {...pressable(goBack)}>
          ‹ {t('chat.back')}
        </Text>
      ) : null}
      <PrivacyBar />
      <AvatarEditor user={user} />
      <NameEditor user={user} />
      <View className="profile-section profile-link">
        <Text className="profile-label">{t('link.title')}</Text>
        <LinkDevice />
      </View>
      <BlockedList />
      <AccountActions />
    </View>
  );
}
