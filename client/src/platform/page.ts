import Taro, { useDidHide, useDidShow } from '@tarojs/taro';

/** Runs when the page comes on screen (first show and every return to it). */
export function usePageShow(listener: () => void): void {
  useDidShow(listener);
}

/** Runs when the page leaves the screen (another page on top, or the app hidden). */
export function usePageHide(listener: () => void): void {
  useDidHide(listener);
}

export function setPageTitle(title: string): void {
  Taro.setNavigationBarTitle({ title }).catch((error: unknown) => console.warn('[page] title not set', error));
}
