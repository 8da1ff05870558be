import Taro from '@tarojs/taro';

/** The system language as the platform reports it: `zh_CN` on WeChat, `en-US` in a browser. */
export function getSystemLanguage(): string {
  try {
    const info = typeof Taro.getAppBaseInfo === 'function' ? Taro.getAppBaseInfo() : Taro.getSystemInfoSync();
    return info.language || '';
  } catch (error) {
    console.warn('[system] language unavailable', error);
    return '';
  }
}
