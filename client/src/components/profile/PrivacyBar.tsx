import { Button, Text, View } from '@tarojs/components';
import { usePrivacy, privacyStore } from '../../stores/privacy';
import { PRIVACY_AGREE_BUTTON_ID, openPrivacyGuide } from '../../platform/privacy';
import { pressable } from '../../platform/pressable';
import { t } from '../../i18n';

/**
 * WeChat holds the avatar button or the nickname input until the user agrees to the privacy guide: this bar says
 * why and answers. The agree button must be WeChat's `agreePrivacyAuthorization` button (WeChat checks it was
 * tapped). Never shown on the web, which never asks.
 */
export function PrivacyBar() {
  const request = usePrivacy((state) => state.request);
  if (!request) return null;
  const agree = () => {
    request.agree();
    privacyStore.getState().answered();
  };
  const disagree = () => {
    request.disagree();
    privacyStore.getState().answered();
  };
  return (
    <View className="privacy-bar" aria-live="polite">
      <Text className="privacy-bar-text">{t('privacy.explain')}</Text>
      <Text className="link-button privacy-guide" onClick={openPrivacyGuide} {...pressable(openPrivacyGuide)}>
        {t('privacy.guide')}
      </Text>
      <View className="privacy-bar-actions">
        <Text className="link-button privacy-disagree" onClick={disagree} {...pressable(disagree)}>
          {t('privacy.disagree')}
        </Text>
        <Button
          id={PRIVACY_AGREE_BUTTON_ID}
          className="primary-button privacy-agree"
          openType="agreePrivacyAuthorization"
          onAgreePrivacyAuthorization={agree}
        >
          <Text>{t('privacy.agree')}</Text>
        </Button>
      </View>
    </View>
  );
}
