/**
 * Whether the screen is wide enough (900 px and more) for the room list and the open room side by side.
 * WeChat runs on phones: never. The web: `layout.h5.ts`.
 */
export function useWideLayout(): boolean {
  return false;
}
