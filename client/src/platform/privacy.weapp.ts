import Taro from '@tarojs/taro';
import type { PrivacyRequest } from './privacy';

/**
 * `wx.onNeedPrivacyAuthorization` (app.config sets `__usePrivacyCheck__` for base libraries before 2023-10-17): the
 * API that needs consent stays pending until `resolve` is called, with `agree` (and the id of the tapped
 * `agreePrivacyAuthorization` button, which WeChat checks) or `disagree` (the API fails with "privacy permission is
 * not authorized"). The consent bar (components/PrivacyBar.tsx) answers it.
 */

export type { PrivacyRequest } from './privacy';

export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree';

export function onPrivacyRequest(onRequest: (request: PrivacyRequest) => void): void {
  // Base libraries before 2.32.3 have no privacy API (and guard nothing): nothing to answer there.
  if (typeof Taro.onNeedPrivacyAuthorization !== 'function') return;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    let answered = false;
    const answer = (option: Parameters<typeof resolve>[0]) => {
      if (answered) return;
      answered = true;
      resolve(option);
    };
    // Tells WeChat the explanation is on screen (the bar shows it at once).
    resolve({ event: 'exposureAuthorization' });
    onRequest({
      agree: () => answer({ buttonId: PRIVACY_AGREE_BUTTON_ID, event: 'agree' }),
      disagree: () => answer({ event: 'disagree' }),
    });
  });
}

export function openPrivacyGuide(): void {
  Taro.openPrivacyContract({ fail: (error) => console.warn('[privacy] the privacy guide did not open', error) });
}
