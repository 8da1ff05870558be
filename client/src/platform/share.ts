import Taro, { useShareAppMessage } from '@tarojs/taro';

/** A mini program share card: its title, the page path it opens, and optionally a better card to come. */
export interface ShareCard {
  title: string;
  /** Starts with `/`: the page and its query, e.g. `/pages/chat/index?roomId=..&invite=..`. */
  path: string;
  /** WeChat waits up to 3 s for it, then shares `title` and `path` as they are. */
  promise?: Promise<{ title: string; path: string }>;
}

/**
 * The page's "forward" card (WeChat's onShareAppMessage: the menu's forward item and `<Button openType="share">`).
 * The page's config must say `enableShareAppMessage: true`. Nothing calls it on the web.
 */
export function useShareCard(build: () => ShareCard): void {
  useShareAppMessage(build);
}

/** The web address of an in-app path (the app routes by hash: `/#/pages/...`). */
export function webUrl(path: string): string {
  return `${location.origin}/#${path}`;
}

/** Copies text to the clipboard; false when the browser refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
    } else {
      // Plain-http pages have no navigator.clipboard; Taro falls back to execCommand('copy').
      await Taro.setClipboardData({ data: text });
    }
    return true;
  } catch (error) {
    console.warn('[share] copying to the clipboard failed', error);
    return false;
  }
}
