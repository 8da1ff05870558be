import { onAppHide, onAppShow } from './app-events';
import type { AppLifecycle } from './lifecycle';

export type { AppLifecycle, Unsubscribe } from './lifecycle';

export const appLifecycle: AppLifecycle = { onShow: onAppShow, onHide: onAppHide, suspendsInBackground: true };
