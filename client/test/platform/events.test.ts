import { getNetworkStatus, onNetworkStatusChange } from '../../src/platform/network';
import { appLifecycle } from '../../src/platform/lifecycle';
import { appLifecycle as weappLifecycle } from '../../src/platform/lifecycle.weapp';
import { getSystemLanguage } from '../../src/platform/system';
import { localeFor } from '../../src/i18n';
import { taroStub } from '../stubs/taro';

describe('platform events', () => {
  it('reports network changes until unsubscribed', async () => {
    const seen: boolean[] = [];
    const unsubscribe = onNetworkStatusChange(({ isConnected }) => seen.push(isConnected));
    taroStub.setNetwork(false);
    expect(await getNetworkStatus()).toEqual({ isConnected: false, networkType: 'none' });
    unsubscribe();
    taroStub.setNetwork(true);
    expect(seen).toEqual([false]);
  });

  it('reports the app going to the background and back until unsubscribed', () => {
    const seen: string[] = [];
    const offShow = appLifecycle.onShow(() => seen.push('show'));
    const offHide = appLifecycle.onHide(() => seen.push('hide'));
    taroStub.hideApp();
    taroStub.showApp();
    offShow();
    offHide();
    taroStub.hideApp();
    expect(seen).toEqual(['hide', 'show']);
  });

  it('says only the mini program is suspended in the background', () => {
    expect(appLifecycle.suspendsInBackground).toBe(false);
    expect(weappLifecycle.suspendsInBackground).toBe(true);
  });

  it('picks the UI language from the system language', () => {
    taroStub.setLanguage('en');
    expect(localeFor(getSystemLanguage())).toBe('en');
    taroStub.setLanguage('zh_CN');
    expect(localeFor(getSystemLanguage())).toBe('zh-CN');
    expect(localeFor('en-US')).toBe('en');
    expect(localeFor('fr-FR')).toBe('zh-CN');
    expect(localeFor('')).toBe('zh-CN');
  });
});
