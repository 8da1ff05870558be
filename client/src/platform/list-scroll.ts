import { useCallback, useRef, useState } from 'react';

/**
 * Scroll control for the message list, per platform. WeChat (this file): the scroll-view's `scroll-into-view`,
 * which only acts when its value changes and aligns the target at the top, so a kept anchor can move by less than
 * one message; the view thread owns the layout and the logic thread cannot measure it synchronously.
 * The web (`list-scroll.h5.ts`) measures and restores positions in the DOM to the pixel.
 */
export interface ListScroll {
  /** Spread onto the ScrollView. */
  scrollProps: { scrollIntoView?: string; scrollWithAnimation?: boolean };
  /** Scroll to the end once the next render is committed; `lastId` is the last row's id. */
  toBottom(lastId: string): void;
  /** Keep the row `anchorId` where it is on screen across the next render (rows added or removed above it). */
  keep(anchorId: string): void;
  /** Bring the row `anchorId` into view once the next render is committed (opening a room at a message, a jump to a quoted one). */
  reveal(anchorId: string): void;
  /** Call in a layout effect after every render. */
  afterRender(): void;
  /** Distance from the bottom in px when the platform can measure it synchronously, otherwise null. */
  distanceFromBottom(): number | null;
}

export function useListScroll(_listId: string): ListScroll {
  const [target, setTarget] = useState('');
  const last = useRef('');
  const toBottom = useCallback((lastId: string) => {
    // An unchanged value is ignored by WeChat: alternate with the sentinel below the last row.
    const next = last.current === lastId ? 'list-end' : lastId;
    last.current = next;
    setTarget(next);
  }, []);
  const keep = useCallback((anchorId: string) => {
    last.current = anchorId;
    setTarget(anchorId);
  }, []);
  return {
    scrollProps: { scrollIntoView: target, scrollWithAnimation: false },
    toBottom,
    keep,
    // scroll-into-view aligns the row at the top, as keeping an anchor does.
    reveal: keep,
    afterRender: () => undefined,
    distanceFromBottom: () => null,
  };
}
