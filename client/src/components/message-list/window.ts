/**
 * Which slice of a room's messages the list renders. Rendering every held message made one WeChat `setData` pass
 * 1 MB at about 2,000 messages (issue 10); a slice keeps the rendered rows, and each update, small whatever the
 * room's size.
 *
 * Following the bottom, the slice starts on a `FOLLOW_STEP` boundary, so it grows with new messages and drops its
 * oldest `FOLLOW_STEP` at once instead of one row per message (on WeChat a removed first child re-sends the list).
 * Scrolled up, the slice is pinned to its first and last keys: new messages do not enter it, they count towards
 * the "N new messages" pill.
 */
export type MessageWindow = { follow: true } | { follow: false; firstKey: string; lastKey: string };

/** Messages shown when following the bottom: between FOLLOW_MIN and FOLLOW_MIN + FOLLOW_STEP. */
export const FOLLOW_MIN = 40;
export const FOLLOW_STEP = 40;
/** Messages added per page when scrolling, and the most a pinned slice holds. */
export const PAGE = 40;
export const MAX_RENDERED = 120;

export const following: MessageWindow = { follow: true };

export interface Range {
  start: number;
  /** Exclusive. */
  end: number;
}

export function windowRange(keys: readonly string[], window: MessageWindow): Range {
  const length = keys.length;
  if (window.follow) {
    return { start: Math.max(0, Math.floor((length - FOLLOW_MIN) / FOLLOW_STEP) * FOLLOW_STEP), end: length };
  }
  const first = keys.indexOf(window.firstKey);
  const last = keys.indexOf(window.lastKey);
  // A key gone (trimmed, or replaced by its stored copy under the same key: keys are stable) falls back to the ends.
  const start = first < 0 ? Math.max(0, length - FOLLOW_MIN) : first;
  const end = last < start ? length : last + 1;
  return { start, end };
}

/** A pinned slice with `key` in its middle (opening a room at a message). */
export function around(keys: readonly string[], key: string): MessageWindow {
  const index = Math.max(0, keys.indexOf(key));
  const start = Math.max(0, index - PAGE / 2);
  const end = Math.min(keys.length, index + PAGE / 2 + 1);
  return { follow: false, firstKey: keys[start] ?? '', lastKey: keys[end - 1] ?? '' };
}

/** One page further up, trimming the bottom past MAX_RENDERED; null when the held messages are all shown. */
export function pageOlder(keys: readonly string[], window: MessageWindow): MessageWindow | null {
  const { start, end } = windowRange(keys, window);
  if (start === 0) return null;
  const newStart = Math.max(0, start - PAGE);
  const newEnd = Math.min(end, newStart + MAX_RENDERED);
  return { follow: false, firstKey: keys[newStart] ?? '', lastKey: keys[newEnd - 1] ?? '' };
}

/**
 * One page further down, trimming the top past MAX_RENDERED; following once it reaches the newest. When newer
 * messages are not held (`hasNewer`), it stops pinned at the last held one: the next page comes from the server.
 */
export function pageNewer(keys: readonly string[], window: MessageWindow, hasNewer = false): MessageWindow {
  if (window.follow) return window;
  const { start, end } = windowRange(keys, window);
  const newEnd = Math.min(keys.length, end + PAGE);
  const newStart = Math.max(start, newEnd - MAX_RENDERED);
  if (newEnd >= keys.length && !hasNewer) return following;
  return { follow: false, firstKey: keys[newStart] ?? '', lastKey: keys[newEnd - 1] ?? '' };
}

/** Messages below the slice: what the "N new messages" pill counts, with the newer ones not held (`notHeld`). */
export function newerHidden(keys: readonly string[], window: MessageWindow, notHeld = 0): number {
  return keys.length - windowRange(keys, window).end + notHeld;
}
