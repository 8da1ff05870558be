import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';

type Listener = (height: number) => void;
const listeners = new Set<Listener>();
let subscribed = false;

/**
 * The keyboard's height from `wx.onKeyboardHeightChange` (one global listener, shared by every subscriber), so a
 * chat page with `adjust-position={false}` on its input can lift the composer itself instead of WeChat pushing the
 * whole page, navigation bar included, up.
 */
export function useKeyboardHeight(): number {
  const [height, setHeight] = useState(0);
  useEffect(() => {
    if (!subscribed) {
      subscribed = true;
      Taro.onKeyboardHeightChange(({ height: next }) => {
        for (const listener of listeners) listener(next);
      });
    }
    listeners.add(setHeight);
    return () => {
      listeners.delete(setHeight);
    };
  }, []);
  return height;
}
