/**
 * The on-screen keyboard's height in px, for pages that lay themselves out above it. Browsers resize the
 * viewport themselves: 0 here. WeChat: `keyboard.weapp.ts`.
 */
export function useKeyboardHeight(): number {
  return 0;
}
