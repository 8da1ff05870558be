import { onAppHide, onAppShow } from './app-events';
import type { Unsubscribe } from './app-events';

export type { Unsubscribe } from './app-events';

export interface AppLifecycle {
  onShow(listener: () => void): Unsubscribe;
  onHide(listener: () => void): Unsubscribe;
  /**
   * True where the platform suspends the app soon after it is hidden (WeChat: about 5 s, then the socket dies,
   * often without a close event), so the app should flush and close the socket itself. A browser tab keeps running.
   */
  suspendsInBackground: boolean;
}

export const appLifecycle: AppLifecycle = { onShow: onAppShow, onHide: onAppHide, suspendsInBackground: false };
