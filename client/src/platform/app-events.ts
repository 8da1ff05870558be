import Taro from '@tarojs/taro';

export type Unsubscribe = () => void;

// Shared by lifecycle.ts and lifecycle.weapp.ts. Taro resolves `./lifecycle` to the platform file even from
// inside lifecycle.weapp.ts, so the code both need lives here.

export function onAppShow(listener: () => void): Unsubscribe {
  const callback = () => listener();
  Taro.onAppShow(callback);
  return () => Taro.offAppShow(callback);
}

export function onAppHide(listener: () => void): Unsubscribe {
  const callback = () => listener();
  Taro.onAppHide(callback);
  return () => Taro.offAppHide(callback);
}
